"""Linking copies to one canonical essay, in the database.

The dedupe index lives in two tables: ``canonical_hashes`` (content hash ->
the article that is canonical for it; its primary key makes two concurrent
writers of one text agree) and ``minhash_bands`` (LSH band keys of canonical
essays, indexed, so near-copy candidates are an index lookup, not a scan).

Which copy is canonical does not depend on crawl order: it is the one with
the smallest URL. A later essay with a smaller URL takes the cluster over.
That makes a crawl, its replay, a crawl in two halves and several workers
end with the same clusters.

A batch of essays is linked with a handful of statements: one claim of all
its content hashes, one lookup of all its band keys, one read of the
candidates, then one write per table. The decisions in between are made in
memory, essay by essay in URL order, on a view of the index that each
decision updates, so copies of each other within one batch link as they
would one transaction at a time. Callers hold the writer lock
(storage.dialect.serialize_writers) so that no other writer changes the
index between the read and the write.

The content hash only proposes an exact copy: it drops punctuation, symbols
and signs and folds full-width forms, so "15亿元" and "1.5亿元", "-5℃" and
"5℃" hash alike. An essay is an exact copy, stored without a body of its own,
only when its body is the canonical's text up to whitespace (``same_text``).
Another text under the same hash goes on to the near-copy rule, which keeps
its body; if it is near nothing it is canonical in its own right, and the
hash's row stays with the text that claimed it first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.bulk import insert_rows, table_of, update_rows
from storage.dialect import in_integers, serialize_writers, upsert
from storage.models import Article, CanonicalHash, MinhashBand

Similarity = Callable[[str, str], float]

_WHITESPACE = re.compile(r"\s+")


def same_text(body_a: str, body_b: str) -> bool:
    """Whether two cleaned bodies are one text: only whitespace (it carries no meaning) differs."""
    return _WHITESPACE.sub("", body_a) == _WHITESPACE.sub("", body_b)


@dataclass(frozen=True)
class NearRule:
    """How near copies are confirmed (the real similarity of two bodies, and the bar),
    and the band keys of a stored signature (an essay linked again after its canonical changed).
    """

    similarity: Similarity
    threshold: float
    band_keys: Callable[[bytes], Sequence[int]]


@dataclass(frozen=True)
class NearMatching:
    """One essay's band keys with the rule (the single-essay form of ``link_essay``)."""

    band_keys: list[int]
    similarity: Similarity
    threshold: float


@dataclass(frozen=True)
class Linkable:
    """An essay to link, its row already written with its body and no link."""

    article_id: int
    url: str
    content_hash: str
    body: str
    band_keys: Sequence[int] = ()


@dataclass(frozen=True)
class Link:
    canonical_id: int | None  # None: the article is canonical itself
    kind: str | None = None
    similarity: float | None = None
    canonical_url: str | None = None


@dataclass
class _Node:
    """An article as the linker sees it; ``dirty`` when its link must be written."""

    id: int
    url: str
    content_hash: str
    body: str | None
    duplicate_of_id: int | None = None
    duplicate_kind: str | None = None
    similarity: float | None = None
    dirty: bool = False


_NODE_COLUMNS = (
    Article.id,
    Article.url,
    Article.content_hash,
    Article.body,
    Article.duplicate_of_id,
    Article.duplicate_kind,
    Article.similarity,
)


def link_essays(
    session: Session, essays: Sequence[Linkable], near: NearRule | None
) -> dict[int, Link]:
    """Make each essay canonical or a copy; re-point clusters they take over."""
    if not essays:
        return {}
    serialize_writers(session)
    linker = _BatchLinker(session, near)
    linker.prepare(essays)
    links = {essay.article_id: linker.link(essay) for essay in sorted(essays, key=_by_url)}
    linker.write()
    return links


def link_essay(session: Session, article: Article, body: str, near: NearMatching | None) -> Link:
    """``link_essays`` for one ORM article (fanwen dedupe --rebuild)."""
    session.flush()
    essay = Linkable(
        article.id, article.url, article.content_hash, body, near.band_keys if near else ()
    )
    rule = NearRule(near.similarity, near.threshold, _no_stored_bands) if near else None
    link = link_essays(session, [essay], rule)[article.id]
    # The row was written through Core: reload it on next access.
    session.expire(article)
    return link


def _no_stored_bands(_signature: bytes) -> Sequence[int]:
    # A single essay links with its own band keys; no other essay is re-linked.
    return ()


def _same_text(node: _Node, canonical: _Node) -> bool:
    """Whether ``node`` is an exact copy of ``canonical``'s body as this batch has left it."""
    return (
        node.body is not None
        and canonical.body is not None
        and same_text(node.body, canonical.body)
    )


def _by_url(essay: Linkable) -> str:
    return essay.url


