"""Dates a reader recognises, the Atom feed, the sitemap, and each page's metadata."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from sijill.commands.build import build
from sijill.config.settings import Settings, load_settings
from sijill.site.display import shown_date
from sijill.site.metadata import script_json
from tests.support.vnu import atom_problems

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/archive/"


class HeadParser(HTMLParser):
    """The head's metadata: meta tags by property/name, link rels, JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "link":
            self.links[a.get("rel", "")] = a.get("href", "")
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld[-1] += data


def head(path: Path) -> HeadParser:
    parser = HeadParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def article_file(site: Path, fragment: str) -> Path:
    (match,) = (site / "articles").glob(f"*{fragment}*.html")
    return match


def with_base_url(settings: Settings, base_url: str = BASE) -> Settings:
    toml = settings.root / "site.toml"
    text = toml.read_text(encoding="utf-8").replace('base_url = ""', f'base_url = "{base_url}"')
    toml.write_text(text, encoding="utf-8")
    return load_settings(toml)


# --- dates --------------------------------------------------------------------------------


def test_date_has_weekday_cldr_month_and_umm_al_qura_hijri() -> None:
    date = shown_date("2024-11-30", "stated", None, "ar")
    assert date.full == "السبت 30 نوفمبر 2024 · 28 جمادى الأولى 1446\u00a0هـ"


def test_a_stated_time_says_whose_clock_it_is() -> None:
    date = shown_date("2024-12-06T19:37", "stated", None, "ar")
    assert date.parts == (
        "الجمعة 6 ديسمبر 2024",
        "5 جمادى الآخرة 1446\u00a0هـ",
        "الساعة 19:37 بتوقيت المصدر",
    )
    assert date.full.endswith("هـ، الساعة 19:37 بتوقيت المصدر")


def test_locale_picks_the_month_family() -> None:
    syrian = shown_date("2024-11-30", "stated", None, "ar_SY")
    assert syrian.gregorian == "السبت 30 تشرين الثاني 2024"
    assert shown_date("2024-11-30", "stated", None, "ar_MA").gregorian == "السبت 30 نونبر 2024"
    # Hijri months do not depend on the Gregorian family.
    assert shown_date("2025-03-20", "stated", None, "ar_SY").hijri == "20 رمضان 1446\u00a0هـ"


def test_approximate_and_unknown_dates_say_so_in_plain_words() -> None:
    inferred = shown_date("2024-11-29", "inferred", "من التعليقات", "ar")
    # No weekday beside an estimate (it would look exact), no brackets.
    assert inferred.approximate and inferred.full.startswith("29 نوفمبر 2024 · ")
    assert inferred.full.endswith("هـ (تاريخ مقدَّر، قدّره الأرشيف من نص المقال)")
    supplied = shown_date("2025-03-20", "supplied", "من المحرر", "ar")
    assert supplied.full.endswith("هـ (تاريخ مقدَّر، قدّره محرر الأرشيف)")
    unknown = shown_date(None, "unknown", None, "ar")
    assert unknown.iso is None and unknown.full == "تاريخ النشر غير معروف"
    for date in (inferred, supplied):
        assert "[" not in date.full and "الالتقاط" not in date.full


def dates_in(html: str) -> list[tuple[str, list[str], str]]:
    """Each date component of a page: its ISO value, its unbreakable parts, what follows it."""
    found = []
    for match in re.finditer(r'<time datetime="([^"]+)" class="date">(.*?)</time>(.{0,200})', html):
        parts = re.findall(r'<span class="date-part">([^<]+)</span>', match.group(2))
        found.append((match.group(1), parts, match.group(3)))
    return found


