"""Provenance on the site: capture pages, raw captures, the fixity manifest, the article line."""

from __future__ import annotations

import ast
import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from sijill.commands.build import build
from sijill.extract.capture import normalise_line
from sijill.extract.profiles import PROFILE_DIR
from sijill.extract.provenance import shown
from sijill.extract.wording import wording
from sijill.records.record import read_record
from sijill.site.capture_pages import FOLD_RUN, Row, group_rows, lines_phrase, removed_sentence

from .conftest import ROOT, SEED_NAMES, SEEDS, copy_project


class CapturePage(HTMLParser):
    """The rows of a capture page's line table: number, state, text, decision and its link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[dict] = []
        self.cell: str | None = None
        self.download: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and (values.get("id") or "").startswith("l"):
            self.rows.append({"id": values["id"], "state": values.get("class"), "href": None})
            self.rows[-1].update(number="", text="", why="", evidence="")
        elif self.rows and tag == "th" and values.get("scope") == "row":
            self.cell = "number"
        elif self.rows and tag == "td":
            self.cell = "text" if values.get("class") == "text" else "why"
        elif tag == "small" and self.cell == "why" and values.get("class") == "evidence":
            self.cell = "evidence"
        elif tag == "a" and self.cell == "why":
            self.rows[-1]["href"] = values.get("href")
        elif tag == "a" and "download" in values:
            self.download = values

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "small" and self.cell == "evidence":
            self.cell = "why"

    def handle_data(self, data: str) -> None:
        if self.cell:
            self.rows[-1][self.cell] += data
            if self.cell == "why":
                self.rows[-1]["why"] = self.rows[-1]["why"].strip()


def capture_pages(site: Path) -> dict[str, Path]:
    """Capture page by seed name, read from each article record's front matter."""
    pages = {}
    for record in sorted((site.parent / "articles").glob("*.md")):
        meta = read_record(record).meta
        pages[meta["seed"]] = site / "captures" / f"{meta['slug']}.html"
    return pages


def parse_capture(path: Path) -> CapturePage:
    parser = CapturePage()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_capture_page_lists_every_line_once_in_order(site, seed):
    lines = (SEEDS / seed).read_bytes().decode("utf-8").splitlines()
    rows = parse_capture(capture_pages(site)[seed]).rows
    assert [row["text"] for row in rows] == lines
    assert [row["number"] for row in rows] == [str(n) for n in range(1, len(lines) + 1)]
    assert [row["id"] for row in rows] == [f"l{n}" for n in range(1, len(lines) + 1)]


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_kept_lines_are_the_article_and_link_to_their_place(site, seed):
    page = capture_pages(site)[seed]
    article = site / "articles" / page.name
    blocks = dict(
        re.findall(
            # A photo caption starts with its label («صورة:»), which is not the capture's text.
            r'<(?:p|h2) id="(b\d+)"[^>]*>(?:<span class="caption-label">[^<]*</span> )?([^<]*)</',
            article.read_text(encoding="utf-8"),
        )
    )
    linked = [row for row in parse_capture(page).rows if row["href"] and "#" in row["href"]]
    fragments = [row["href"].split("#")[1] for row in linked]
    assert fragments == [f"b{n}" for n in range(1, len(blocks) + 1)]
    for row in linked:
        assert row["href"].startswith(f"../articles/{article.name}#")
        text = html.unescape(blocks[row["href"].split("#")[1]])
        assert text in " ".join(normalise_line(row["text"]).split())
        assert row["state"] == "kept"
        assert row["why"] in ("فقرة", "عنوان فرعي", "تعليق صورة")
    title = [row for row in parse_capture(page).rows if row["why"] == "العنوان"]
    assert len(title) == 1 and title[0]["href"] == f"../articles/{article.name}"


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_every_removed_line_carries_its_reason(site, seed):
    rows = parse_capture(capture_pages(site)[seed]).rows
    reasons = set(wording().rules.values())
    removed = [row for row in rows if row["state"] == "removed"]
    assert removed
    for row in removed:
        assert row["why"].startswith("أُزيل: ")
        assert row["why"].removeprefix("أُزيل: ") in reasons, row
        assert row["href"] is None
    for row in rows:
        if row["state"] == "blank":
            assert row["text"].strip() == "" and row["why"] == "سطر فارغ"
    record = next(
        read_record(p) for p in (site.parent / "articles").glob("*.md") if seed in p.read_text()
    )
    if not record.edited:
        assert len(removed) == record.meta["removed_lines"]


