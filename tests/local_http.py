"""Local servers for tests: a free port on 127.0.0.1, a GET, and `fanwen serve` on an archive."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_get(url: str) -> tuple[int, str]:
    """The status and the body (UTF-8) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@contextmanager
def served_archive(archive: Path, wait_seconds: float = 30) -> Iterator[str]:
    """`fanwen serve` on a SQLite archive file; its base URL once Datasette answers."""
    port = free_port()
    command = ["serve", "--db", f"sqlite:///{archive}", "--port", str(port)]
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", *command],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                if http_get(f"{base}/-/versions.json")[0] == 200:
                    break
            except OSError as refused:
                if time.monotonic() > deadline:
                    message = f"fanwen serve did not answer within {wait_seconds} s"
                    raise RuntimeError(message) from refused
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(10)