def test_every_date_on_the_site_is_one_component_with_gregorian_and_hijri(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    dates = dates_in(index)
    assert len(dates) == 5
    for iso, parts, _ in dates:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", iso)
        assert parts[1].endswith("\u00a0هـ"), parts
    assert (
        '<time datetime="2024-11-30" class="date"><span class="date-part">السبت 30 نوفمبر 2024'
        '</span>&nbsp;· <span class="date-part">28 جمادى الأولى 1446\u00a0هـ</span></time>'
    ) in index
    # Estimated: a plain badge and who estimated it, in words a phone reader sees too;
    # no brackets, no hover title, no weekday that would look exact.
    estimated = [(iso, parts, after) for iso, parts, after in dates if "badge" in after]
    assert [iso for iso, _, _ in estimated] == ["2025-03-20", "2024-11-29"]
    for _, parts, _ in estimated:
        assert not parts[0].startswith(("الخميس", "الجمعة")), parts
    main = index[index.index("<main") : index.index("</main>")]
    assert "title=" not in main and "approx" not in main and "[" not in main
    assert index.count('<span class="badge">تاريخ مقدَّر</span>') == 2
    assert index.count('<span class="why">قدّره الأرشيف من نص المقال</span>') == 1
    assert index.count('<span class="why">قدّره محرر الأرشيف</span>') == 1
    # The article says it once, under the date, in plain words, then how it was estimated.
    page = article_file(site, "asharq-1f20bf5859").read_text(encoding="utf-8")
    note = re.search(r'<p class="date-note">([^<]+)</p>', page).group(1)
    assert note.startswith("لم تذكر الصفحة تاريخ نشرها، فقدّره الأرشيف من نصها. استُنتج من")
    supplied = article_file(site, "undated-asharq-c56f2ff849").read_text(encoding="utf-8")
    note = re.search(r'<p class="date-note">([^<]+)</p>', supplied).group(1)
    assert "::" not in note and note.count(":") == 1  # the editor's own colon only
    for text in (page, supplied):
        assert "نص الالتقاط" not in text


def test_the_feed_says_an_estimated_date_in_the_same_words(site: Path) -> None:
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "29 نوفمبر 2024 · 27 جمادى الأولى 1446\u00a0هـ (تاريخ مقدَّر، قدّره الأرشيف" in feed
    assert "تقريبي" not in feed and "[" not in feed


def test_unknown_date_says_so(project) -> None:
    settings = project()
    record = settings.articles / "undated-asharq-c56f2ff849.md"
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"^date: .*\n", "", text, flags=re.M)
    text = re.sub(r"^date_basis: .*\n", "date_basis: unknown\n", text, flags=re.M)
    record.write_text(text, encoding="utf-8")
    build(settings)
    page = (settings.output / "articles/undated-asharq-c56f2ff849.html").read_text("utf-8")
    assert '<span class="undated">تاريخ النشر غير معروف</span>' in page
    assert "<time" not in page.split("<main")[1].split("</header>")[0]
    feed = ET.parse(settings.output / "feed.xml").getroot()
    assert len(feed.findall(f"{A}entry")) == 4  # undated articles stay out of the feed
    assert "datePublished" not in json.loads(
        head(settings.output / "articles/undated-asharq-c56f2ff849.html").jsonld[0]
    )


# --- feed ---------------------------------------------------------------------------------


