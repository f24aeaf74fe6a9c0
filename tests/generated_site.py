"""A synthetic site of N essays (bench/site_generator.py), served over HTTP on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fanwen_runner import REPO

GENERATOR = str(REPO / "bench" / "site_generator.py")


@contextmanager
def served_generated_site(folder: Path, essays: int) -> Iterator[str]:
    """Generate the site into ``folder`` and serve it; yields its base URL."""
    subprocess.run(
        [sys.executable, GENERATOR, "generate", str(folder), "--essays", str(essays)],
        check=True,
        capture_output=True,
    )
    with subprocess.Popen(
        [sys.executable, GENERATOR, "serve", str(folder / "www"), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            yield server.stdout.readline().split()[-1]  # "serving ROOT on URL"
        finally:
            server.terminate()