@dataclass
class _BatchLinker:
    session: Session
    near: NearRule | None
    nodes: dict[int, _Node] = field(default_factory=dict)
    owners: dict[str, int] = field(default_factory=dict)
    # (band, key) -> ids of canonical articles indexed under it.
    bands: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    new_bands: dict[int, Sequence[int]] = field(default_factory=dict)
    dropped_bands: set[int] = field(default_factory=set)
    moved_hashes: dict[str, int] = field(default_factory=dict)

    # -- reading the index, once per batch ---------------------------------------
    def prepare(self, essays: Sequence[Linkable]) -> None:
        for essay in essays:
            self.nodes[essay.article_id] = _Node(
                essay.article_id, essay.url, essay.content_hash, essay.body
            )
        self._claim_hashes(essays)
        candidate_ids = self._read_bands(essays) if self.near is not None else set()
        self._load(set(self.owners.values()) | candidate_ids)

    def _claim_hashes(self, essays: Sequence[Linkable]) -> None:
        """The smallest URL of the batch claims each new text; the database says who won."""
        claimants: dict[str, int] = {}
        for essay in sorted(essays, key=_by_url):
            claimants.setdefault(essay.content_hash, essay.article_id)
        table = table_of(CanonicalHash)
        statement = (
            upsert(self.session, table)
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(table.c.content_hash, table.c.article_id)
        )
        claimed = self.session.execute(
            statement, [{"content_hash": h, "article_id": i} for h, i in claimants.items()]
        )
        self.owners = {content_hash: owner for content_hash, owner in claimed}
        taken = [content_hash for content_hash in claimants if content_hash not in self.owners]
        if taken:
            self.owners.update(
                self.session.execute(
                    select(CanonicalHash.content_hash, CanonicalHash.article_id).where(
                        CanonicalHash.content_hash.in_(taken)
                    )
                ).all()
            )

    def _read_bands(self, essays: Sequence[Linkable]) -> set[int]:
        wanted = {(band, key) for essay in essays for band, key in enumerate(essay.band_keys)}
        if not wanted:
            return set()
        # "key IN (...)" is one probe of the (key, band) index per key; a
        # row-value "(band, key) IN (...)" is not indexable on SQLite.
        rows = self.session.execute(
            select(MinhashBand.band, MinhashBand.key, MinhashBand.article_id).where(
                in_integers(self.session, MinhashBand.key, {key for _, key in wanted})
            )
        )
        found: set[int] = set()
        for band, key, article_id in rows:
            if (band, key) in wanted:
                self.bands.setdefault((band, key), set()).add(article_id)
                found.add(article_id)
        return found

    def _load(self, ids: Iterable[int]) -> None:
        missing = [article_id for article_id in ids if article_id not in self.nodes]
        if not missing:
            return
        for row in self.session.execute(select(*_NODE_COLUMNS).where(Article.id.in_(missing))):
            self.nodes[row.id] = _Node(*row)

    def _node(self, article_id: int) -> _Node:
        self._load([article_id])
        return self.nodes[article_id]

    # -- deciding, in memory ---------------------------------------------------------------
    def link(self, essay: Linkable) -> Link:
        node = self.nodes[essay.article_id]
        owner = self._node(self.owners[essay.content_hash])
        if owner.id != node.id:
            if owner.duplicate_of_id is not None:
                return self._join_owners_cluster(node, owner, owner.duplicate_of_id, essay)
            if _same_text(node, owner):
                if node.url < owner.url:
                    self._take_over(node, owner, "exact", 1.0, essay.band_keys)
                    return Link(None)
                return self._copy_of(node, owner, "exact", 1.0)
            # Same hash, another text (a decimal point, a sign): only the near rule may link it.
        if self.near is not None and essay.band_keys:
            match = self._nearest(node, essay.band_keys, self.near)
            if match is not None:
                canonical, similarity = match
                if node.url < canonical.url:
                    self._take_over(node, canonical, "near", similarity, essay.band_keys)
                    return Link(None)
                return self._copy_of(node, canonical, "near", similarity)
            self._index_bands(node.id, essay.band_keys)
        return Link(None)

    def _join_owners_cluster(
        self, node: _Node, owner: _Node, canonical_id: int, essay: Linkable
    ) -> Link:
        """The hash's owner is a near copy: the smallest URL still wins the cluster.

        Nothing here makes the essay an exact copy (it keeps its body), so its
        text need not be the owner's.
        """
        canonical = self._node(canonical_id)
        if node.url < canonical.url:
            similarity = (
                self.near.similarity(node.body or "", canonical.body or "")
                if self.near is not None
                else owner.similarity or 1.0
            )
            self._take_over(node, canonical, "near", similarity, essay.band_keys)
            return Link(None)
        return self._copy_of(node, owner, "exact", 1.0)

    def _copy_of(self, node: _Node, target: _Node, kind: str, similarity: float) -> Link:
        if target.duplicate_of_id is not None:
            # The text's owner is itself a near copy: link to the cluster's canonical.
            kind, similarity = "near", target.similarity or similarity
            target = self._node(target.duplicate_of_id)
        # An exact copy's text is its canonical's; a near copy keeps its own.
        body = None if kind == "exact" else node.body
        self._set(node, body, target.id, kind, similarity)
        return Link(target.id, kind, similarity, target.url)

    def _take_over(
        self,
        node: _Node,
        previous: _Node,
        kind: str,
        similarity: float,
        band_keys: Sequence[int],
    ) -> None:
        """``node`` becomes canonical for ``previous``'s cluster."""
        members = self._members(previous.id)
        previous_body = previous.body or ""
        self._set(previous, None if kind == "exact" else previous.body, node.id, kind, similarity)
        for member in members:
            member_body = member.body if member.body is not None else previous_body
            if member.content_hash == node.content_hash and same_text(member_body, node.body or ""):
                self._set(member, None, node.id, "exact", 1.0)
            else:
                member_similarity = (
                    self.near.similarity(node.body or "", member_body) if self.near else similarity
                )
                self._set(member, member_body, node.id, "near", member_similarity)
        self._claim_from_copies(node, previous)
        self._drop_bands(previous.id)
        if self.near is not None:
            self._index_bands(node.id, band_keys)

    def _claim_from_copies(self, node: _Node, previous: _Node) -> None:
        """Once ``node`` leads the cluster, its text's owner is ``node``, not a copy of it."""
        owner_id = self.owners.get(node.content_hash)
        if owner_id is None or owner_id == node.id:
            return
        if owner_id == previous.id or self.nodes[owner_id].duplicate_of_id == node.id:
            self.owners[node.content_hash] = node.id
            self.moved_hashes[node.content_hash] = node.id

    def _members(self, canonical_id: int) -> list[_Node]:
        """The cluster's copies: rows linked before this batch, as this batch left them."""
        self._load(
            self.session.scalars(select(Article.id).where(Article.duplicate_of_id == canonical_id))
        )
        return sorted(
            (node for node in self.nodes.values() if node.duplicate_of_id == canonical_id),
            key=lambda node: node.url,
        )

    def _nearest(
        self, node: _Node, band_keys: Sequence[int], near: NearRule
    ) -> tuple[_Node, float] | None:
        """The most similar canonical essay at or above the threshold, if any."""
        candidate_ids: set[int] = set()
        for band_key in enumerate(band_keys):
            candidate_ids |= self.bands.get(band_key, set())
        candidate_ids.discard(node.id)
        best: tuple[_Node, float] | None = None
        for candidate in sorted((self._node(i) for i in candidate_ids), key=lambda n: n.url):
            if candidate.duplicate_of_id is not None or candidate.body is None:
                continue
            # The candidate's real similarity, not the signature's estimate.
            similarity = near.similarity(node.body or "", candidate.body)
            if similarity >= near.threshold and (best is None or similarity > best[1]):
                best = (candidate, similarity)
        return best

    def _set(
        self,
        node: _Node,
        body: str | None,
        duplicate_of_id: int,
        kind: str,
        similarity: float,
    ) -> None:
        node.body, node.duplicate_of_id = body, duplicate_of_id
        node.duplicate_kind, node.similarity = kind, similarity
        node.dirty = True

    def _index_bands(self, article_id: int, band_keys: Sequence[int]) -> None:
        self.new_bands[article_id] = band_keys
        for band_key in enumerate(band_keys):
            self.bands.setdefault(band_key, set()).add(article_id)

    def _drop_bands(self, article_id: int) -> None:
        if self.new_bands.pop(article_id, None) is None:
            self.dropped_bands.add(article_id)
        for holders in self.bands.values():
            holders.discard(article_id)

    # -- writing the decisions, once per batch ------------------------------------------
    def write(self) -> None:
        session = self.session
        if self.moved_hashes:
            update_rows(
                session,
                CanonicalHash,
                [{"content_hash": h, "article_id": i} for h, i in self.moved_hashes.items()],
                key="content_hash",
            )
        if self.dropped_bands:
            session.execute(
                delete(MinhashBand).where(MinhashBand.article_id.in_(self.dropped_bands))
            )
        band_rows = [
            {"band": band, "key": key, "article_id": article_id}
            for article_id, keys in self.new_bands.items()
            for band, key in enumerate(keys)
        ]
        insert_rows(session, MinhashBand, band_rows)
        linked = [
            {
                "id": node.id,
                "body": node.body,
                "duplicate_of_id": node.duplicate_of_id,
                "duplicate_kind": node.duplicate_kind,
                "similarity": node.similarity,
            }
            for node in self.nodes.values()
            if node.dirty
        ]
        update_rows(session, Article, linked)
