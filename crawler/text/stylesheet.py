"""CSS declarations that can hide text, from style attributes and <style> blocks.

Only what decides whether text shows is kept (display, visibility, font size,
colour, background, opacity), and of a page's own ``<style>`` rules only
those with simple selectors: ``tag``, ``.x``, ``#y``, ``tag.x``, ``tag#y``,
``.x.y`` and lists of them (``a, .b``). Anything with a combinator, an
attribute or a pseudo-class is ignored: a watermark class is hidden by a
simple rule, and guessing at complex ones would hide essay text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

RELEVANT_PROPERTIES = frozenset(
    {
        "display",
        "visibility",
        "font-size",
        "font",
        "color",
        "background-color",
        "background",
        "opacity",
    }
)

# (property, value, important), property and value lower-cased.
Declaration = tuple[str, str, bool]

_COMMENT_RE = re.compile(r"/\*.*?\*/|<!--|-->", re.DOTALL)
_IMPORTANT_RE = re.compile(r"\s*!\s*important\s*$")
# An innermost block: what comes before a "{" that contains no other brace.
# Rules nested in @media blocks are found too; the @media prelude is not a
# simple selector and is dropped.
_RULE_RE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_SIMPLE_SELECTOR_RE = re.compile(r"(?P<tag>[a-zA-Z][a-zA-Z0-9]*|\*)?(?P<parts>(?:[.#][-\w]+)*)")
_PART_RE = re.compile(r"([.#])([-\w]+)")


@lru_cache(maxsize=4096)
def parse_declarations(text: str) -> tuple[Declaration, ...]:
    """The relevant declarations of a style attribute or a rule body, in order."""
    found: list[Declaration] = []
    for chunk in text.split(";"):
        name, colon, value = chunk.partition(":")
        if not colon:
            continue
        prop = name.strip().lower()
        if prop not in RELEVANT_PROPERTIES:
            continue
        value = value.strip().lower()
        important = False
        marker = _IMPORTANT_RE.search(value)
        if marker:
            important = True
            value = value[: marker.start()]
        if value:
            found.append((prop, value, important))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class StyleRule:
    """One simple selector of a rule, with the rule's relevant declarations."""

    tag: str | None
    element_id: str | None
    classes: frozenset[str]
    order: int
    declarations: tuple[Declaration, ...]

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (self.element_id is not None, len(self.classes), self.tag is not None)

    def matches(self, tag: str, element_id: str | None, classes: frozenset[str]) -> bool:
        return (
            (self.tag is None or self.tag == tag)
            and (self.element_id is None or self.element_id == element_id)
            and self.classes <= classes
        )


def _parse_selector(
    text: str, order: int, declarations: tuple[Declaration, ...]
) -> StyleRule | None:
    match = _SIMPLE_SELECTOR_RE.fullmatch(text.strip())
    if match is None or not match.group(0):
        return None
    tag = match.group("tag")
    ids: list[str] = []
    classes: set[str] = set()
    for kind, name in _PART_RE.findall(match.group("parts")):
        if kind == "#":
            ids.append(name)
        else:
            classes.add(name)
    if len(set(ids)) > 1:  # "#a#b" selects nothing
        return None
    return StyleRule(
        tag=None if tag in (None, "*") else tag.lower(),
        element_id=ids[0] if ids else None,
        classes=frozenset(classes),
        order=order,
        declarations=declarations,
    )


class StyleSheet:
    """The simple-selector rules of a page's <style> blocks, indexed by what they select."""

    def __init__(self, rules: Iterable[StyleRule] = ()) -> None:
        self._by_id: dict[str, list[StyleRule]] = {}
        self._by_class: dict[str, list[StyleRule]] = {}
        self._by_tag: dict[str, list[StyleRule]] = {}
        self._universal: list[StyleRule] = []
        for rule in rules:
            if rule.element_id is not None:
                self._by_id.setdefault(rule.element_id, []).append(rule)
            elif rule.classes:
                self._by_class.setdefault(min(rule.classes), []).append(rule)
            elif rule.tag is not None:
                self._by_tag.setdefault(rule.tag, []).append(rule)
            else:
                self._universal.append(rule)

    @classmethod
    def from_css(cls, blocks: Iterable[str]) -> StyleSheet:
        rules: list[StyleRule] = []
        for css in blocks:
            for prelude, body in _RULE_RE.findall(_COMMENT_RE.sub("", css)):
                declarations = parse_declarations(body)
                if not declarations:
                    continue
                # "@import url(x.css); .wm" -> ".wm"
                prelude = prelude.rpartition(";")[2]
                for text in prelude.split(","):
                    rule = _parse_selector(text, len(rules), declarations)
                    if rule is not None:
                        rules.append(rule)
        return cls(rules)

    def __bool__(self) -> bool:
        return bool(self._by_id or self._by_class or self._by_tag or self._universal)

    def has_tag_rules(self, tag: str) -> bool:
        return bool(self._universal) or tag in self._by_tag

    def rules_for(
        self, tag: str, element_id: str | None, classes: frozenset[str]
    ) -> list[StyleRule]:
        """The rules that select an element, in no particular order."""
        candidates = list(self._universal)
        candidates += self._by_tag.get(tag, ())
        if element_id is not None:
            candidates += self._by_id.get(element_id, ())
        for name in classes:
            candidates += self._by_class.get(name, ())
        return [rule for rule in candidates if rule.matches(tag, element_id, classes)]


@lru_cache(maxsize=64)
def page_stylesheet(blocks: tuple[str, ...]) -> StyleSheet:
    """The sheet of a page's <style> blocks; the pages of one site share theirs."""
    return StyleSheet.from_css(blocks)
