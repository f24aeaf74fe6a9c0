"""The fallback server for machines without nginx: asyncio, HTTP/1.1 keep-alive,
every file held in memory after its first request, no charset in ``Content-Type``
(the live site sends none).
"""

from __future__ import annotations

import asyncio
from pathlib import Path


class StaticSiteProtocol(asyncio.Protocol):
    """GET and HEAD for files under ``root``, keep-alive, pipelining tolerated."""

    def __init__(self, root: Path, cache: dict[bytes, bytes]) -> None:
        self.root, self.cache, self.buffer = root, cache, b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
            method, target, version = [*head.split(b"\r\n", 1)[0].split(b" "), b"", b""][:3]
            close = version != b"HTTP/1.1" or b"\nconnection: close" in head.lower()
            answer = self._answer(target.split(b"?", 1)[0], close)
            self.transport.write(
                answer if method != b"HEAD" else answer.split(b"\r\n\r\n")[0] + b"\r\n\r\n"
            )
            if close:
                self.transport.close()
                return

    def _answer(self, path: bytes, close: bool) -> bytes:
        answer = self.cache.get(path)
        if answer is None:
            relative = path.decode("latin-1").lstrip("/") + (
                "index.html" if path.endswith(b"/") else ""
            )
            file = self.root / relative
            found = ".." not in relative.split("/") and file.is_file()
            body = file.read_bytes() if found else b"not found\n"
            kind = "text/plain" if relative.endswith(".txt") or not found else "text/html"
            status = "200 OK" if found else "404 Not Found"
            answer = (
                f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body
            self.cache[path] = answer
        return answer.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1) if close else answer


async def serve(root: Path, port: int) -> None:
    cache: dict[bytes, bytes] = {}
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: StaticSiteProtocol(root, cache), "127.0.0.1", port)
    print(f"serving {root} on http://127.0.0.1:{server.sockets[0].getsockname()[1]}/", flush=True)
    async with server:
        await server.serve_forever()
