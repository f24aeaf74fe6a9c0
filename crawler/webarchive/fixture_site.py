"""A fixture site: saved pages in a folder, described by ``manifest.json``.

::

    {"base_url": "http://www.renrenfanwen.test/",
     "pages": [
       {"path": "/", "status": 200, "headers": {"Content-Type": "text/html"},
        "file": "pages/index.html", "encode": "gbk"},
       {"path": "/html/1.html", "status": 301, "headers": {"Location": "/dangjian/1.html"}}
     ]}

``path`` is the URL path plus query on the base URL's host. ``file`` is
relative to the manifest's folder; with ``encode`` it is read as UTF-8 text and
served encoded with that codec (the site serves GBK, see SITE.md "Encoding"),
without it its bytes are served as they are (a gzip-compressed page, a .doc).
No ``file`` means an empty body. ``status`` defaults to 200, ``headers`` to none.

Every body is read and encoded at load time, so that a bad entry fails there,
with one line naming it, and not in the middle of a crawl; a fixture site is
small (a 30-page site loads in a few milliseconds). A manifest never reaches
outside its folder: ``..``, absolute paths and symlinks leading out are refused.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

from w3lib.url import safe_url_string

from crawler.webarchive.stored import RecordingError, StoredResponse

MANIFEST_NAME = "manifest.json"
PAGE_KEYS = frozenset({"path", "status", "headers", "file", "encode"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class FixtureError(RecordingError):
    """A fixture folder or its manifest is unusable; the message is one line."""


@dataclass(frozen=True)
class FixtureSite:
    base_url: str
    # path+query (as escaped by safe_url_string) -> response
    responses: dict[str, StoredResponse]
    # Answer for any scheme, host and port: a site served over HTTP on
    # 127.0.0.1 is asked for its pages under the server's own address.
    any_host: bool = False

    @classmethod
    def load(cls, folder: str | os.PathLike[str], *, any_host: bool = False) -> FixtureSite:
        # Messages name the folder as given; containment checks use its real path.
        manifest_path = Path(folder) / MANIFEST_NAME
        root = Path(folder).resolve()
        if not manifest_path.resolve().is_relative_to(root):
            raise FixtureError(f"{manifest_path}: resolves outside the fixture folder")
        manifest = _read_manifest(manifest_path)
        base_url = manifest["base_url"]
        responses: dict[str, StoredResponse] = {}
        for index, entry in enumerate(manifest["pages"]):
            where = f"{manifest_path}: pages[{index}]"
            path, response = _load_page(root, entry, where)
            key = _path_key(urljoin(base_url, path))
            if key in responses:
                raise FixtureError(f"{where}: duplicate path {path!r}")
            responses[key] = response
        return cls(base_url, responses, any_host)

    @property
    def start_urls(self) -> list[str]:
        return [self.base_url]

    def lookup(self, url: str) -> StoredResponse | None:
        if not self.any_host and _origin(url) != _origin(self.base_url):
            return None
        return self.responses.get(_path_key(url))


def _read_manifest(manifest_path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(f"{manifest_path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise FixtureError(f"{manifest_path}: {exc}") from None
    if not (
        isinstance(manifest, dict)
        and isinstance(manifest.get("base_url"), str)
        and isinstance(manifest.get("pages"), list)
    ):
        raise FixtureError(f"{manifest_path}: expected an object with base_url and pages")
    return manifest


def _load_page(root: Path, entry: object, where: str) -> tuple[str, StoredResponse]:
    if not isinstance(entry, dict):
        raise FixtureError(f"{where}: expected an object")
    # A misspelt key ("encoding" for "encode") would silently serve the wrong
    # bytes; refuse it instead.
    unknown = sorted(set(entry) - PAGE_KEYS)
    if unknown:
        raise FixtureError(f"{where}: unknown key(s) {', '.join(unknown)}")
    path = entry.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise FixtureError(f"{where}: path must be a string starting with '/'")
    status = entry.get("status", 200)
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise FixtureError(f"{where}: status must be an HTTP status code")
    headers = entry.get("headers", {})
    if not isinstance(headers, dict) or not all(
        isinstance(name, str) and isinstance(value, str) for name, value in headers.items()
    ):
        raise FixtureError(f"{where}: headers must map strings to strings")
    file = entry.get("file")
    encode = entry.get("encode")
    if not isinstance(file, str | None) or not isinstance(encode, str | None):
        raise FixtureError(f"{where}: file and encode must be strings")
    if encode is not None and file is None:
        raise FixtureError(f"{where}: encode without file")
    body = b"" if file is None else _read_body(root, file, encode, where)
    return path, StoredResponse(status, dict(headers), body)


def _read_body(root: Path, file: str, encode: str | None, where: str) -> bytes:
    if "\0" in file:
        raise FixtureError(f"{where}: file {file!r} is not a path (NUL byte)")
    relative = PurePosixPath(file)
    if relative.is_absolute() or ".." in relative.parts:
        raise FixtureError(f"{where}: file {file!r} must be a relative path without '..'")
    resolved = (root / relative).resolve()
    if not resolved.is_relative_to(root):
        raise FixtureError(f"{where}: file {file!r} resolves outside the fixture folder")
    try:
        raw = resolved.read_bytes()
    except OSError as exc:
        raise FixtureError(f"{where}: file {file!r}: {exc.strerror}") from None
    if encode is None:
        return raw
    try:
        return raw.decode("utf-8").encode(encode)
    except LookupError:
        raise FixtureError(f"{where}: unknown codec {encode!r}") from None
    except UnicodeError as exc:
        raise FixtureError(f"{where}: file {file!r}: {exc}") from None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port or DEFAULT_PORTS.get(parts.scheme)


def _path_key(url: str) -> str:
    # Escape both the manifest's paths and the looked-up URLs the way Scrapy
    # escapes request URLs, so "/搜索?q=党建" matches its %-encoded request.
    parts = urlsplit(safe_url_string(url))
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path
