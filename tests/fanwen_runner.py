"""Running the real ``fanwen`` command in a child process, as people do.

A Twisted reactor cannot be restarted, so every crawl gets its own process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
# A local server is not a site to be polite to; tests say so explicitly.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def fanwen(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> Run:
    environment = {**os.environ, **(env or {})}
    completed = subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def export(db_url: str) -> list[dict[str, Any]]:
    run = fanwen("export", "--db", db_url, "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def by_path(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records keyed by URL path, URLs made host-free: the same site on any host."""
    keyed = {}
    for record in records:
        record = dict(record)
        for field in ("url", "duplicate_of"):
            if record[field]:
                record[field] = urlsplit(record[field]).path
        keyed[record["url"]] = record
    return keyed
