"""A synthetic 人人范文网 for benchmarks: N essays as static files, and a server for them.

    python bench/site_generator.py generate OUT --essays 5000 [--seed 1]
    python bench/site_generator.py serve OUT/www [--port 8000]

``generate`` writes the site as SITE.md models it under ``OUT/www``, one file
per URL (``/`` and ``/{slug}/`` are ``index.html``), GBK-encoded with a
``<meta charset=gb2312>``, and ``OUT/site.json`` saying what is in it. Every
essay page is about 12 KB and carries the chrome real pages do: hidden
watermark spans and fonts, promo lines, ``<script>`` and ad blocks in the
body, the related list, the download box, broken sentences and headings.
About 10% of essays span 2-3 pages and about 10% are exact or near copies of
another; every essay is one record to archive, copies included. The text is
sentences of the fixture essays (``fixtures/site``), sampled with a seeded
generator and their numbers redrawn, so a seed always gives the same site.

``serve`` is the fallback server for machines without nginx: asyncio,
HTTP/1.1 keep-alive, every file held in memory after its first request, no
charset in ``Content-Type`` (the live site sends none).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict
from pathlib import Path

# The generator's parts are modules beside it, also when it is loaded by path (the benchmarks):
# site_model.py (the site, the essay record, the vocabulary), site_markup.py (the pages'
# markup), site_writer.py (the plan and the files) and static_server.py (the fallback server).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_model import sentence_pool
from site_writer import generate_site
from static_server import serve

# What other scripts load from here (bench_search.py: the sentence pool).
__all__ = ["generate_site", "main", "sentence_pool", "serve"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="write a site of N essays")
    make.add_argument("folder", type=Path)
    make.add_argument("--essays", type=int, default=1000)
    make.add_argument("--seed", type=int, default=1)
    run = commands.add_parser("serve", help="serve a generated site's www folder")
    run.add_argument("root", type=Path)
    run.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "generate":
        print(
            json.dumps(
                asdict(generate_site(args.folder, args.essays, args.seed)) | {"paths": "..."}
            )
        )
    else:
        asyncio.run(serve(args.root, args.port))


if __name__ == "__main__":
    main()
