"""What a run fetches when the archive already holds essays of the site.

Incremental by default: an archived essay is not fetched again until it is
older than ``ARCHIVE_REFRESH_AFTER_DAYS``; then it is refetched from the
archive's own list of URLs (an essay deleted from the site's lists is still
checked, and marked gone when it answers 404), sending the validators its
last answer gave. An essay found gone is checked again on the same terms,
counted from when it was found gone (``--full``: now). List pages are
walked newest first, one after another, and a category stops after
``ARCHIVE_STOP_AFTER_KNOWN`` consecutive list pages with no unseen essay --
but only once a previous run of the same job walked the whole site: after
an interrupted run every list page is walked again, so nothing the
interrupted run never reached is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from scrapy.settings import BaseSettings

from crawler.failures import is_settled
from storage.database import make_engine, resolve_db_url, session_factory
from storage.known import KnownEssay, known_essays, settled_failures
from storage.runs import previous_run


@dataclass
class RefreshPlan:
    known: dict[str, KnownEssay] = field(default_factory=dict)
    # URLs whose last answer was a settled failure (a 404, a page that is no essay).
    failed: dict[str, datetime] = field(default_factory=dict)
    # Essays last fetched before this instant are due for a refresh.
    refresh_before: datetime | None = None
    # None: walk every list page of every category.
    stop_after_known: int | None = None

    def skip(self, url: str) -> bool:
        """An archived essay (due ones come from the plan), or a settled failure not yet due."""
        if url in self.known:
            return True
        failed_at = self.failed.get(url)
        return failed_at is not None and (
            self.refresh_before is None or failed_at >= self.refresh_before
        )

    def due_urls(self) -> list[str]:
        """Archived essays last checked before ``refresh_before``: the gone ones too, as
        a page deleted (or a maintenance message) may come back; found again, it is
        no longer gone."""
        if self.refresh_before is None:
            return []
        before = self.refresh_before
        return sorted(url for url, essay in self.known.items() if essay.checked_at < before)

    def for_shared_crawl(self) -> RefreshPlan:
        """The plan of one worker of a shared (Redis) crawl: skip what is archived,
        refresh nothing (every worker would fetch every due essay) and walk every
        list page (a category's list pages are spread over the workers)."""
        return replace(self, refresh_before=None, stop_after_known=None)

    def conditional_headers(self, url: str) -> dict[str, str]:
        essay = self.known.get(url)
        headers = {}
        if essay is not None and essay.etag:
            headers["If-None-Match"] = essay.etag
        if essay is not None and essay.last_modified:
            headers["If-Modified-Since"] = essay.last_modified
        return headers


def load_plan(settings: BaseSettings, run_id: int | None, now: datetime) -> RefreshPlan:
    """The plan for this run, read from the archive the store pipeline opened."""
    engine = make_engine(resolve_db_url(setting=settings.get("ARCHIVE_DB_URL")))
    try:
        with session_factory(engine)() as session:
            known = known_essays(session)
            failed = settled_failures(session, is_settled)
            job = settings.get("ARCHIVE_JOB")
            previous = previous_run(session, job, run_id) if run_id is not None else None
            walked_all = previous is not None and previous.finish_reason == "finished"
    finally:
        engine.dispose()
    if settings.getbool("ARCHIVE_FULL"):
        return RefreshPlan(known, refresh_before=now, stop_after_known=None)
    days = settings.getfloat("ARCHIVE_REFRESH_AFTER_DAYS", 30.0)
    stop_after = settings.getint("ARCHIVE_STOP_AFTER_KNOWN", 2)
    return RefreshPlan(
        known,
        failed,
        refresh_before=now - timedelta(days=days) if days > 0 else now,
        stop_after_known=stop_after if walked_all and stop_after > 0 else None,
    )
