"""A named crawl job: its lock and its saved frontier (Scrapy's JOBDIR).

``jobs/NAME/lock`` is held with ``flock`` for the whole run, so two runs of a
job never overlap (the kernel releases it when the process dies, even by
``kill -9``). ``jobs/NAME/state`` is the JOBDIR: a run paused by SIGINT or
SIGTERM saves its queue there and the next run resumes it. A run killed
outright cannot save a consistent queue, and Scrapy would resume from a
"seen" list whose requests were never fetched; ``jobs/NAME/running`` marks
a run in progress, and when the next run finds it, the saved state is
discarded: that run walks the lists again and skips what the archive holds,
so the essays the killed run had queued are fetched, and nothing twice.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

JOB_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class JobLocked(RuntimeError):
    """Another run of the job holds its lock."""


class JobNameError(ValueError):
    pass


@dataclass(frozen=True)
class Job:
    name: str
    folder: Path
    # True when the previous run died without ending: its frontier was dropped.
    recovered: bool

    @property
    def state_dir(self) -> Path:
        return self.folder / "state"

    def clear_state(self) -> None:
        shutil.rmtree(self.state_dir, ignore_errors=True)


def job_folder(jobs_dir: Path, name: str) -> Path:
    if not JOB_NAME.match(name):
        raise JobNameError(f"job name {name!r}: use letters, digits, '.', '_' or '-'")
    return jobs_dir / name


@contextmanager
def running_job(jobs_dir: Path, name: str) -> Iterator[Job]:
    """Hold the job's lock for the block; recover from a run that was killed."""
    folder = job_folder(jobs_dir, name)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            raise JobLocked(
                f"another run of job {name!r} is running (pid {holder}); this one does not start"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        marker = folder / "running"
        recovered = marker.exists()
        job = Job(name, folder, recovered)
        if recovered:
            job.clear_state()
        marker.write_text(f"{os.getpid()}\n")
        try:
            yield job
        finally:
            marker.unlink(missing_ok=True)
