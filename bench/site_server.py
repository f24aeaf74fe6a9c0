"""The generated site, served on 127.0.0.1 for the crawl benchmark.

nginx with its own config in the work dir, or the asyncio server in
site_generator.py; the CPU the server's processes use, and the server's
speed alone (one keep-alive client).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawl_setup import BENCH, PYTHON

CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class SiteServer:
    kind: str
    version: str
    base_url: str
    pids: list[int]

    def cpu_seconds(self) -> float:
        """User+sys CPU the server's processes have used so far (/proc/PID/stat)."""
        ticks = 0
        for pid in self.pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])
        return ticks / CLK_TCK


@contextlib.contextmanager
def serve(root: Path, workdir: Path, kind: str) -> Iterator[SiteServer]:
    if kind == "auto":
        kind = "nginx" if shutil.which("nginx") else "python"
    server = _nginx(root, workdir) if kind == "nginx" else _python_server(root, workdir)
    with server as running:
        yield running


@contextlib.contextmanager
def _nginx(root: Path, workdir: Path) -> Iterator[SiteServer]:
    """nginx in the foreground with its own config in ``workdir``; stopped with SIGQUIT."""
    nginx = shutil.which("nginx")
    if nginx is None:
        raise SystemExit(
            "nginx is not installed (apt-get install -y nginx), or use --server python"
        )
    prefix = workdir / "nginx"
    prefix.mkdir(exist_ok=True)
    port = _free_port()
    # root's workers would run as nobody, who cannot enter a 0700 temp dir.
    user = "user root;" if os.geteuid() == 0 else ""
    temp = "".join(
        f"{name}_temp_path {prefix}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(f"""{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  charset off;  # the live site sends Content-Type: text/html with no charset
  types {{ text/html html; text/plain txt; }}
  default_type application/octet-stream;
  sendfile on;
  keepalive_requests 1000000;
  {temp}
  server {{ listen 127.0.0.1:{port}; root {root}; index index.html; }}
}}
""")
    version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip()
    process = subprocess.Popen(
        [
            nginx,
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-e",
            str(prefix / "error.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_listening(port, process)
        children = [
            int(pid)
            for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        ]
        yield SiteServer("nginx", version, f"http://127.0.0.1:{port}/", [process.pid, *children])
    finally:
        _stop(process)


@contextlib.contextmanager
def _python_server(root: Path, workdir: Path) -> Iterator[SiteServer]:
    script = BENCH / "site_generator.py"
    process = subprocess.Popen(
        [PYTHON, str(script), "serve", str(root), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().split()[-1]  # "serving ROOT on URL"
        version = f"asyncio, Python {platform.python_version()}"
        yield SiteServer("python", version, base_url, [process.pid])
    finally:
        _stop(process)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"nginx did not start: {error.strip()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise SystemExit(f"nginx is not listening on port {port} after 10 s")


def _stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()  # nginx: fast shutdown; the Python server: exits
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def measure_server(server: SiteServer, paths: list[str], limit: int = 3000) -> dict[str, Any]:
    """The server alone: one keep-alive client fetching the site's pages in a tight loop."""
    host, port = server.base_url.split("/")[2].split(":")
    connection = http.client.HTTPConnection(host, int(port))
    wanted = [paths[i % len(paths)] for i in range(limit)]
    cpu, received = server.cpu_seconds(), 0
    start = time.perf_counter()
    for path in wanted:
        connection.request("GET", path)
        response = connection.getresponse()
        received += len(response.read())
        assert response.status == 200, (path, response.status)
    seconds = time.perf_counter() - start
    connection.close()
    server_cpu = server.cpu_seconds() - cpu
    return {
        "requests": limit,
        "seconds": round(seconds, 3),
        "requests_per_s": round(limit / seconds, 1),
        "mb_per_s": round(received / seconds / 1e6, 1),
        "server_cpu_ms_per_request": round(1000 * server_cpu / limit, 4),
    }
