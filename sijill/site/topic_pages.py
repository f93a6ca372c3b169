"""Topic pages: one page per topic, a grouped list of them, and each article's topics.

Listed with the site's other outputs in `sijill.site`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.hashing import group_key
from ..engine.recall import take_or_make
from ..records.topics import GROUPS, Topic, load_topics
from .page import Entry, slug_of
from .pagination import ListingPage, cut_points, listing_key, paginate
from .renderer import Renderer


@dataclass(frozen=True)
class TopicGroup:
    heading: str
    entries: list[tuple[Topic, int]]  # topic and how many articles name it


def topics_of(page: Entry) -> list[Topic]:
    """The topics an article's own text names (title, paragraphs, subheadings).

    Tagged once when the entry is made (render.make_page), so listings of a
    large archive never read article bodies again.
    """
    keys = set(page.topics)
    return [topic for topic in load_topics() if topic.key in keys]


def write_topic_pages(renderer: Renderer, pages: list[Entry]) -> None:
    """topics.html, grouped with counts, and topics/<key>.html newest first.

    Only topics some article names get a page: an empty page helps no reader.
    A topic with more than `page_size` articles continues on older pages,
    topics/<key>-page-N.html numbered from the oldest (`paginate`), so a topic
    named every day does not grow one page without bound, and a new article
    newer than the topic's others rewrites only its front page.
    """
    known = {topic.key for topic in load_topics()}
    members: dict[str, list[Entry]] = {}
    for page in pages:  # already newest first
        for key in page.topics:
            if key in known:
                members.setdefault(key, []).append(page)
    groups = []
    for group, heading in GROUPS.items():
        entries = [
            (topic, len(members[topic.key]))
            for topic in load_topics()
            if topic.group == group and topic.key in members
        ]
        groups.append(TopicGroup(heading, entries))
    renderer.write("topics.html", "topics.html", groups=groups)
    for topic in load_topics():
        if topic.key in members:
            write_topic(renderer, topic, members[topic.key])


def write_topic(renderer: Renderer, topic: Topic, chosen: list[Entry]) -> None:
    """One topic's pages: its articles newest first, `page_size` to a page.

    The front page is keyed on its own; the archived pages behind it, as a
    whole, by how many pages there are and what they hold. A topic named in
    thousands of articles has dozens of archived pages, and keying each of
    them for every article added to the topic's front costs more than the page.
    """
    listings, archived_key = topic_listings(renderer, topic, chosen)
    # Only the front page shows the count: it changes with every new article,
    # and an archived page's key (so its file) must not.
    write_topic_page(renderer, topic, listings[0], len(chosen))
    with renderer.group(topic.url, archived_key) as changed:
        if changed:
            for listing in listings[1:]:
                write_topic_page(renderer, topic, listing, None)


def topic_listings(
    renderer: Renderer, topic: Topic, chosen: list[Entry]
) -> tuple[list[ListingPage[Entry]], str]:
    """A topic's pages, and the key of the archived ones as a whole (`Renderer.group`).

    Cutting a topic into pages and hashing its archived entries walks every article
    of it; `serve` takes both again from the last render for a topic whose articles
    are the same (`Renderer.recall`), which is every topic but the edited article's.
    """
    recall = renderer.recall

    def cut(keys: list[str], size: int) -> list[int]:
        # Where the archived pages end, as the last render found them for the same slugs
        # in the same order: an edit that keeps an article's slug and date, the usual
        # one, changes the entries of its topics but not where their pages end.
        return take_or_make(recall, "cuts", topic.key, (keys, size), cut_points, keys, size)

    def make() -> tuple[list[ListingPage[Entry]], str]:
        later = topic.url.removesuffix(".html") + "-page-{n}.html"
        size = renderer.settings.page_size
        listings = paginate(chosen, size, topic.url, later, slug_of, cut)
        archived = chosen[len(listings[0].entries) :]
        return listings, group_key([str(len(listings))], archived)

    return take_or_make(recall, "topic", topic.key, chosen, make)


def write_topic_page(
    renderer: Renderer, topic: Topic, listing: ListingPage[Entry], total: int | None
) -> None:
    """One page of a topic, rendered only if what it shows changed (`listing_key`: the
    topic, its group's heading and the count are all the page shows besides its entries)."""
    heading = GROUPS[topic.group]
    shown = (topic.key, heading, total)
    key = lambda: listing_key(listing, "topic.html", *shown)  # noqa: E731
    if renderer.needs_recalled(listing.path, (listing, shown), key):
        context = {"topic": topic, "heading": heading, "total": total, "listing": listing}
        renderer.render_to(listing.path, "topic.html", context)
