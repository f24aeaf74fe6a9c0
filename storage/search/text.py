"""The search index's text and the user's query, for SQLite and PostgreSQL alike.

Chinese has no spaces and the commonest query terms are two characters long,
so the index holds overlapping character bigrams. Text is normalized first
(NFKC, case-folded) and everything that is not a letter or a digit is
dropped, the same rule the content hash uses: punctuation and spacing never
decide a match. ``党建工作`` is indexed as ``党建 建工 工作``.

A term matches a field when its normalized form is a substring of the
field's normalized text: for a term of n >= 2 characters that is exactly the
phrase of its n-1 bigrams (consecutive tokens). ``matches`` is the same rule
in Python, the reference the index is tested against. A term of one
character is refused: it would be a prefix query over every bigram starting
with it (25 s for 的 in 100,000 essays), and matches nearly everything.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass

import numpy as np

_NOT_ALNUM = re.compile(r"[\W_]+")
# PostgreSQL keeps at most 256 positions per lexeme, each at most 16383.
PG_MAX_POSITIONS = 256
PG_MAX_POSITION = 16383


class QueryError(ValueError):
    """A search query that cannot be run; the message is one line for the user."""


def normalized(text: str) -> str:
    """The text as the index sees it: letters and digits only, NFKC, case-folded.

    Punctuation goes first: what is left (ideographs, mostly) is nearly always
    NFKC already, which a quick check confirms at a hundredth of the cost of
    normalizing. Folding can bring punctuation back (``½`` gives ``1⁄2``),
    hence the second pass.
    """
    kept = _NOT_ALNUM.sub("", text)
    if not unicodedata.is_normalized("NFKC", kept):
        kept = _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", kept))
    return kept.casefold()


def tokens(text: str) -> list[str]:
    """The index tokens of one field: its overlapping bigrams."""
    stream = normalized(text)
    return list(map(operator.add, stream, stream[1:]))


def index_text(text: str) -> str:
    """Space-separated tokens: what FTS5's unicode61 tokenizer is fed.

    The same string as ``" ".join(tokens(text))``, built as one array of
    code points (each character, its successor, a space) instead of a
    Python string per bigram: a quarter of the cost, on the writer's path.
    """
    # surrogatepass: what normalized() leaves is letters and digits, but a
    # lone surrogate must not raise here if one ever got through.
    code_points = np.frombuffer(normalized(text).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if code_points.size < 2:
        return ""
    bigrams = np.empty((code_points.size - 1, 3), dtype="<u4")
    bigrams[:, 0] = code_points[:-1]
    bigrams[:, 1] = code_points[1:]
    bigrams[:, 2] = ord(" ")
    return bigrams.reshape(-1)[:-1].tobytes().decode("utf-32-le", "surrogatepass")


def tsvector_literal(text: str) -> str:
    """A PostgreSQL tsvector of the same tokens, with positions, built here.

    Built in Python rather than by ``to_tsvector`` so no parser or locale
    rule of the server can split or fold a token differently from SQLite.
    """
    positions: dict[str, list[int]] = {}
    for number, token in enumerate(tokens(text), start=1):
        found = positions.setdefault(token, [])
        if len(found) < PG_MAX_POSITIONS and number <= PG_MAX_POSITION:
            found.append(number)
    parts = []
    for token, places in positions.items():
        parts.append(_ts_lexeme(token) + (":" + ",".join(map(str, places)) if places else ""))
    return " ".join(parts)


def document_literal(title: str, body: str) -> str:
    """An essay's document: the distinct tokens of its title and body, no positions.

    No query reads a position: a term matches as the AND of its bigrams
    (a longer one is re-checked in Python), and relevance reads the title
    column. Positions would cost 2 bytes each plus 2 a token, a third of
    the stored documents.
    """
    distinct = dict.fromkeys(tokens(title))
    distinct.update(dict.fromkeys(tokens(body)))
    return " ".join(map(_ts_lexeme, distinct))


@dataclass(frozen=True)
class Term:
    """One query term, normalized; ``text`` is what the user typed."""

    text: str
    key: str  # normalized: a substring to find

    @property
    def bigrams(self) -> list[str]:
        return [self.key[i : i + 2] for i in range(len(self.key) - 1)]


@dataclass(frozen=True)
class SearchQuery:
    include: tuple[Term, ...]
    exclude: tuple[Term, ...]

    def fts5(self, column: str | None = None) -> str:
        """The FTS5 MATCH expression (one bound parameter, never spliced into SQL).

        ``column``: the included terms must occur in that column (exclusions
        still apply to every column).
        """
        expression = " AND ".join(_fts5_term(term) for term in self.include)
        if column is not None:
            expression = f"{column} : ({expression})"
        if not self.exclude:
            return expression
        # One NOT of all the exclusions: a NOT per exclusion nests a level each,
        # and FTS5's parser overflows its stack past about 97 levels.
        excluded = [_fts5_term(term) for term in self.exclude]
        any_excluded = excluded[0] if len(excluded) == 1 else "(" + " OR ".join(excluded) + ")"
        return f"({expression}) NOT {any_excluded}"

    def tsquery(self) -> str:
        """The PostgreSQL tsquery of the candidates: every bigram of every term.

        The documents hold no positions (``document_literal``), so a term of
        several bigrams is not a phrase here: ``matches`` re-checks every
        candidate of one, and exclusions are checked there only.
        """
        return " & ".join(_tsquery_candidates(term) for term in self.include)

    @property
    def has_phrases(self) -> bool:
        """Whether a term is longer than one bigram: holding its bigrams is not holding it."""
        return any(len(term.key) > 2 for term in self.include)

    @property
    def needs_check(self) -> bool:
        """Whether PostgreSQL's candidates must be re-checked against the text."""
        return bool(self.exclude) or self.has_phrases

    def matches(self, *fields: str) -> bool:
        """The reference rule: every term in some field, no excluded term in any."""
        texts = [normalized(field) for field in fields]
        return all(any(term.key in text for text in texts) for term in self.include) and not any(
            term.key in text for term in self.exclude for text in texts
        )

    def title_match(self, title: str, body: str) -> bool:
        """A match whose title alone holds every term: relevance ranks these first."""
        in_title = normalized(title)
        return all(term.key in in_title for term in self.include) and self.matches(title, body)

    @property
    def keys(self) -> list[str]:
        return [term.key for term in self.include]


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts5_term(term: Term) -> str:
    # Bigrams of one field are consecutive tokens: the phrase is the substring.
    return _quoted(" ".join(term.bigrams))


