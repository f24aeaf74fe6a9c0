"""The replay reader never opens a path outside the fixture folder or recording it was given.

Every file the process opens while a recording loads is watched through a
Python audit hook (``open`` events, PEP 578), so a test sees what was
actually opened, not what the code means to open.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fanwen_runner import fanwen
from webarchive_helpers import RecordedResponse, write_warc

from crawler.webarchive import RecordingError, open_recording

SECRET = "TOP-SECRET-CONTENT"
_opened: list[str] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        _opened.append(os.path.realpath(os.fsdecode(args[0])))


sys.addaudithook(_audit)  # hooks cannot be removed; this one records only inside opened_files()


@contextmanager
def opened_files() -> Iterator[list[str]]:
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


def fixture_folder(tmp_path: Path, file: str) -> Path:
    """A fixture folder whose one page is ``file``, beside a secret file outside it."""
    (tmp_path / "secret.html").write_text(f"<html><body>{SECRET}</body></html>")
    folder = tmp_path / "site"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "index.html").write_text("<html><body>首页</body></html>")
    manifest = {"base_url": "http://a.test/", "pages": [{"path": "/", "file": file}]}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def symlinked_file(folder: Path) -> str:
    (folder / "pages" / "link.html").symlink_to(folder.parent / "secret.html")
    return "pages/link.html"


def symlinked_folder(folder: Path) -> str:
    (folder.parent / "outside").mkdir()
    (folder.parent / "outside" / "secret.html").write_text(SECRET)
    (folder / "linked").symlink_to(folder.parent / "outside")
    return "linked/secret.html"


def symlinked_manifest(folder: Path) -> str:
    outside = folder.parent / "manifest.json"
    (folder / "manifest.json").rename(outside)
    (folder / "manifest.json").symlink_to(outside)
    return "pages/index.html"


ESCAPES: dict[str, tuple[str | Callable[[Path], str], str]] = {
    "dot_dot": ("../secret.html", "file '../secret.html' must be a relative path without '..'"),
    "dot_dot_inside": (
        "pages/../../secret.html",
        "file 'pages/../../secret.html' must be a relative path without '..'",
    ),
    "absolute": ("{secret}", "file '{secret}' must be a relative path without '..'"),
    "nul_byte": ("pages/index.html\0../../secret.html", "is not a path (NUL byte)"),
    "symlinked_file": (symlinked_file, "resolves outside the fixture folder"),
    "symlinked_folder": (symlinked_folder, "resolves outside the fixture folder"),
    "symlinked_manifest": (
        symlinked_manifest,
        "manifest.json: resolves outside the fixture folder",
    ),
}


def escaping_folder(tmp_path: Path, case: str) -> tuple[Path, str]:
    """A fixture folder trying ``case``, and the refusal it must meet."""
    file, refusal = ESCAPES[case]
    secret = str(tmp_path / "secret.html")
    if isinstance(file, str):
        folder = fixture_folder(tmp_path, file.format(secret=secret))
    else:
        folder = fixture_folder(tmp_path, "pages/index.html")
        page = file(folder)
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["pages"][0]["file"] = page
        (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder, refusal.format(secret=secret)


@pytest.mark.parametrize("case", ESCAPES)
def test_replay_refuses_a_path_out_of_its_folder(tmp_path: Path, case: str) -> None:
    folder, refusal = escaping_folder(tmp_path, case)
    with opened_files() as opened, pytest.raises(RecordingError) as refused:
        open_recording(folder)
    assert refusal in str(refused.value)
    assert "\n" not in str(refused.value)
    root = os.path.realpath(folder)
    assert [path for path in opened if not path.startswith(root + os.sep)] == []


@pytest.mark.parametrize("case", ["dot_dot", "symlinked_file", "symlinked_manifest"])
def test_fanwen_crawl_refuses_the_folder_in_one_line(tmp_path: Path, case: str) -> None:
    folder, refusal = escaping_folder(tmp_path, case)
    run = fanwen("crawl", "--replay", str(folder), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert run.returncode == 2
    assert refusal in run.stderr
    assert SECRET not in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "a.db").exists()


def test_a_recording_inside_the_folder_opens_only_its_own_files(tmp_path: Path) -> None:
    folder = fixture_folder(tmp_path, "pages/index.html")
    with opened_files() as opened:
        site = open_recording(folder)
    assert site.lookup("http://a.test/") is not None
    assert sorted(set(opened)) == sorted(
        os.path.realpath(folder / name) for name in ("manifest.json", "pages/index.html")
    )


def test_a_warc_replay_opens_only_the_warc(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc", [RecordedResponse("http://a.test/1.html")])
    with opened_files() as opened:
        recording = open_recording(warc)
        assert recording.lookup("http://a.test/") is None
        assert recording.lookup("http://a.test/1.html") is not None
    assert set(opened) == {os.path.realpath(warc)}
