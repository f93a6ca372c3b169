"""The home page: the newest articles grouped by month."""

from __future__ import annotations

from .render import Entry, Renderer, group_by_month


def write_archive_pages(renderer: Renderer, pages: list[Entry]) -> None:
    groups = group_by_month(pages, renderer.settings.locale)
    renderer.write("index.html", "index.html", groups=groups, pages=pages)
