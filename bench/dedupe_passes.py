"""A timed pass of new essays through the dedupe step, and its SQL time.

Each essay fingerprinted (what DedupePipeline does), each batch of
BATCH_SIZE stored in one store_essays call and transaction (what
StorePipeline does); StatementLog: the SQL time per statement kind.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dedupe_essays import fingerprint
from dedupe_new_essays import EXPECTED_LINK, NewEssay, essay_record
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from crawler import minhash
from storage.archive import store_essays
from storage.dedupe import NearRule

BATCH_SIZE = 100
# The first table a statement names: SELECT ... FROM t, INSERT INTO t, UPDATE t.
_TABLE_RE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)')


class CountingSimilarity:
    """minhash.jaccard, counting its calls and their time: the near-copy checks."""

    def __init__(self) -> None:
        self.calls = 0
        self.seconds = 0.0

    def __call__(self, text_a: str, text_b: str) -> float:
        start = time.perf_counter()
        try:
            return minhash.jaccard(text_a, text_b)
        finally:
            self.calls += 1
            self.seconds += time.perf_counter() - start


@dataclass
class Pass:
    fingerprint_ms: list[float] = field(default_factory=list)
    link_ms: list[float] = field(default_factory=list)
    commit_ms: list[float] = field(default_factory=list)
    body_bytes: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    as_expected: int = 0
    # "near -> None (Jaccard 0.79)": a copy's real similarity to its original says why.
    unexpected: Counter[str] = field(default_factory=Counter)
    similarity: CountingSimilarity = field(default_factory=CountingSimilarity)


def _unexpected(essay: NewEssay, link: str | None) -> str:
    if essay.original is None:
        return f"{essay.kind} -> {link}"
    return f"{essay.kind} -> {link} (Jaccard {minhash.jaccard(essay.original, essay.text):.3f})"


def run_pass(
    sessions: sessionmaker[Session],
    essays: Sequence[NewEssay],
    commit: bool,
    clock: Callable[[], float] = time.thread_time,
) -> Pass:
    """Fingerprint each essay, then store each BATCH_SIZE in one store_essays call and transaction.

    The store is timed per batch (what StorePipeline does): each essay's
    link time is its batch's time over its batch's size.
    """
    result = Pass()
    near = NearRule(result.similarity, minhash.THRESHOLD, minhash.stored_band_keys)
    for start in range(0, len(essays), BATCH_SIZE):
        batch = essays[start : start + BATCH_SIZE]
        records = []
        for essay in batch:
            began = clock()
            essay_fingerprint = fingerprint(essay.text)
            result.fingerprint_ms.append((clock() - began) * 1e3)
            records.append(essay_record(essay, essay_fingerprint))
            result.body_bytes.append(len(essay.text.encode("utf-8")))
            result.kinds.append(essay.kind)
        with sessions() as session:
            session.begin()
            linking = clock()
            stored = store_essays(session, records, None, near)
            result.link_ms.extend([(clock() - linking) * 1e3 / len(batch)] * len(batch))
            # A commit waits on the disk: always wall time.
            ending = time.perf_counter()
            if commit:
                session.commit()
            else:
                session.rollback()
            result.commit_ms.append((time.perf_counter() - ending) * 1e3)
        for essay, outcome in zip(batch, stored, strict=True):
            if outcome.duplicate_kind == EXPECTED_LINK[essay.kind]:
                result.as_expected += 1
            else:
                result.unexpected[_unexpected(essay, outcome.duplicate_kind)] += 1
    return result


class StatementLog:
    """SQL time per statement kind ("SELECT minhash_bands"), from the engine's cursor events.

    Attached for one extra, rolled-back pass only: what store_essays asks the
    database, whatever its code is, and how long SQLite takes to answer; the
    rest of the link time is Python (the ORM, zlib, the Jaccard checks).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.count: Counter[str] = Counter()
        self.candidate_query: tuple[str, Any] | None = None
        self._began = 0.0

    def __enter__(self) -> StatementLog:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc_info: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, *args: Any) -> None:
        self._began = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        elapsed = time.perf_counter() - self._began
        table = _TABLE_RE.search(statement)
        kind = f"{statement.split(None, 1)[0]} {table.group(1) if table else '?'}"
        self.seconds[kind] += elapsed
        self.count[kind] += 1
        if kind == "SELECT minhash_bands" and self.candidate_query is None:
            self.candidate_query = (statement, parameters)

    def candidate_plan(self) -> list[str]:
        """SQLite's plan for the first near-copy candidate query seen."""
        if self.candidate_query is None:
            return []
        statement, parameters = self.candidate_query
        with self.engine.connect() as connection:
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [str(row[-1]) for row in rows]

    def per_essay(self, essays: int) -> dict[str, Any]:
        return {
            "sql_ms": round(sum(self.seconds.values()) * 1e3 / essays, 4),
            "statements": round(sum(self.count.values()) / essays, 2),
            "by_statement_ms": {
                kind: round(seconds * 1e3 / essays, 4)
                for kind, seconds in sorted(self.seconds.items(), key=lambda item: -item[1])
            },
        }
