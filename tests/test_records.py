"""articles/: the reviewable record, its escaping, and hand edits that survive rebuilds."""

from __future__ import annotations

import html
import pickle
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.layouts import Story, alawwal
from sijill.commands.build import build
from sijill.errors import RecordError
from sijill.extract.decisions import Block
from sijill.records.record import (
    blocks_to_markdown,
    escape_markdown,
    markdown_to_blocks,
    parse_record,
    read_record,
    render_record,
)

HOSTILE = [
    "# ليس عنواناً",
    "* ليس بنداً",
    "1. ليس قائمة",
    "> ليس اقتباساً",
    "`شيفرة` و _مائل_ و **عريض**",
    "[رابط](javascript:alert(1)) ![صورة](x.png)",
    "<script>alert(1)</script>",
    "&amp; &lt;b&gt;",
    "{{ config }} {% for x in y %}",
    "{: .caption}",
    "---",
    "٣. بند",
    "+ زائد",
    "- ناقص",
    "\\*",
]


def visible_text(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_never_reinterprets_capture_text(text):
    rendered = markdown.markdown(escape_markdown(text), extensions=["attr_list"])
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1
    assert visible_text(rendered) == text
    assert "<script" not in rendered and "<a " not in rendered and "<img" not in rendered


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
    )
)
def test_escaping_round_trips_any_text(text):
    text = " ".join(text.split())
    if not text:
        return
    escaped = escape_markdown(text)
    assert markdown_to_blocks(escaped) == [Block("paragraph", text, 0)]
    rendered = markdown.markdown(escaped, extensions=["attr_list"])
    assert visible_text(rendered) == text.strip()


def test_body_grammar_round_trips():
    blocks = [
        Block("caption", "صورة (أ.ف.ب)", 0),
        Block("paragraph", "# فقرة", 1),
        Block("subheading", "مباحثات تركية روسية", 2),
        Block("paragraph", "1. فقرة", 3),
    ]
    body = blocks_to_markdown(blocks)
    assert "## مباحثات تركية روسية" in body and "{: .caption}" in body
    assert markdown_to_blocks(body) == [Block(b.kind, b.text, i) for i, b in enumerate(blocks)]
    rendered = markdown.markdown(body, extensions=["attr_list"])
    assert '<p class="caption">صورة (أ.ف.ب)</p>' in rendered and "<h2>" in rendered


RECORD = {
    "title": "عنوان",
    "source": "عربي21",
    "date": "2024-11-30",
    "date_basis": "stated",
    "seed": "x.txt",
    "seed_sha256": "0" * 64,
    "slug": "a",
    "cleaner": 1,
}


def test_record_parses_back_to_the_same_record(tmp_path):
    meta = {
        "title": "عنوان: «مقتبس»",
        "source": "عربي21",
        "date": "2024-11-30",
        "date_basis": "stated",
        "seed": "x.txt",
        "seed_sha256": "0" * 64,
        "slug": "2024-11-30-arabi21-0000000000",
        "cleaner": 1,
    }
    text = render_record(meta, "فقرة.\n")
    article = parse_record(text, tmp_path / "a.md")
    assert article.meta == meta and article.body == "فقرة.\n" and not article.edited
    edited = parse_record(text.replace("فقرة.", "فقرة معدلة."), tmp_path / "a.md")
    assert edited.edited


def test_committed_records_parse_and_004_carries_the_supplied_date():
    records = {read_record(p).meta["seed"]: read_record(p) for p in Path("articles").glob("*.md")}
    assert len(records) == 5
    record = records["004_ebbdbeee38b53e8a.txt"]
    assert (record.date, record.basis) == ("2025-03-20", "supplied")
    assert record.edited and record.meta["date_note"]
    untouched = {seed for seed, record in records.items() if not record.edited}
    assert untouched == set(records) - {"004_ebbdbeee38b53e8a.txt"}, "generator output drifted"
    for seed, record in records.items():
        assert (
            record.meta["seed_sha256"]
            == __import__("hashlib").sha256(Path("seeds", seed).read_bytes()).hexdigest()
        )
        assert re.fullmatch(r"[a-z0-9-]+", record.slug)


def test_hand_edit_survives_rebuild_and_seed_change_warns(project):
    settings = project()
    path = next(p for p in settings.articles.glob("*.md") if "alawwal" in p.name)
    edited = path.read_text(encoding="utf-8").replace(
        "قال الجيش السوري يوم السبت", "قال الجيش السوري (تصحيح) يوم السبت"
    )
    path.write_text(edited, encoding="utf-8")
    report = build(settings)
    assert path.read_text(encoding="utf-8") == edited and not report.warnings
    seed = settings.seeds / read_record(path).meta["seed"]
    seed.write_bytes(seed.read_bytes() + "\nسطر جديد في الالتقاط.\n".encode())
    report = build(settings)
    assert path.read_text(encoding="utf-8") == edited
    assert any(path.name in w and "edited by hand" in w for w in report.warnings)
    assert "(تصحيح)" in (settings.output / "articles" / f"{read_record(path).slug}.html").read_text(
        encoding="utf-8"
    )


def test_deleted_record_is_regenerated_and_004_edit_is_kept(project):
    settings = project()
    victim = next(p for p in settings.articles.glob("*.md") if "arabi21" in p.name)
    original = victim.read_text(encoding="utf-8")
    victim.unlink()
    report = build(settings)
    assert victim.read_text(encoding="utf-8") == original
    assert report.new == [read_record(victim).meta["seed"]]
    supplied = [
        read_record(p) for p in settings.articles.glob("*.md") if read_record(p).basis == "supplied"
    ]
    assert [a.date for a in supplied] == ["2025-03-20"]