def test_feed_is_atom_in_arabic_newest_first(site: Path) -> None:
    path = site / "feed.xml"
    assert atom_problems(path) == []
    root = ET.parse(path).getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    entries = root.findall(f"{A}entry")
    assert len(entries) == 5
    updated = [e.findtext(f"{A}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{A}updated") == updated[0] == "2025-03-20T00:00:00Z"
    for stamp in updated:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", stamp)
    ids = [e.findtext(f"{A}id") for e in entries]
    assert all(i.startswith("tag:") and i.endswith(Path(i).name) for i in ids)
    assert "tag:sijill.invalid,2024:2024-11-30-alawwal-32e0af22bd" in ids
    assert root.find(f"{A}link[@rel='self']").get("href") == "feed.xml"
    for entry in entries:
        href = entry.find(f"{A}link").get("href")
        assert (site / href).is_file()
        assert entry.findtext(f"{A}author/{A}name")
    # published only where the capture states the date (3 of the 5).
    assert sum(e.find(f"{A}published") is not None for e in entries) == 3


def test_feed_respects_feed_entries_and_is_byte_identical_across_builds(project) -> None:
    settings = project()
    toml = settings.root / "site.toml"
    toml.write_text(
        toml.read_text("utf-8").replace("feed_entries = 20", "feed_entries = 2"), "utf-8"
    )
    settings = load_settings(toml)
    build(settings)
    first = (settings.output / "feed.xml").read_bytes()
    pages = {p: p.read_bytes() for p in sorted(settings.output.rglob("*")) if p.is_file()}
    build(settings)
    assert (settings.output / "feed.xml").read_bytes() == first
    assert {p: p.read_bytes() for p in sorted(settings.output.rglob("*")) if p.is_file()} == pages
    root = ET.fromstring(first)
    assert len(root.findall(f"{A}entry")) == 2


def test_hostile_title_is_escaped_in_feed_page_and_json_ld(project) -> None:
    settings = project()
    hostile = "</script><script>alert(1)</script> & <b>x</b> ]]> \u2028"
    record = settings.articles / "2024-11-30-alawwal-32e0af22bd.md"
    text = record.read_text(encoding="utf-8")
    text = re.sub(
        r"^title: .*$", lambda _: "title: " + json.dumps(hostile), text, count=1, flags=re.M
    )
    record.write_text(text, encoding="utf-8")
    build(settings)
    page = settings.output / "articles/2024-11-30-alawwal-32e0af22bd.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert html.count("</script>") == 1  # only the JSON-LD block's own end tag
    parsed = head(page)
    assert len(parsed.jsonld) == 1
    data = json.loads(parsed.jsonld[0])
    shown = hostile.replace("\u2028", "")  # a line separator is dropped, as from a capture
    assert data["headline"] == shown
    assert parsed.meta["og:title"] == shown
    feed = ET.parse(settings.output / "feed.xml").getroot()
    titles = [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")]
    assert shown in titles


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


# --- page metadata ------------------------------------------------------------------------


def test_article_metadata_without_base_url_is_relative(site: Path) -> None:
    stated = head(article_file(site, "alawwal"))
    assert "canonical" not in stated.links and "og:url" not in stated.meta
    assert stated.links["icon"] == "../favicon.ico" and (site / "favicon.ico").is_file()
    assert stated.meta["og:type"] == "article"
    assert stated.meta["og:title"] == "المعارضة السورية تجتاح مدينة حلب وروسيا تشن ضربات لدعم الأسد"
    assert stated.meta["description"] == stated.meta["og:description"]
    assert stated.meta["description"].startswith("قال الجيش السوري يوم السبت")
    assert stated.meta["article:published_time"] == "2024-11-30"
    data = json.loads(stated.jsonld[0])
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "ar"
    assert data["headline"] == stated.meta["og:title"]
    assert data["datePublished"] == "2024-11-30"
    assert data["publisher"] == {"@type": "Organization", "name": "الأول"}
    assert data["isBasedOn"]["name"] == "003_f31126efb5fa09ff.txt"
    assert data["isBasedOn"]["identifier"].startswith("sha256:")
    capture = "../captures/2024-11-30-alawwal-32e0af22bd.html"
    assert data["isBasedOn"]["url"] == capture and (site / capture[3:]).is_file()
    assert data["url"] == "../articles/2024-11-30-alawwal-32e0af22bd.html"
    timed = json.loads(head(article_file(site, "37580c158a")).jsonld[0])
    # «19:37» with no zone in the capture: no offset is invented for it.
    assert timed["datePublished"] == "2024-12-06T19:37:00"


def test_inferred_and_supplied_dates_are_not_offered_as_published(site: Path) -> None:
    for fragment in ("asharq-1f20bf5859", "undated-asharq"):
        parsed = head(article_file(site, fragment))
        assert "datePublished" not in json.loads(parsed.jsonld[0])
        assert "article:published_time" not in parsed.meta


def test_no_sitemap_without_base_url(site: Path) -> None:
    assert not (site / "sitemap.xml").exists()
    assert (site / "404.html").is_file()


def test_base_url_gives_canonical_absolute_og_sitemap_and_feed_links(project) -> None:
    settings = with_base_url(project())
    build(settings)
    out = settings.output
    page = head(out / "articles/2024-11-30-alawwal-32e0af22bd.html")
    url = BASE + "articles/2024-11-30-alawwal-32e0af22bd.html"
    assert page.links["canonical"] == page.meta["og:url"] == url
    assert json.loads(page.jsonld[0])["url"] == url
    assert page.links["stylesheet"] == "../static/style.css"  # reading links stay relative
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.findtext(f"{SM}loc") for u in sitemap.findall(f"{SM}url")]
    home = head(out / "index.html").links["canonical"]
    assert locs[0] == home == BASE + "index.html" and url in locs and len(locs) == 6
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.findtext(f"{A}id") == BASE
    assert feed.find(f"{A}link[@rel='self']").get("href") == BASE + "feed.xml"
    assert url in [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    assert atom_problems(out / "feed.xml") == []
    # The 404 page is served at any depth, so with base_url its links start from the
    # site's path: the same on the real host, a mirror or a staging copy.
    not_found = head(out / "404.html")
    assert not_found.links["stylesheet"] == urlsplit(BASE).path + "static/style.css"
    assert not_found.meta["robots"] == "noindex"
    assert "canonical" not in not_found.links and "og:url" not in not_found.meta


def test_a_sitemap_past_the_protocols_limit_becomes_an_index_of_parts(project, monkeypatch):
    from sijill.site import feeds

    settings = with_base_url(project())
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 4)  # 6 URLs: the home page and five articles
    build(settings)
    out = settings.output
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in index.findall(f"{SM}sitemap")]
    assert parts == [BASE + "sitemap-1.xml", BASE + "sitemap-2.xml"]
    locs = [
        u.findtext(f"{SM}loc")
        for name in ("sitemap-1.xml", "sitemap-2.xml")
        for u in ET.parse(out / name).getroot().findall(f"{SM}url")
    ]
    assert len(locs) == len(set(locs)) == 6 and locs[0] == BASE + "index.html"
    for seed in sorted(settings.seeds.glob("*.txt"))[:2]:  # back to 4 URLs, under the limit
        seed.unlink()
        for record in settings.articles.glob("*.md"):
            if f"seed: {seed.name}" in record.read_text(encoding="utf-8"):
                record.unlink()
    build(settings)  # one file again, and no stale parts
    assert ET.parse(out / "sitemap.xml").getroot().tag == f"{SM}urlset"
    assert not list(out.glob("sitemap-*.xml"))


