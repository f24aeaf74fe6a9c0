"""A sister site's profile: a TOML file that overrides the default field by field."""

from __future__ import annotations

from pathlib import Path

import pytest
from fanwen_runner import fanwen

from crawler.site_profile import DEFAULT_PROFILE, ProfileError, load_profile


def profile_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sister.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_profile_overrides_only_the_fields_it_names(tmp_path: Path) -> None:
    path = profile_file(
        tmp_path,
        'name = "sister"\nsite_names = ["某某范文网"]\ncontent = "div#article-body"\n',
    )
    profile = load_profile(path)
    assert (profile.name, profile.site_names, profile.content) == (
        "sister",
        ("某某范文网",),
        "div#article-body",
    )
    assert profile.article_path == DEFAULT_PROFILE.article_path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("colour = 1\n", "unknown field(s) colour"),
        ('article_path = "^/(?P<slug>[a-z]+/(?P<id>\\\\d+)\\\\.html$"\n', "bad pattern: "),
        # Date folders, no category slug: which category would an essay be in?
        (
            'article_path = "^/html/\\\\d{4}/\\\\d{4}/(?P<id>\\\\d+)\\\\.html$"\n',
            "article_path needs the named group(s) (?P<slug>...)",
        ),
        (
            'continuation_path = "^/(?P<slug>[a-z]+)/(?P<id>\\\\d+)_\\\\d+\\\\.html$"\n',
            "continuation_path needs the named group(s) (?P<page>...)",
        ),
    ],
    ids=["unknown_field", "bad_regex", "article_without_slug", "continuation_without_page"],
)
def test_a_profile_the_crawl_cannot_use_is_refused_when_loaded(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = profile_file(tmp_path, text)
    with pytest.raises(ProfileError) as refused:
        load_profile(path)
    assert str(refused.value).startswith(f"site profile {path}: {problem}")


def test_fanwen_crawl_refuses_a_profile_without_a_named_group_in_one_line(
    tmp_path: Path,
) -> None:
    path = profile_file(tmp_path, 'article_path = "^/html/(?P<id>\\\\d+)\\\\.html$"\n')
    run = fanwen("crawl", "--profile", str(path), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert (run.returncode, run.stderr.splitlines()[-1]) == (
        2,
        f"Error: site profile {path}: article_path needs the named group(s) (?P<slug>...)",
    )
    assert "Traceback" not in run.stderr
