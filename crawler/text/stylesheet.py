"""CSS declarations that can hide text, from style attributes and <style> blocks.

Only what decides whether text shows is kept (display, visibility, font size,
colour, background, opacity, and the geometry of geometry.py), and where
its lines break (display again, and white-space: extract.py), and of a
page's own ``<style>`` rules only those whose selectors are compounds of
``tag``, ``.x`` and ``#y`` (``tag.x``, ``.x.y``, ``*``), alone or joined by
the descendant and child combinators (``.content .wm``, ``#content p font``,
``div > .wm``), and lists of them (``a, .b``). A selector with an attribute,
a pseudo-class or a sibling combinator is ignored: guessing at what it
selects would hide essay text. One part of such a rule is kept: where the
only obstacle is a pseudo-class that can hold on a page at rest
(``:first-child``, ``:nth-child(odd)``, ``:not(.x)``, ``:link`` ...), the
background it sets may be under the elements it names, so it is kept as a
``MAYBE_BACKGROUND`` declaration; text coloured like the other background
may still show on this one (hidden.py). ``:hover`` and ``:focus`` are not
how a page reads, and pseudo-elements paint boxes of their own: those rules
stay ignored.

Of at-rules, ``@media`` blocks apply where their query holds on a desktop
screen (media.py); the blocks of every other at-rule (``@supports``,
``@font-face``, ``@keyframes`` ...) are not rules of the page's elements and
are skipped, as is a style rule holding nested blocks (CSS nesting, which
this does not model).

A rule is indexed by its rightmost compound, the element it styles; its
combinators are then matched against that element's ancestors, right to
left, as a browser does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crawler.text.geometry import GEOMETRY_PROPERTIES
from crawler.text.media import media_holds

RELEVANT_PROPERTIES = frozenset(
    {
        "display",
        "visibility",
        "font-size",
        "font",
        "color",
        "background-color",
        "background",
        "background-image",
        "opacity",
        "white-space",
        *GEOMETRY_PROPERTIES,
    }
)

# (property, value, important), property and value lower-cased.
Declaration = tuple[str, str, bool]

# A background a pseudo-class rule may paint behind the elements it names.
# No page can declare it: parse_declarations keeps RELEVANT_PROPERTIES only.
MAYBE_BACKGROUND = "-maybe-background"
_BACKGROUNDS = ("background", "background-color", "background-image")

_COMMENT_RE = re.compile(r"/\*.*?\*/|<!--|-->", re.DOTALL)
_IMPORTANT_RE = re.compile(r"\s*!\s*important\s*$")
_SYNTAX_RE = re.compile(r"[{};]")
_BRACE_RE = re.compile(r"[{}]")
_AT_RULE_RE = re.compile(r"@([-\w]+)(.*)", re.DOTALL)
# Pseudo-classes that can select an element of the page as it is read, and
# a pseudo-class that starts a compound (" :first-child" is "*:first-child").
_AT_REST_PSEUDO_RE = re.compile(
    r"(?<!:):(?:(?:first|last|only)-(?:child|of-type)|nth-(?:last-)?(?:child|of-type)\([^)]*\)"
    r"|not\([^)]*\)|link|visited|any-link)(?![-\w(])"
)
_BARE_PSEUDO_RE = re.compile(r"(^|[\s>+~])(?=:)")
# No page nests @media this deep; past it the rules are skipped, not recursed into.
_MAX_MEDIA_DEPTH = 16
_SIMPLE_SELECTOR_RE = re.compile(r"(?P<tag>[a-zA-Z][a-zA-Z0-9]*|\*)?(?P<parts>(?:[.#][-\w]+)*)")
_PART_RE = re.compile(r"([.#])([-\w]+)")
# Between compounds: ">" (the child combinator, captured) or whitespace.
_COMBINATOR_RE = re.compile(r"\s*(>)\s*|\s+")
_NO_CLASSES: frozenset[str] = frozenset()


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
class Compound:
    """A compound selector: ``tag``, ``.x``, ``#y`` and their combinations."""

    tag: str | None
    element_id: str | None
    classes: frozenset[str]

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (self.element_id is not None, len(self.classes), self.tag is not None)

    def matches(self, tag: str, element_id: str | None, classes: frozenset[str]) -> bool:
        return (
            (self.tag is None or self.tag == tag)
            and (self.element_id is None or self.element_id == element_id)
            and self.classes <= classes
        )

    def matches_element(self, element: Any) -> bool:
        return self.matches(element.tag, element.get("id"), _classes(element))