def test_capture_page_is_linked_from_json_ld_only_when_it_exists(project) -> None:
    from sijill.commands.build import build

    settings = project()
    (settings.seeds / "003_f31126efb5fa09ff.txt").unlink()  # its article stays, its capture goes
    build(settings)
    without = json.loads(head(article_file(settings.output, "alawwal")).jsonld[0])
    assert "url" not in without["isBasedOn"]
    assert not (settings.output / "captures/2024-11-30-alawwal-32e0af22bd.html").exists()
    with_capture = json.loads(head(article_file(settings.output, "37580c158a")).jsonld[0])
    assert with_capture["isBasedOn"]["url"] == "../captures/2024-12-06-arabi21-37580c158a.html"


def test_self_hosted_font_is_published_only_when_switched_on(site: Path, project) -> None:
    assert not (site / "static/fonts").exists()
    assert "fonts.css" not in (site / "index.html").read_text(encoding="utf-8")
    settings = project()
    toml = settings.root / "site.toml"
    toml.write_text(
        toml.read_text("utf-8").replace("self_hosted_font = false", "self_hosted_font = true"),
        "utf-8",
    )
    settings = load_settings(toml)
    build(settings)
    index = (settings.output / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="static/fonts/fonts.css">' in index
    fonts = settings.output / "static/fonts"
    css = (fonts / "fonts.css").read_text(encoding="utf-8")
    for name in re.findall(r'url\("([^"]+)"\)', css):
        assert (fonts / name).read_bytes()[:4] == b"wOF2"
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text(encoding="utf-8")


def test_a_stated_update_is_shown_and_given_to_machines_as_date_modified(project) -> None:
    """A page that states when it was updated as well as when it was published: readers
    see both, and schema.org and Open Graph get the update as the modified date."""
    from sijill.commands.build import build

    settings = project(articles=False)
    for seed in settings.seeds.glob("*.txt"):
        seed.unlink()
    fixtures = Path(__file__).resolve().parent / "fixtures" / "captures"
    shutil.copy(fixtures / "agency-wire-1.txt", settings.seeds / "wire.txt")
    build(settings)
    (page,) = (settings.output / "articles").glob("*.html")
    parsed = head(page)
    data = json.loads(parsed.jsonld[0])
    assert (data["datePublished"], data["dateModified"]) == ("2025-03-20", "2025-03-21")
    assert parsed.meta["article:modified_time"] == "2025-03-21"
    text = " ".join(page.read_text(encoding="utf-8").split())
    assert re.search(r"آخر تحديث: .{0,200}21 مارس 2025", text)


def test_no_modified_date_without_a_stated_update(site: Path) -> None:
    for page in (site / "articles").glob("*.html"):
        assert "dateModified" not in head(page).jsonld[0]
        assert "آخر تحديث" not in page.read_text(encoding="utf-8")