def test_capture_page_states_the_facts(site):
    page = capture_pages(site)["000_10b67ccd67ab8d3a.txt"]
    text = page.read_text(encoding="utf-8")
    data = (SEEDS / "000_10b67ccd67ab8d3a.txt").read_bytes()
    for fact in (
        "000_10b67ccd67ab8d3a.txt",
        f"{len(data)} بايت",
        '<span dir="ltr">utf-8</span>',
        "208ffef9a5d4c2615f4a299ff254e78a82717497408d378d3dbeff284fd7d9cf",
        '<time datetime="2025-07-28T22:09:48Z" dir="ltr">2025-07-28 22:09:48 UTC</time>',
        "<dd>عربي21</dd>",
        '<time datetime="2024-11-30" class="date">',
        "مذكور في الالتقاط",
    ):
        assert fact in text, fact
    inferred = capture_pages(site)["002_f417e3593d31deb4.txt"].read_text(encoding="utf-8")
    # The basis said once, in its own words, then the note saying how.
    field = re.search(r"<dt>التاريخ</dt>\n<dd>(.*?)</dd>", inferred).group(1)
    assert field.count("مستنتج") == 1 and "تقريبي" not in field
    assert 'class="badge">تاريخ مقدَّر<' in field
    assert "مستنتج من نص الصفحة. استُنتج من تاريخَي تعليقَي الصورتين" in field
    supplied = capture_pages(site)["004_ebbdbeee38b53e8a.txt"].read_text(encoding="utf-8")
    assert "أضافه المحرر" in supplied and "وقت الالتقاط" not in supplied


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_raw_capture_is_published_byte_identical_for_download(site, seed):
    page = capture_pages(site)[seed]
    link = parse_capture(page).download
    assert link["download"] == seed
    raw = (page.parent / str(link["href"])).resolve()
    assert raw == page.with_suffix(".txt").resolve()
    assert raw.read_bytes() == (SEEDS / seed).read_bytes()


