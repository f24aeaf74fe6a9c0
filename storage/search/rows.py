"""Which search row holds each essay's text, and a signature of that text."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class SearchRow(Base):
    """One indexed essay.

    On SQLite the text lives in a contentless FTS5 table, whose rows cannot
    be deleted without their old text: a changed essay gets a new FTS row
    (``search_rowid``) and the old one is left behind, unreachable, until
    ``rebuild_index``. On PostgreSQL ``search_rowid`` is the article id.
    """

    __tablename__ = "essay_search_rows"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    search_rowid: Mapped[int] = mapped_column(BigInteger, unique=True)
    # What was indexed: a changed title or body has another signature.
    signature: Mapped[str] = mapped_column(String(32))
