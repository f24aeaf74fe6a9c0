"""A copy of the fixture site that tests change between crawls, as a live site changes.

Edits work on the copy's manifest and page files, so the fixture server (and
the replay reader) serve the changed site. Each helper names the mechanism
(a new list entry, a changed paragraph, a page that now answers 404), not a
fixture's exact text.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "site"

# An essay paragraph: <p> starting with the site's full-width indent.
ESSAY_PARAGRAPH = re.compile(r"<p>\u3000\u3000[^<]*</p>")


class ChangingSite:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def copy_of_fixtures(cls, folder: Path) -> ChangingSite:
        shutil.copytree(FIXTURES, folder)
        return cls(folder)

    # -- manifest ----------------------------------------------------------------
    def _manifest(self) -> dict[str, Any]:
        manifest: dict[str, Any] = json.loads((self.folder / "manifest.json").read_text("utf-8"))
        return manifest

    def _save(self, manifest: dict[str, Any]) -> None:
        (self.folder / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8"
        )

    def _entry(self, manifest: dict[str, Any], path: str) -> dict[str, Any]:
        for page in manifest["pages"]:
            if page["path"] == path:
                return page
        raise KeyError(path)

    def page_file(self, path: str) -> Path:
        return self.folder / self._entry(self._manifest(), path)["file"]

    # -- changes -------------------------------------------------------------------
    def edit_paragraph(self, path: str, number: int, text: str) -> None:
        """Replace the text of the essay's paragraph ``number`` (from 0)."""
        file = self.page_file(path)
        html = file.read_text("utf-8")
        paragraphs = list(ESSAY_PARAGRAPH.finditer(html))
        target = paragraphs[number]
        file.write_text(
            html[: target.start()] + f"<p>\u3000\u3000{text}</p>" + html[target.end() :], "utf-8"
        )

    def delete(self, path: str) -> None:
        """The essay's page now answers 404 (its list entry may stay, as on real sites)."""
        manifest = self._manifest()
        page = self._entry(manifest, path)
        page.update(status=404, file="pages/404.html")
        self._save(manifest)

    def add_essay(
        self, template: str, path: str, title: str, paragraphs: list[str], list_page: str
    ) -> None:
        """A new essay, made from ``template``'s markup, listed first on ``list_page``."""
        manifest = self._manifest()
        source = self._entry(manifest, template)
        html = (self.folder / source["file"]).read_text("utf-8")
        old_title = re.search(r"<h1>([^<]*)</h1>", html)
        assert old_title is not None
        html = html.replace(old_title[1], title)
        bodies = iter(paragraphs)
        html = ESSAY_PARAGRAPH.sub(lambda _: f"<p>\u3000\u3000{next(bodies, '')}</p>", html)
        html = html.replace("<p>\u3000\u3000</p>", "")
        new_file = f"pages/added{path.replace('/', '_')}"
        (self.folder / new_file).write_text(html, "utf-8")
        manifest["pages"].append({**source, "path": path, "file": new_file})
        listing = self.folder / self._entry(manifest, list_page)["file"]
        listed = listing.read_text("utf-8")
        entry = f'<li><a href="{path}" title="{title}">{title}</a><span class="date">2021-06-01</span></li>'
        listing.write_text(
            listed.replace('<ul class="list">', f'<ul class="list">\n  {entry}', 1), "utf-8"
        )
        self._save(manifest)

    def move(self, path: str, new_path: str) -> None:
        """The essay moves: its page is at ``new_path``, ``path`` answers 301 to it."""
        manifest = self._manifest()
        page = self._entry(manifest, path)
        manifest["pages"].append({**page, "path": new_path})
        page.clear()
        page.update(path=path, status=301, headers={"Location": new_path})
        self._save(manifest)

    def empty_list(self, list_page: str) -> None:
        """The list's markup changes so the site profile's entry selector finds nothing."""
        listing = self.page_file(list_page)
        listing.write_text(
            listing.read_text("utf-8").replace('<ul class="list">', '<ul class="articles">'),
            "utf-8",
        )
