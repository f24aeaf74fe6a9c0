from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from webarchive_helpers import write_fixture_site

from crawler.webarchive import serve_fixture_site

INDEX = "<title>人人范文网</title>".encode("gbk")


@pytest.fixture
def site_folder(tmp_path: Path) -> Path:
    pages = [
        {
            "path": "/",
            "headers": {"Content-Type": "text/html"},
            "file": "index.html",
            "encode": "gbk",
        },
        {"path": "/html/1.html", "status": 301, "headers": {"Location": "/dangjian/1.html"}},
        {"path": "/list?page=2", "file": "list.html"},
    ]
    files = {"index.html": "<title>人人范文网</title>".encode(), "list.html": b"page 2"}
    return write_fixture_site(tmp_path, pages, files)


@pytest.fixture
def connection(site_folder: Path) -> Iterator[http.client.HTTPConnection]:
    with serve_fixture_site(site_folder) as base_url:
        parts = urlsplit(base_url)
        assert parts.hostname is not None
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            yield connection
        finally:
            connection.close()


def get(
    connection: http.client.HTTPConnection, path: str, method: str = "GET", host: str = ""
) -> tuple[int, dict[str, str], bytes]:
    connection.request(method, path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    body = response.read()
    # Date and Server vary by clock and Python version.
    headers = {
        name: value for name, value in response.getheaders() if name not in {"Date", "Server"}
    }
    return response.status, headers, body


def test_serves_a_page_with_its_status_headers_and_body(
    connection: http.client.HTTPConnection,
) -> None:
    expected_headers = {"Content-Type": "text/html", "Content-Length": str(len(INDEX))}
    assert get(connection, "/") == (200, expected_headers, INDEX)


def test_serves_a_redirect_without_following_it(connection: http.client.HTTPConnection) -> None:
    headers = {"Location": "/dangjian/1.html", "Content-Length": "0"}
    assert get(connection, "/html/1.html") == (301, headers, b"")


def test_serves_a_path_with_its_query(connection: http.client.HTTPConnection) -> None:
    assert get(connection, "/list?page=2") == (200, {"Content-Length": "6"}, b"page 2")


def test_answers_404_for_an_unknown_path(connection: http.client.HTTPConnection) -> None:
    headers = {"Content-Type": "text/plain", "Content-Length": "20"}
    assert get(connection, "/list?page=3") == (404, headers, b"not in fixture site\n")


def test_serves_any_host(connection: http.client.HTTPConnection) -> None:
    status, _, body = get(connection, "/", host="www.renrenfanwen.test")
    assert (status, body) == (200, INDEX)


def test_head_sends_headers_without_body(connection: http.client.HTTPConnection) -> None:
    expected_headers = {"Content-Type": "text/html", "Content-Length": str(len(INDEX))}
    assert get(connection, "/", method="HEAD") == (200, expected_headers, b"")


def test_sends_a_manifest_content_length_as_given(tmp_path: Path) -> None:
    # A fixture models a truncated body by promising more than it sends.
    pages = [{"path": "/", "headers": {"Content-Length": "100"}, "file": "short.html"}]
    folder = write_fixture_site(tmp_path, pages, {"short.html": b"trunc"})
    with serve_fixture_site(folder) as base_url:
        parts = urlsplit(base_url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            connection.request("GET", "/")
            with pytest.raises(http.client.IncompleteRead) as raised:
                connection.getresponse().read()
        finally:
            connection.close()
    assert raised.value.partial == b"trunc"


def test_stops_serving_when_the_block_ends(site_folder: Path) -> None:
    with serve_fixture_site(site_folder) as base_url:
        parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        with pytest.raises(ConnectionRefusedError):
            connection.request("GET", "/")
    finally:
        connection.close()


def test_serves_on_the_given_port(site_folder: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serve_fixture_site(site_folder, port=port) as base_url:
        assert base_url == f"http://127.0.0.1:{port}/"