def _tsquery_candidates(term: Term) -> str:
    return "(" + " & ".join(_ts_lexeme(bigram) for bigram in dict.fromkeys(term.bigrams)) + ")"


def _ts_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


_QUERY_WORD = re.compile(r'(-?)"([^"]*)"|(\S+)')
# What a Chinese input method types for the operators: full-width and
# typographic minus signs and hyphens for -, Chinese quotation marks for ".
# Read as the ASCII operator, so the form never decides a match.
_OPERATOR_FORMS = str.maketrans(dict.fromkeys("－﹣−‐", "-") | dict.fromkeys("“”「」『』＂", '"'))


def parse_query(query: str) -> SearchQuery:
    """Terms, "quoted phrases" and -exclusions; every term must occur.

    Words that are operators elsewhere (AND, OR, NOT, NEAR) are plain words
    here, and ``*``, ``^``, ``'``, ``%``, ``_`` are punctuation like any other:
    dropped. A term left with no letter or digit is ignored. The full-width
    and Chinese forms of the operators (``－``, ``“”``, ``「」``) are operators too.
    """
    operators = query.translate(_OPERATOR_FORMS)
    if operators.count('"') % 2:
        raise QueryError(f"malformed query {query!r}: a double quote is not closed")
    include: list[Term] = []
    exclude: list[Term] = []
    for match in _QUERY_WORD.finditer(operators):
        minus, phrase, word = match.groups()
        if word is not None:
            minus, phrase = ("-", word[1:]) if word.startswith("-") else ("", word)
        key = normalized(phrase)
        if len(key) == 1:
            raise QueryError(
                f"{phrase!r} is one character: search terms need two or more letters or digits"
            )
        if key:
            (exclude if minus else include).append(Term(phrase, key))
    if not include:
        raise QueryError(
            f"nothing to search for in {query!r}: give at least one term with a letter or digit"
        )
    return SearchQuery(tuple(include), tuple(exclude))