def test_fresh_checkout_without_records_builds_004_as_undated(project):
    settings = project(articles=False)
    report = build(settings)
    assert len(report.new) == 5
    undated = [
        read_record(p) for p in settings.articles.glob("*.md") if read_record(p).basis == "unknown"
    ]
    assert (
        len(undated) == 1 and undated[0].date is None and "19 مارس" in undated[0].meta["date_note"]
    )
    index = (settings.output / "index.html").read_text(encoding="utf-8")
    assert "مقالات بلا تاريخ معروف" in index
    assert index.index("مقالات بلا تاريخ معروف") > index.index("نوفمبر 2024")


def test_new_seed_appears_in_date_order_without_re_extracting_others(project):
    settings = project()
    build(settings)
    before = {p: p.stat().st_mtime_ns for p in settings.articles.glob("*.md")}
    story = Story(
        title="عنوان خبر جديد لم يره المنظف من قبل",
        paragraphs=["فقرة أولى من الخبر الجديد.", "فقرة ثانية."],
        year=2024,
        month=12,
        day=1,
    )
    (settings.seeds / "005_new.txt").write_text(alawwal(story), encoding="utf-8")
    report = build(settings)
    assert report.new == ["005_new.txt"] and len(report.unchanged) == 5 and not report.updated
    assert {p: p.stat().st_mtime_ns for p in before} == before
    index = (settings.output / "index.html").read_text(encoding="utf-8")
    positions = [
        index.index(t) for t in ("لا خطة لدى روسيا", story.title, "لهذه الأسباب زار الأسد")
    ]
    assert positions == sorted(positions)


def test_a_cached_record_refuses_a_body_from_a_file_changed_since(tmp_path):
    from sijill.errors import RecordError
    from sijill.records.record import parse_record

    path = tmp_path / "a.md"
    text = "---\ntitle: عنوان\nslug: a\nsource: عربي21\n---\n\nفقرة.\n"
    path.write_text(text, encoding="utf-8")
    stub = parse_record(text, path).without_body()
    assert stub.body == "فقرة.\n"  # read back from the unchanged file
    path.write_text(text.replace("فقرة.", "فقرة أخرى."), encoding="utf-8")
    with pytest.raises(RecordError, match="changed while the site was built"):
        _ = stub.body


def test_records_share_their_front_matters_keys_and_short_values(tmp_path):
    # A cold build holds every record of the archive: a string of their own for each key
    # and each source or date basis was half a record's memory.
    made = [
        parse_record(
            render_record(dict(RECORD, slug=f"a-{n}", title=f"عنوان {n}"), "فقرة.\n"),
            tmp_path / f"a-{n}.md",
        )
        for n in range(2)
    ]
    first, second = (list(article.meta.items()) for article in made)
    for (key, value), (other_key, other_value) in zip(first, second, strict=True):
        assert key is other_key
        if key in ("source", "date_basis"):
            assert value is other_value


def test_a_new_record_comes_from_its_worker_packed_and_without_its_body(tmp_path):
    from sijill.records.sync import prepare_record, unpacked

    packed, article = prepare_record(dict(RECORD), "فقرة.\n", None, tmp_path)
    text = render_record(RECORD, "فقرة.\n")
    assert unpacked(packed) == text.encode("utf-8")
    assert article.kept_body is None and article == parse_record(text, article.path).without_body()
    article.path.write_bytes(unpacked(packed))
    assert article.body == "فقرة.\n"  # read back from the file it was written to


FRONT = "---\ntitle: عنوان\nslug: a\nsource: عربي21\n{}\n---\n\nفقرة.\n"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("date: 2024-02-30", "a.md: front matter holds an impossible value (day is out of range"),
        ("date: '2024-02-30'", "a.md: date 2024-02-30 does not exist (day is out of range"),
        ("date: '2024-13-45'", "a.md: date 2024-13-45 does not exist (month must be in 1..12"),
        ("date: '2024-11-30T25:00'", "a.md: date 2024-11-30T25:00 does not exist (hour must be"),
        ("date: yesterday", "a.md: date must be ISO 8601"),
        ("note: a: b", "a.md: front matter is not valid YAML at line 5: mapping values are not"),
    ],
)
def test_a_broken_front_matter_is_one_line_naming_file_line_and_problem(line, reason):
    with pytest.raises(RecordError) as raised:
        parse_record(FRONT.format(line), Path("articles/a.md"))
    assert str(raised.value).startswith(reason)
    assert "\n" not in str(raised.value)
    assert str(raised.value) == f"a.md: {raised.value.reason}"


def test_an_article_with_an_impossible_date_costs_only_itself(project, capsys):
    settings = project()
    record = sorted(settings.articles.glob("*.md"))[0]
    text = record.read_text(encoding="utf-8")
    record.write_text(re.sub(r"(?m)^date: .*$", "date: '2024-02-30'", text), encoding="utf-8")
    report = build(settings)
    assert report.warnings == [
        f"articles/{record.name}: date 2024-02-30 does not exist (day is out of range for month);"
        " not published until fixed"
    ]
    assert len(list(settings.output.glob("articles/*.html"))) == 4


def test_a_record_error_survives_the_trip_back_from_a_worker():
    """Workers send errors back pickled; one that cannot be rebuilt hung the whole build."""
    error = pickle.loads(pickle.dumps(RecordError(Path("articles/a.md"), "changed")))
    assert (str(error), error.reason) == ("a.md: changed", "changed")
