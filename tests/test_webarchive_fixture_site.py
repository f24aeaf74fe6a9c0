from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from webarchive_helpers import BASE_URL, write_fixture_site

from crawler.webarchive import FixtureError, FixtureSite, StoredResponse

ARTICLE = "<p>嵊州经济开发区，朱镕基</p>"
HTML = {"Content-Type": "text/html"}


@pytest.fixture
def site(tmp_path: Path) -> FixtureSite:
    pages = [
        {"path": "/", "headers": HTML, "file": "index.html"},
        {"path": "/dangjian/1.html", "headers": HTML, "file": "1.html", "encode": "gbk"},
        {"path": "/plus/view.php?aid=1", "headers": HTML, "file": "index.html"},
        {"path": "/html/1.html", "status": 301, "headers": {"Location": "/dangjian/1.html"}},
        {"path": "/b.html", "headers": {"Content-Encoding": "gzip"}, "file": "b.html.gz"},
    ]
    files = {
        "index.html": b"<p>index</p>",
        "1.html": ARTICLE.encode("utf-8"),
        "b.html.gz": gzip.compress(b"<p>b</p>", mtime=0),
    }
    return FixtureSite.load(write_fixture_site(tmp_path, pages, files))


def test_lookup_answers_a_path(site: FixtureSite) -> None:
    assert site.lookup(BASE_URL) == StoredResponse(200, HTML, b"<p>index</p>")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{BASE_URL}plus/view.php?aid=1", StoredResponse(200, HTML, b"<p>index</p>")),
        (f"{BASE_URL}plus/view.php?aid=2", None),
        (f"{BASE_URL}plus/view.php", None),
    ],
)
def test_lookup_matches_the_query(site: FixtureSite, url: str, expected: StoredResponse) -> None:
    assert site.lookup(url) == expected


def test_lookup_serves_the_text_encoded(site: FixtureSite) -> None:
    assert site.lookup(f"{BASE_URL}dangjian/1.html") == StoredResponse(
        200, HTML, ARTICLE.encode("gbk")
    )


def test_lookup_serves_bytes_as_they_are_without_encode(site: FixtureSite) -> None:
    expected = StoredResponse(
        200, {"Content-Encoding": "gzip"}, gzip.compress(b"<p>b</p>", mtime=0)
    )
    assert site.lookup(f"{BASE_URL}b.html") == expected


def test_lookup_answers_a_redirect_with_an_empty_body(site: FixtureSite) -> None:
    assert site.lookup(f"{BASE_URL}html/1.html") == StoredResponse(
        301, {"Location": "/dangjian/1.html"}, b""
    )


def test_lookup_answers_none_for_an_unknown_path(site: FixtureSite) -> None:
    assert site.lookup(f"{BASE_URL}dangjian/2.html") is None


@pytest.mark.parametrize(
    "url",
    [
        "http://m.renrenfanwen.test/",
        "https://www.renrenfanwen.test/",
        "http://www.renrenfanwen.test:8080/",
        "http://127.0.0.1:8080/",
    ],
)
def test_lookup_answers_none_for_another_origin(site: FixtureSite, url: str) -> None:
    assert site.lookup(url) is None


def test_lookup_treats_the_default_port_as_the_same_origin(site: FixtureSite) -> None:
    assert site.lookup("http://www.renrenfanwen.test:80/") == StoredResponse(
        200, HTML, b"<p>index</p>"
    )


def test_lookup_with_any_host_answers_for_the_server_address(tmp_path: Path) -> None:
    folder = write_fixture_site(tmp_path, [{"path": "/"}])
    site = FixtureSite.load(folder, any_host=True)
    assert site.lookup("http://127.0.0.1:8080/") == StoredResponse(200, {}, b"")


def test_lookup_matches_a_non_ascii_path_to_its_escaped_url(tmp_path: Path) -> None:
    site = FixtureSite.load(write_fixture_site(tmp_path, [{"path": "/搜索?q=党建"}]))
    url = f"{BASE_URL}%E6%90%9C%E7%B4%A2?q=%E5%85%9A%E5%BB%BA"
    assert site.lookup(url) == StoredResponse(200, {}, b"")


def test_start_urls_is_the_base_url(site: FixtureSite) -> None:
    assert site.start_urls == [BASE_URL]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ({"path": "/", "file": "../x"}, "file '../x' must be a relative path without '..'"),
        (
            {"path": "/", "file": "pages/../../x"},
            "file 'pages/../../x' must be a relative path without '..'",
        ),
        (
            {"path": "/", "file": "/etc/passwd"},
            "file '/etc/passwd' must be a relative path without '..'",
        ),
        ({"path": "/", "file": "missing.html"}, "file 'missing.html': No such file or directory"),
        ({"path": "/", "file": "page.html", "encode": "gbk2"}, "unknown codec 'gbk2'"),
        ({"path": "/", "file": "page.html", "encoding": "gbk"}, "unknown key(s) encoding"),
        ({"path": "dangjian/"}, "path must be a string starting with '/'"),
        ({"path": "/", "status": "200"}, "status must be an HTTP status code"),
        ({"path": "/", "headers": {"Content-Length": 3}}, "headers must map strings to strings"),
        ({"path": "/", "encode": "gbk"}, "encode without file"),
    ],
)
def test_load_refuses_a_bad_page(tmp_path: Path, page: dict[str, Any], message: str) -> None:
    folder = write_fixture_site(tmp_path / "site", [page], {"page.html": b"<p>x</p>"})
    with pytest.raises(FixtureError) as raised:
        FixtureSite.load(folder)
    assert str(raised.value) == f"{folder / 'manifest.json'}: pages[0]: {message}"


def test_load_refuses_a_symlink_leading_outside(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_bytes(b"secret")
    folder = write_fixture_site(tmp_path / "site", [{"path": "/", "file": "link.html"}])
    (folder / "link.html").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(FixtureError) as raised:
        FixtureSite.load(folder)
    assert str(raised.value) == (
        f"{folder / 'manifest.json'}: pages[0]: "
        "file 'link.html' resolves outside the fixture folder"
    )


def test_load_follows_a_symlink_inside_the_folder(tmp_path: Path) -> None:
    folder = write_fixture_site(
        tmp_path, [{"path": "/", "file": "link.html"}], {"pages/index.html": b"<p>x</p>"}
    )
    (folder / "link.html").symlink_to(folder / "pages" / "index.html")
    assert FixtureSite.load(folder).lookup(BASE_URL) == StoredResponse(200, {}, b"<p>x</p>")


def test_load_refuses_text_the_codec_cannot_encode(tmp_path: Path) -> None:
    pages = [{"path": "/", "file": "page.html", "encode": "gb2312"}]
    folder = write_fixture_site(tmp_path, pages, {"page.html": "镕".encode()})
    with pytest.raises(FixtureError) as raised:
        FixtureSite.load(folder)
    assert str(raised.value) == (
        f"{folder / 'manifest.json'}: pages[0]: file 'page.html': 'gb2312' codec can't encode "
        "character '\\u9555' in position 0: illegal multibyte sequence"
    )


def test_load_refuses_a_duplicate_path(tmp_path: Path) -> None:
    folder = write_fixture_site(tmp_path, [{"path": "/"}, {"path": "/"}])
    with pytest.raises(FixtureError) as raised:
        FixtureSite.load(folder)
    assert str(raised.value) == f"{folder / 'manifest.json'}: pages[1]: duplicate path '/'"


def test_load_refuses_a_folder_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(FixtureError) as raised:
        FixtureSite.load(tmp_path)
    assert str(raised.value) == f"{tmp_path / 'manifest.json'}: no such file"