# The compounds left of a rule's rightmost one, nearest first, each with
# whether it must be the parent (">") rather than any ancestor (" ").
Context = tuple[tuple[bool, Compound], ...]


@dataclass(frozen=True, slots=True)
class StyleRule:
    """One selector of a rule, with the rule's relevant declarations."""

    subject: Compound
    context: Context
    order: int
    declarations: tuple[Declaration, ...]

    @property
    def specificity(self) -> tuple[int, int, int]:
        ids, classes, tags = self.subject.specificity
        for _, compound in self.context:
            more_ids, more_classes, more_tags = compound.specificity
            ids, classes, tags = ids + more_ids, classes + more_classes, tags + more_tags
        return ids, classes, tags


def _classes(element: Any) -> frozenset[str]:
    class_attr = element.get("class")
    return frozenset(class_attr.split()) if class_attr else _NO_CLASSES


def _parse_compound(text: str) -> Compound | None:
    match = _SIMPLE_SELECTOR_RE.fullmatch(text)
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
    return Compound(
        tag=None if tag in (None, "*") else tag.lower(),
        element_id=ids[0] if ids else None,
        classes=frozenset(classes),
    )


def _parse_selector(
    text: str, order: int, declarations: tuple[Declaration, ...]
) -> StyleRule | None:
    # "#content p > font" -> ["#content", None, "p", ">", "font"]
    parts = _COMBINATOR_RE.split(text.strip())
    compounds: list[Compound] = []
    for part in parts[::2]:
        compound = _parse_compound(part)
        if compound is None:
            return None
        compounds.append(compound)
    child_only = [combinator == ">" for combinator in parts[1::2]]
    return StyleRule(
        subject=compounds[-1],
        context=tuple(zip(reversed(child_only), reversed(compounds[:-1]), strict=True)),
        order=order,
        declarations=declarations,
    )


def _maybe_background_rule(
    text: str, order: int, declarations: tuple[Declaration, ...]
) -> StyleRule | None:
    """The background of a rule whose at-rest pseudo-classes the sheet cannot evaluate.

    Without them the selector names every element the rule may select.
    """
    backgrounds = [(prop, value) for prop, value, _ in declarations if prop in _BACKGROUNDS]
    if not backgrounds:
        return None
    bare, count = _AT_REST_PSEUDO_RE.subn("", _BARE_PSEUDO_RE.sub(r"\1*", text.strip()))
    if not count:
        return None
    # Read together, as one shorthand: a colour beside an image counts (hidden.py).
    value = " ".join(value for _, value in backgrounds)
    return _parse_selector(bare, order, ((MAYBE_BACKGROUND, value, False),))