def test_manifest_verifies_with_sha256sum(site):
    manifest = (site / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    assert len(manifest) == len(SEED_NAMES)
    paths = [line.split("  ", 1)[1] for line in manifest]
    assert (
        paths
        == sorted(paths)
        == sorted(p.relative_to(site).as_posix() for p in (site / "captures").glob("*.txt"))
    )
    assert all(re.fullmatch(r"[0-9a-f]{64}  captures/[a-z0-9-]+\.txt", line) for line in manifest)
    result = subprocess.run(
        ["sha256sum", "--strict", "-c", "manifest-sha256.txt"],
        cwd=site,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(SEED_NAMES)


def test_manifest_catches_a_changed_capture(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    raw = next((copy / "captures").glob("*.txt"))
    raw.write_bytes(raw.read_bytes() + b"x")
    result = subprocess.run(
        ["sha256sum", "-c", "manifest-sha256.txt"], cwd=copy, capture_output=True, text=True
    )
    assert result.returncode == 1 and f"{raw.name}: FAILED" in result.stdout


def test_article_page_has_one_provenance_line(site):
    for seed, page in capture_pages(site).items():
        article = (site / "articles" / page.name).read_text(encoding="utf-8")
        lines = re.findall(r'<p class="provenance" data-pagefind-ignore>(.*)</p>', article)
        removed = sum(1 for row in parse_capture(page).rows if row["state"] == "removed")
        assert lines == [
            f"{removed_sentence(removed)}&nbsp;· "
            f'<a href="../captures/{page.name}">الالتقاط الأصلي</a>'
        ], seed
    alawwal = next((site / "articles").glob("*alawwal*.html")).read_text(encoding="utf-8")
    assert "أُزيل 4 أسطر من عناصر الصفحة" in alawwal


@pytest.mark.parametrize(
    ("count", "phrase"),
    [
        (1, "سطر واحد"),
        (2, "سطران"),
        (3, "3 أسطر"),
        (10, "10 أسطر"),
        (11, "11 سطرًا"),
        (29, "29 سطرًا"),
        (99, "99 سطرًا"),
        (100, "100 سطر"),
        (102, "102 سطر"),
        (103, "103 أسطر"),
        (111, "111 سطرًا"),
        (1000, "1000 سطر"),
    ],
)
def test_line_count_agrees_in_arabic(count, phrase):
    assert lines_phrase(count) == phrase
    assert removed_sentence(count) == f"أُزيل {phrase} من عناصر الصفحة"


def test_nothing_removed_is_said_plainly():
    assert removed_sentence(0) == "لم يُزَل أي سطر من عناصر الصفحة"


def cleaner_rules() -> set[str]:
    """Every rule name the cleaner can write: literals in clean.py and every profile's keys."""
    tree = ast.parse((ROOT / "sijill" / "extract" / "clean.py").read_text(encoding="utf-8"))
    rules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "decide" and len(node.args) >= 3:
                rule = node.args[2]
                if isinstance(rule, ast.Constant):
                    rules.add(rule.value)
            if node.func.attr == "keep_block" and isinstance(node.args[1], ast.Constant):
                rules.add(node.args[1].value)
        # Verdict(BAD, "ticker"): a rule decided while the lines are classed.
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Verdict"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
        ):
            rules.add(node.args[1].value)
        # line.kind, line.rule = BAD, "ticker": a rule decided while the lines are classed.
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
            for target in node.targets:
                if isinstance(target, ast.Tuple):
                    for name, value in zip(target.elts, node.value.elts, strict=False):
                        if (
                            isinstance(name, ast.Attribute)
                            and name.attr == "rule"
                            and isinstance(value, ast.Constant)
                        ):
                            rules.add(value.value)
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and any(isinstance(t, ast.Name) and t.id == "section" for t in node.targets)
        ):
            rules.add(node.value.value)
    for path in PROFILE_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules |= set(data.get("furniture", {})) | set(data.get("sections", {}))
    return rules


def test_every_rule_has_an_arabic_reason():
    rules = cleaner_rules()
    assert {"blank", "title", "appended-article", "ticker", "font-widget", "tags"} <= rules
    missing = rules - set(wording().rules)
    assert not missing, f"add these to sijill/data/rules.yaml: {sorted(missing)}"
    assert all(re.search("[\u0600-\u06ff]", reason) for reason in wording().rules.values())


def test_capture_text_is_escaped_and_controls_shown(tmp_path):
    settings = copy_project(tmp_path, articles=False)
    hostile = (
        (SEEDS / "003_f31126efb5fa09ff.txt")
        .read_bytes()
        .replace("شكرا على الإبلاغ!".encode(), b"<script>alert(1)</script>\x1b[31m &amp;")
    )
    (settings.seeds / "003_f31126efb5fa09ff.txt").write_bytes(hostile)
    report = build(settings)
    assert [w.split(":")[0] for w in report.warnings] == [
        "seeds/004_ebbdbeee38b53e8a.txt"
    ]  # no article file
    page = next((settings.output / "captures").glob("*alawwal*.html"))
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\x1b" not in text and "⟨U+001B⟩[31m &amp;amp;" in text
    assert page.with_suffix(".txt").read_bytes() == hostile
    assert shown("a\x00b\tc") == "a⟨U+0000⟩b\tc"


def test_hand_edited_body_links_to_the_article_without_fragments(tmp_path):
    settings = copy_project(tmp_path)
    record = next(settings.articles.glob("*alawwal*.md"))
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\n\n## ", "\n\nفقرة أضافها المحرر.\n\n## ", 1), "utf-8")
    assert not build(settings).warnings
    rows = parse_capture(next((settings.output / "captures").glob("*alawwal*.html"))).rows
    kept = [row for row in rows if row["state"] == "kept"]
    assert kept and all(row["href"] == f"../articles/{record.stem}.html" for row in kept)


def test_article_without_its_seed_has_no_capture_page(tmp_path):
    settings = copy_project(tmp_path)
    (settings.seeds / "003_f31126efb5fa09ff.txt").unlink()
    build(settings)
    article = next((settings.output / "articles").glob("*alawwal*.html"))
    assert 'class="provenance"' not in article.read_text(encoding="utf-8")
    assert not list((settings.output / "captures").glob("*alawwal*"))
    manifest = (settings.output / "manifest-sha256.txt").read_text(encoding="utf-8")
    assert len(manifest.splitlines()) == len(SEED_NAMES) - 1


def test_seed_name_from_an_article_file_cannot_leave_the_seeds_folder(tmp_path):
    settings = copy_project(tmp_path)
    (tmp_path / "secret.txt").write_bytes((SEEDS / "003_f31126efb5fa09ff.txt").read_bytes())
    record = next(settings.articles.glob("*alawwal*.md"))
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace("seed: 003_f31126efb5fa09ff.txt", "seed: ../secret.txt"), "utf-8"
    )
    (settings.seeds / "003_f31126efb5fa09ff.txt").unlink()
    build(settings)
    assert not list((settings.output / "captures").glob("*alawwal*"))


def rows_of(states: str) -> list[Row]:
    """Rows from a string of states: k kept, r removed, b blank."""
    names = {"k": "kept", "r": "removed", "b": "blank"}
    return [Row(n, "", names[c], "", None) for n, c in enumerate(states, 1)]


@pytest.mark.parametrize(
    ("states", "shape"),
    [
        ("kbkbk", [("open", 5)]),  # a blank line between paragraphs stays in view
        ("kbbk", [("open", 4)]),
        ("krbrbk", [("open", 1), ("folded", 4), ("open", 1)]),
        ("bbbkrr", [("folded", 3), ("open", 3)]),
        ("krrr", [("open", 1), ("folded", 3)]),
        ("rrrbbb", [("folded", 6)]),
    ],
)
def test_runs_of_blank_or_removed_lines_fold_and_every_row_stays_once(states, shape):
    assert FOLD_RUN == 3
    groups = group_rows(rows_of(states))
    assert [("folded" if g.folded else "open", len(g.rows)) for g in groups] == shape
    assert [row.number for g in groups for row in g.rows] == list(range(1, len(states) + 1))
    for group in groups:
        if group.folded:
            assert {row.state for row in group.rows} <= {"removed", "blank"}


def test_a_folded_run_says_which_lines_and_how_many_of_each():
    mixed, removed, blank = (group_rows(rows_of(s))[-1] for s in ("krbrbr", "krrr", "kbbbb"))
    assert mixed.summary == "الأسطر 2 إلى 6: أُزيل 3، و2 فارغة"
    assert removed.summary == "الأسطر 2 إلى 4: أُزيلت كلها (3 أسطر)"
    assert blank.summary == "الأسطر 2 إلى 5: فارغة كلها (4 أسطر)"
