"""An editor's Markdown made safe: rendered, then stripped of anything that could run.

A hand-edited article body is the only HTML in the site not written by our own
templates, so it passes through nh3 with a short list of tags and attributes.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

from ..records.record import markdown_limit

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "a",
    "br",
    "figure",
    "figcaption",
    "hr",
    "bdi",
    "span",
    "code",
}


ALLOWED_ATTRIBUTES = {"*": {"dir", "lang", "class"}, "a": {"href", "title"}}


def literal_paragraphs(body: str) -> Markup:
    """The body as written, a paragraph per block of lines, with no Markdown read in it."""
    chunks = (chunk.strip() for chunk in re.split(r"\n[ \t]*\n", body))
    return Markup("\n").join(Markup("<p>%s</p>") % chunk for chunk in chunks if chunk)


def sanitise_markdown(body: str) -> Markup:
    """An editor's Markdown, rendered and stripped of anything that could run.

    A body past the bounds of :func:`markdown_limit` is shown as written (the
    build warns about it): the Markdown library would take minutes or recurse too deep.
    """
    if markdown_limit(body) is not None:
        return literal_paragraphs(body)
    import markdown  # only a body an editor rewrote needs it: most builds never import it

    html = markdown.markdown(body, extensions=["attr_list"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # A caption describes a photo: like the template's own captions, it stays out of the
    # search index and reads «صورة: …» unless it says so itself (fixed strings added
    # after a fixed tag, after the cleaning).
    return Markup(CAPTION.sub(_open_caption, clean))


#: A caption paragraph as the cleaning leaves it, and the start of its text when that
#: names the photo itself («صورة أرشيفية…»), as `article.html` tests a cleaned caption.
CAPTION = re.compile(r'<p class="caption">((?:ال)?صورة)?')
CAPTION_LABEL = '<span class="caption-label">صورة:</span> '


def _open_caption(match: re.Match[str]) -> str:
    return '<p class="caption" data-pagefind-ignore>' + (match.group(1) or CAPTION_LABEL)
