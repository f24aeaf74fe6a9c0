"""Build tests/dedupe_pairs/pairs.jsonl: labelled body pairs for the near-copy tests.

    python bench/make_dedupe_pairs.py [--out tests/dedupe_pairs/pairs.jsonl]

The base essays are tests/dedupe_pairs/essays/*.txt: the title on the first
line, then one paragraph a line (essay 01 is the SITE.md seed's body). From
them, the ways the site copies an essay (SITE.md, "Duplicates") and the ways
different essays resemble one another:

- exact: the same body reposted, identical or re-indented and re-spaced;
- near: a promo line or an editor's note added, a paragraph dropped,
  punctuation changed, a few sentences edited, scattered characters changed,
  hidden watermarks left in, paragraphs reordered, or several of these at
  once. A near pair is kept only
  if its Jaccard similarity (crawler.minhash, SHINGLE_SIZE) is at least
  THRESHOLD: the generator prints how many were dropped;
- same_title_different: two essays sharing a title, as in the site's related
  list, bare or both carrying the same promo lines;
- unrelated: essays with different titles, bare or with the same promo lines.

Every pair records its edit, how large it was in the edit's own unit
(`edit_size`: promo lines, sentences, characters, marks), the two essays and
their titles, and its real Jaccard similarity. Only `Random.random()` is
drawn, whose output Python guarantees for a seed, so the file is the same
on every Python version.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any, TypeVar

from crawler.minhash import THRESHOLD, jaccard

REPO = Path(__file__).resolve().parent.parent
ESSAYS = REPO / "tests" / "dedupe_pairs" / "essays"
PAIRS = REPO / "tests" / "dedupe_pairs" / "pairs.jsonl"
SEED = 20240607

PROMO_LINES = (
    "本文来源：人人范文网 https://www.renrenfanwen.com 转载请保留出处。",
    "更多相关范文，请访问人人范文网范文大全栏目。",
    "【推荐阅读】2023年最新精选范文大全合集，欢迎下载参考。",
    "免责声明：本文由网友投稿整理，仅供学习参考，如有侵权请联系删除。",
    "温馨提示：点击右上角“下载本文”，即可获得可编辑的Word文档。",
)
EDITOR_NOTES = (
    "编者按：本文结构清晰、条理分明，对撰写同类文章有一定的借鉴意义，特推荐给读者。",
    "编者按：近期不少网友留言索要此类范文，现将这篇文章整理发布，供大家学习交流时参考。",
)
ADDED_SENTENCES = (
    "这一点值得我们认真思考。",
    "实践证明，这样做是行之有效的。",
    "对此，大家都深有体会。",
    "这也是我今后努力的方向。",
)
SYNONYMS = {
    "认真": "切实",
    "进一步": "更进一步",
    "积极": "主动",
    "我们": "咱们",
    "非常": "十分",
    "提高": "提升",
    "加强": "强化",
    "因为": "由于",
    "但是": "可是",
    "重要": "关键",
    "一定": "必定",
    "同学们": "各位同学",
    "开展": "举办",
    "问题": "难题",
}
# Slips and variants that reposts introduce or correct one character at a time.
CHARACTER_VARIANTS = {
    "的": "地",
    "地": "的",
    "得": "的",
    "做": "作",
    "作": "做",
    "在": "再",
    "已": "以",
    "象": "像",
    "像": "象",
    "他": "她",
    "那": "哪",
}
# Anti-copy watermarks that a sister site hides inside sentences and that a
# copy's cleaning may have let through (SITE.md, "What real pages do").
WATERMARKS = ("人人范文网", "范文大全", "www.fanwen.cc")
FULL_TO_ASCII = str.maketrans(
    {
        "，": ",",
        "。": ".",
        "：": ":",
        "；": ";",
        "“": '"',
        "”": '"',
        "（": "(",
        "）": ")",
        "！": "!",
    }
)
SENTENCE_END = re.compile(r"(?<=[。！？；])")
T = TypeVar("T")


@dataclass(frozen=True)
class Essay:
    key: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Edit:
    kind: str
    size: int
    paragraphs: tuple[str, ...]


def load_essays(folder: Path = ESSAYS) -> list[Essay]:
    essays = []
    for path in sorted(folder.glob("*.txt")):
        title, *paragraphs = path.read_text(encoding="utf-8").splitlines()
        kept = tuple(p.strip() for p in paragraphs if p.strip())
        essays.append(Essay(path.stem, title.strip(), kept))
    return essays


def _pick(rng: random.Random, options: Sequence[T]) -> T:
    return options[int(rng.random() * len(options))]


def _sample(rng: random.Random, options: Sequence[T], count: int) -> list[T]:
    pool = list(options)
    return [pool.pop(int(rng.random() * len(pool))) for _ in range(min(count, len(pool)))]


def _sentences(paragraph: str) -> list[str]:
    return [s for s in SENTENCE_END.split(paragraph) if s]


def promo_added(paragraphs: tuple[str, ...], rng: random.Random, lines: int) -> Edit:
    promo = _sample(rng, PROMO_LINES, lines)
    where = _pick(rng, ("end", "start", "middle"))
    if where == "end":
        edited = (*paragraphs, *promo)
    elif where == "start":
        edited = (*promo, *paragraphs)
    else:
        cut = 1 + int(rng.random() * (len(paragraphs) - 1))
        edited = (*paragraphs[:cut], *promo, *paragraphs[cut:])
    return Edit("promo_added", lines, edited)


def editor_note(paragraphs: tuple[str, ...], rng: random.Random) -> Edit:
    return Edit("editor_note", 1, (_pick(rng, EDITOR_NOTES), *paragraphs))


def paragraph_dropped(paragraphs: tuple[str, ...], rng: random.Random) -> Edit | None:
    """Drop one paragraph after the first, of at most 15% of the body."""
    longest = 0.15 * sum(len(p) for p in paragraphs)
    candidates = [i for i in range(1, len(paragraphs)) if len(paragraphs[i]) <= longest]
    if not candidates:
        return None
    dropped = _pick(rng, candidates)
    return Edit(
        "paragraph_dropped",
        len(paragraphs[dropped]),
        paragraphs[:dropped] + paragraphs[dropped + 1 :],
    )


def punctuation(paragraphs: tuple[str, ...], rng: random.Random) -> Edit:
    """ASCII punctuation, a fifth of the commas dropped, some spaces added."""
    edited = []
    changes = 0
    for paragraph in paragraphs:
        characters = []
        for character in paragraph.translate(FULL_TO_ASCII):
            draw = rng.random()
            if character == "," and draw < 0.2:
                changes += 1
                continue
            characters.append(character)
            if character in ",." and draw > 0.7:
                characters.append(" ")
                changes += 1
        edited.append("".join(characters))
    return Edit("punctuation", changes, tuple(edited))


def _edit_sentence(sentence: str, rng: random.Random) -> str:
    operation = _pick(rng, ("reword", "delete", "add"))
    if operation == "reword":
        words = [word for word in SYNONYMS if word in sentence]
        if words:
            word = _pick(rng, words)
            return sentence.replace(word, SYNONYMS[word], 1)
        operation = "delete"
    if operation == "delete":
        return ""
    return sentence + _pick(rng, ADDED_SENTENCES)


def sentence_edits(paragraphs: tuple[str, ...], rng: random.Random, count: int) -> Edit:
    """Reword, delete or extend `count` sentences of ten characters or more."""
    split = [_sentences(p) for p in paragraphs]
    places = [(i, j) for i, sentences in enumerate(split) for j, s in enumerate(sentences)]
    places = [(i, j) for i, j in places if len(split[i][j]) >= 10]
    for i, j in _sample(rng, places, count):
        split[i][j] = _edit_sentence(split[i][j], rng)
    edited = tuple("".join(sentences) for sentences in split)
    return Edit("sentence_edits", count, tuple(p for p in edited if p))


def character_substitutions(paragraphs: tuple[str, ...], rng: random.Random, count: int) -> Edit:
    split = [list(p) for p in paragraphs]
    places = [
        (i, j)
        for i, characters in enumerate(split)
        for j, character in enumerate(characters)
        if character in CHARACTER_VARIANTS
    ]
    for i, j in _sample(rng, places, count):
        split[i][j] = CHARACTER_VARIANTS[split[i][j]]
    return Edit("character_substitutions", count, tuple("".join(c) for c in split))


def watermarks(paragraphs: tuple[str, ...], rng: random.Random, count: int) -> Edit:
    """`count` watermarks left inside sentences, at random places."""
    split = [list(p) for p in paragraphs]
    places = [(i, j) for i, characters in enumerate(split) for j in range(1, len(characters))]
    mark = _pick(rng, WATERMARKS)
    for i, j in _sample(rng, places, count):
        split[i][j] = mark + split[i][j]
    return Edit("watermarks", count, tuple("".join(c) for c in split))


def paragraphs_reordered(paragraphs: tuple[str, ...], rng: random.Random) -> Edit:
    """Two neighbouring paragraphs after the first swap places."""
    first = 1 + int(rng.random() * (len(paragraphs) - 2))
    edited = list(paragraphs)
    edited[first], edited[first + 1] = edited[first + 1], edited[first]
    return Edit("paragraphs_reordered", 1, tuple(edited))


def combined(paragraphs: tuple[str, ...], rng: random.Random) -> Edit:
    """A promo line, new punctuation and two sentence edits at once."""
    edited = promo_added(paragraphs, rng, 1).paragraphs
    edited = punctuation(edited, rng).paragraphs
    edited = sentence_edits(edited, rng, 2).paragraphs
    return Edit("combined", 4, edited)


def near_edits(
    paragraphs: tuple[str, ...], rng: random.Random, large: bool
) -> Iterator[Edit | None]:
    """One edit of each kind; `large` picks the larger size of the sized ones."""
    yield promo_added(paragraphs, rng, 3 if large else 1)
    yield editor_note(paragraphs, rng)
    yield paragraph_dropped(paragraphs, rng)
    yield punctuation(paragraphs, rng)
    yield sentence_edits(paragraphs, rng, 4 if large else 1)
    yield character_substitutions(paragraphs, rng, 10 if large else 3)
    yield watermarks(paragraphs, rng, 6 if large else 2)
    yield paragraphs_reordered(paragraphs, rng)
    yield combined(paragraphs, rng)


def reformatted(essay: Essay, rng: random.Random) -> str:
    """Full-width indents, blank lines, NBSP and ASCII spaces: the same text."""
    paragraphs = []
    for paragraph in essay.paragraphs:
        cut = int(rng.random() * len(paragraph))
        paragraphs.append("\u3000\u3000" + paragraph[:cut] + "\u00a0 " + paragraph[cut:] + " ")
    return "\n\n".join(paragraphs)


def _record(
    label: str, edit: str, size: int, a: Essay, b: Essay, body_a: str, body_b: str
) -> dict[str, Any]:
    return {
        "label": label,
        "edit": edit,
        "edit_size": size,
        "jaccard": round(jaccard(body_a, body_b), 6),
        "essay_a": a.key,
        "essay_b": b.key,
        "title_a": a.title,
        "title_b": b.title,
        "a": body_a,
        "b": body_b,
    }


def near_candidates(essays: Sequence[Essay], rng: random.Random) -> Iterator[dict[str, Any]]:
    """Every near edit of every essay, before the Jaccard floor."""
    for index, essay in enumerate(essays):
        for edit in near_edits(essay.paragraphs, rng, large=index % 2 == 1):
            if edit is not None:
                body = "\n".join(edit.paragraphs)
                yield _record("near", edit.kind, edit.size, essay, essay, essay.body, body)


def _with_promo(essay: Essay, promo: Sequence[str]) -> str:
    return "\n".join((*essay.paragraphs, *promo))


def build_pairs(essays: Sequence[Essay]) -> tuple[list[dict[str, Any]], Counter[str]]:
    """The labelled pairs, and how many near candidates fell under THRESHOLD."""
    rng = random.Random(SEED)
    pairs: list[dict[str, Any]] = []
    for essay in essays:
        body = reformatted(essay, rng)
        pairs.append(_record("exact", "reformatted", 0, essay, essay, essay.body, body))
    for essay in essays[::4]:
        pairs.append(_record("exact", "identical", 0, essay, essay, essay.body, essay.body))
    dropped: Counter[str] = Counter()
    for pair in near_candidates(essays, rng):
        if pair["jaccard"] >= THRESHOLD:
            pairs.append(pair)
        else:
            dropped[pair["edit"]] += 1
    by_title: dict[str, list[Essay]] = {}
    for essay in essays:
        by_title.setdefault(essay.title, []).append(essay)
    for group in by_title.values():
        for a, b in combinations(group, 2):
            promo = _sample(rng, PROMO_LINES, 2)
            pairs.append(_record("same_title_different", "none", 0, a, b, a.body, b.body))
            pairs.append(
                _record(
                    "same_title_different",
                    "shared_promo",
                    2,
                    a,
                    b,
                    _with_promo(a, promo),
                    _with_promo(b, promo),
                )
            )
    different_titles = [(a, b) for a, b in combinations(essays, 2) if a.title != b.title]
    for a, b in _sample(rng, different_titles, 24):
        if rng.random() < 0.5:
            pairs.append(_record("unrelated", "none", 0, a, b, a.body, b.body))
        else:
            promo = _sample(rng, PROMO_LINES, 2)
            pairs.append(
                _record(
                    "unrelated",
                    "shared_promo",
                    2,
                    a,
                    b,
                    _with_promo(a, promo),
                    _with_promo(b, promo),
                )
            )
    return pairs, dropped


def write_pairs(pairs: Sequence[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(json.dumps(pair, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PAIRS)
    args = parser.parse_args()
    essays = load_essays()
    pairs, dropped = build_pairs(essays)
    write_pairs(pairs, args.out)
    labels = Counter(pair["label"] for pair in pairs)
    print(f"{len(essays)} essays, {len(pairs)} pairs -> {args.out}")
    print("  " + ", ".join(f"{label}: {count}" for label, count in sorted(labels.items())))
    if dropped:
        print(
            f"  near candidates under Jaccard {THRESHOLD} dropped: {dict(sorted(dropped.items()))}"
        )


if __name__ == "__main__":
    main()