def _style_rules(css: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    """(selector list, block) of each style rule that applies on a desktop screen, in order."""
    start = position = 0
    while (token := _SYNTAX_RE.search(css, position)) is not None:
        position = token.end()
        prelude = css[start : token.start()].strip()
        if token.group() == ";" and not prelude.startswith("@"):
            continue  # not a statement's end: a stray ";" in a selector spoils it
        if token.group() == "{":
            end = _block_end(css, position)
            block = css[position:end]
            position = end + 1
            at_rule = _AT_RULE_RE.fullmatch(prelude)
            if at_rule is not None:
                if (
                    at_rule.group(1).lower() == "media"
                    and depth < _MAX_MEDIA_DEPTH
                    and media_holds(at_rule.group(2))
                ):
                    yield from _style_rules(block, depth + 1)
            elif "{" not in block:
                yield prelude, block
        # A ";" ends an at-statement (@import, @charset); a stray "}" closes nothing.
        start = position


def _block_end(css: str, start: int) -> int:
    """Where the block opened just before ``start`` closes; an unclosed one, at the end."""
    depth = 0
    for brace in _BRACE_RE.finditer(css, start):
        if brace.group() == "{":
            depth += 1
        elif depth == 0:
            return brace.start()
        else:
            depth -= 1
    return len(css)


def _in_context(element: Any, context: Context) -> bool:
    """Whether the element's ancestors match the context, as CSS matches combinators.

    Right to left, backtracking where a nearer match for a descendant
    combinator fails further up. What failed is remembered: when no ancestor
    of an element matches the rest of the context after a descendant
    combinator, none of theirs does either. So a deep page costs about its
    depth times the selector's length, not its depth to the selector's length.
    """
    # (element, at): no ancestor of the element matches context[at:].
    failed: set[tuple[Any, int]] = set()

    def match_from(element: Any, at: int) -> bool:
        if at == len(context):
            return True
        if (element, at) in failed:
            return False
        child_only, compound = context[at]
        searched = [element]
        ancestor = element.getparent()
        while ancestor is not None:
            if compound.matches_element(ancestor) and match_from(ancestor, at + 1):
                return True
            if child_only:
                break
            if (ancestor, at) in failed:
                break  # and all above it
            searched.append(ancestor)
            ancestor = ancestor.getparent()
        failed.update((node, at) for node in searched)
        return False

    return match_from(element, 0)


class StyleSheet:
    """The simple-selector rules of a page's <style> blocks, indexed by what they select."""

    def __init__(self, rules: Iterable[StyleRule] = ()) -> None:
        self._by_id: dict[str, list[StyleRule]] = {}
        self._by_class: dict[str, list[StyleRule]] = {}
        self._by_tag: dict[str, list[StyleRule]] = {}
        self._universal: list[StyleRule] = []
        for rule in rules:
            subject = rule.subject
            if subject.element_id is not None:
                self._by_id.setdefault(subject.element_id, []).append(rule)
            elif subject.classes:
                self._by_class.setdefault(min(subject.classes), []).append(rule)
            elif subject.tag is not None:
                self._by_tag.setdefault(subject.tag, []).append(rule)
            else:
                self._universal.append(rule)

    @classmethod
    def from_css(cls, blocks: Iterable[str]) -> StyleSheet:
        rules: list[StyleRule] = []
        for css in blocks:
            for prelude, body in _style_rules(_COMMENT_RE.sub("", css)):
                declarations = parse_declarations(body)
                if not declarations:
                    continue
                for text in prelude.split(","):
                    rule = _parse_selector(text, len(rules), declarations)
                    if rule is None:
                        rule = _maybe_background_rule(text, len(rules), declarations)
                    if rule is not None:
                        rules.append(rule)
        return cls(rules)

    def __bool__(self) -> bool:
        return bool(self._by_id or self._by_class or self._by_tag or self._universal)

    def has_tag_rules(self, tag: str) -> bool:
        return bool(self._universal) or tag in self._by_tag

    def rules_for(self, element: Any) -> list[StyleRule]:
        """The rules that select an element, in no particular order."""
        tag = element.tag
        element_id: str | None = element.get("id")
        classes = _classes(element)
        candidates = list(self._universal)
        candidates += self._by_tag.get(tag, ())
        if element_id is not None:
            candidates += self._by_id.get(element_id, ())
        for name in classes:
            candidates += self._by_class.get(name, ())
        return [
            rule
            for rule in candidates
            if rule.subject.matches(tag, element_id, classes)
            and (not rule.context or _in_context(element, rule.context))
        ]


@lru_cache(maxsize=64)
def page_stylesheet(blocks: tuple[str, ...]) -> StyleSheet:
    """The sheet of a page's <style> blocks; the pages of one site share theirs."""
    return StyleSheet.from_css(blocks)
