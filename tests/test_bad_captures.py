"""Whatever a scraper or a person saved: encodings, odd names, refusals, duplicates.

Every fixture starts from the real seeds (re-encoded, cut, joined) so the
cleaner meets the text it meets in production, not toy strings.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest

from bench.layouts import Story, alawwal, arabi21_page
from sijill.cli import main
from sijill.commands.build import build
from sijill.errors import CaptureError
from sijill.extract.capture import match_key, parse_capture, read_capture
from sijill.extract.profiles import default_profiles
from sijill.records.extraction import extract_record
from sijill.records.record import read_record

from .conftest import SEED_NAMES, SEEDS, seed_path
from .variants import VARIANTS, VISIBLE, cut_inside_character

PROFILES = default_profiles()


def article_of(data: bytes, name: str = "capture.txt") -> tuple[str, tuple]:
    """(encoding, what a reader sees: title, body, date, basis, note, source) for some bytes."""
    capture = parse_capture(data, name, Path(name))
    meta, body, _ = extract_record(capture, PROFILES, None)
    seen = (meta["title"], body, meta["date"], meta["date_basis"], meta.get("date_note"))
    return capture.encoding, (*seen, meta["source"])


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def published_titles(settings) -> list[str]:
    return sorted(read_record(p).title for p in settings.articles.glob("*.md"))


# --- input that must simply work ----------------------------------------------------------


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", [name[:3] for name in SEED_NAMES])
def test_every_encoding_and_spacing_gives_the_clean_article(seed, variant):
    original = seed_path(seed)
    make, encoding = VARIANTS[variant]
    data = make(original.read_text(encoding="utf-8"))
    assert data != original.read_bytes()
    _, clean = article_of(original.read_bytes())
    detected, article = article_of(data)
    assert detected == encoding
    if variant in VISIBLE:
        # Published as the file wrote it (tatweel, digit shapes kept), the same once folded.
        assert folded(article) == folded(clean)
        assert article != clean or variant == "indic-digits"
    else:
        assert article == clean


def folded(article: tuple) -> tuple:
    return tuple(match_key(value) if isinstance(value, str) else value for value in article)


def test_variants_build_records_that_name_their_encoding(project):
    """A checkout whose seeds were all saved differently publishes the same five articles."""
    clean_settings = project(articles=False)
    build(clean_settings)
    expected = {
        read_record(p).meta["seed"]: read_record(p) for p in clean_settings.articles.glob("*.md")
    }
    chosen = ["windows-1256", "utf-16-le-bom", "utf-8-bom", "lone-cr", "all-at-once-utf-16"]
    for article in clean_settings.articles.glob("*.md"):
        article.unlink()
    for name, variant in zip(SEED_NAMES, chosen, strict=True):
        make, _ = VARIANTS[variant]
        (clean_settings.seeds / name).write_bytes(make((SEEDS / name).read_text("utf-8")))
    report = build(clean_settings)
    # Without its article file, 004's unknown date needs one from the editor, as check says.
    assert [w.split(":")[0] for w in report.warnings] == ["seeds/004_ebbdbeee38b53e8a.txt"] and len(
        report.new
    ) == 5
    for path in clean_settings.articles.glob("*.md"):
        record = read_record(path)
        want = expected[record.meta["seed"]]
        variant = chosen[SEED_NAMES.index(record.meta["seed"])]
        assert record.meta["encoding"] == VARIANTS[variant][1]
        same = match_key if variant in VISIBLE else str
        assert same(record.body) == same(want.body)
        for key in ("title", "date", "date_basis", "date_note", "source"):
            assert same(str(record.meta.get(key))) == same(str(want.meta.get(key))), key


def test_mixed_utf8_and_windows_1256_lines_read_each_in_its_own_encoding():
    first, second = (SEEDS / SEED_NAMES[0]).read_bytes(), (SEEDS / SEED_NAMES[1]).read_text()
    data = first + b"\n" + second.encode("cp1256")
    capture = parse_capture(data, "joined.txt", Path("joined.txt"))
    assert capture.encoding == "utf-8+windows-1256" and capture.notes
    assert "بماذا وعد الروس" in capture.lines[3]
    assert any("اجتاحت" in line or "سوريا" in line for line in capture.lines[-40:])
    _, clean = article_of(first)
    assert article_of(data)[1][0] == clean[0]


@pytest.mark.parametrize("seed", [name[:3] for name in SEED_NAMES])
def test_capture_cut_inside_a_letter_is_read_and_flagged(seed):
    data = cut_inside_character(seed_path(seed).read_bytes(), 0.9)
    capture = parse_capture(data, "cut.txt", Path("cut.txt"))
    assert capture.encoding == "utf-8" and "cut off" in capture.notes[0]
    _, clean = article_of(seed_path(seed).read_bytes())
    _, cut = article_of(data)
    assert cut[0] == clean[0] and clean[1].startswith(cut[1].rsplit("\n\n", 2)[0])


def test_utf16_cut_on_an_odd_byte_is_read_and_flagged():
    data = seed_path("003").read_text().encode("utf-16")
    capture = parse_capture(data[: len(data) // 2 * 2 - 101], "cut.txt", Path("cut.txt"))
    assert capture.encoding == "utf-16" and capture.notes


def test_odd_names_and_sub_folders_are_captures(project):
    settings = project()
    stories = {
        "خبر (نسخة ثانية) من الموقع.TXT": "عنوان خبر باسم ملف عربي بين قوسين",
        "sub folder/deep/005 new.Txt": "عنوان خبر في مجلد فرعي عميق",
        "evil ..\\..\\%2e%2e%2fx.txt": "عنوان خبر باسم ملف فيه شرطتان مائلتان",
        "<script>alert(1)</script>.txt": "عنوان خبر باسم ملف فيه وسم",
        "line\nbreak.txt": "عنوان خبر باسم ملف فيه سطر جديد",
    }
    for number, (name, title) in enumerate(stories.items()):
        path = settings.seeds / name
        path.parent.mkdir(parents=True, exist_ok=True)
        story = Story(title, [f"فقرة أولى رقم {number} من الخبر.", "فقرة ثانية."], day=number + 1)
        path.write_text(alawwal(story), encoding="utf-8")
    (settings.seeds / ".hidden.txt").write_text(alawwal(Story("مخفي", ["نص."])))
    (settings.seeds / "notes.md").write_text("ليست التقاطاً")

    def elsewhere() -> set[Path]:
        """Everything in the project but the output folder, its build cache and lock, and
        articles/."""
        lock = settings.root / "._site.lock"
        mine = (settings.output, settings.articles, settings.root / ".sijill-cache", lock)
        return {
            p for p in settings.root.rglob("*") if not any(p == m or m in p.parents for m in mine)
        }

    before = elsewhere()
    report = build(settings)
    assert report.warnings == [  # as `check` says of it
        "seeds/notes.md: is not a .txt file, so it is not read (rename it if it is a capture)"
    ]
    assert sorted(report.new) == sorted(stories)
    assert set(stories.values()) <= set(published_titles(settings))
    seeds_recorded = {read_record(p).meta["seed"] for p in settings.articles.glob("*.md")}
    assert set(stories) <= seeds_recorded
    index = (settings.output / "index.html").read_text(encoding="utf-8")
    assert all(title in index for title in stories.values()) and "مخفي" not in index
    # Nothing appeared anywhere but in the output folder and articles/.
    assert elsewhere() == before


# --- input that must be refused clearly ---------------------------------------------------


def bad_captures(settings, outside: Path) -> dict[str, str]:
    """Write one file per refusal into seeds/; return name -> words its warning must hold."""
    seeds = settings.seeds
    real = seed_path("000").read_bytes()
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "blank.txt").write_bytes(b"  \r\n\t\n\xc2\xa0\n\xe2\x80\x8b\n")
    (seeds / "blank-utf16.txt").write_bytes("   \r\n \u00a0\n".encode("utf-16"))
    (seeds / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + real[:4000])
    noise = random.Random(4).randbytes(6000).replace(b"\x00", b"\x01")
    (seeds / "noise.txt").write_bytes(noise)
    (seeds / "bad-utf16.txt").write_bytes(
        b"\xff\xfe" + "سوريا".encode("utf-16-le") + b"\x00\xd8A\x00"
    )
    head = b"\n".join(real.split(b"\n")[:5])  # source label, stamp, title: no body
    (seeds / "no-body.txt").write_bytes(head)
    (seeds / "furniture.txt").write_bytes("المصدر: عربي21\n\nكلمات دلالية: سياسة\n".encode())
    latin = seed_path("001").read_text().encode("latin-1", errors="replace")
    (seeds / "saved-as-latin-1.txt").write_bytes(latin)
    big = seed_path("002").read_bytes() * 2
    (seeds / "big.txt").write_bytes(big)
    (outside / "elsewhere.txt").write_text(alawwal(Story("عنوان من خارج المجلد", ["نص."])))
    (seeds / "link.txt").symlink_to(outside / "elsewhere.txt")
    (seeds / "linked-dir").symlink_to(outside, target_is_directory=True)
    (seeds / "dangling.txt").symlink_to(settings.seeds / "nowhere.txt")
    (seeds / "dangling-out.txt").symlink_to(outside / "gone.txt")
    return {
        "empty.txt": "is empty",
        "blank.txt": "white space",
        "blank-utf16.txt": "white space",
        "image.txt": "NUL bytes",
        "noise.txt": "",
        "bad-utf16.txt": "does not decode",
        "no-body.txt": "no article paragraphs",
        "furniture.txt": "no article paragraphs",
        "big.txt": "size limit of 40,000 bytes",
        "saved-as-latin-1.txt": "mostly '?' marks",
        "link.txt": "symlink to a file outside seeds/",
        "linked-dir/": "symlink to a folder outside seeds/",
        "dangling.txt": "broken symlink",
        "dangling-out.txt": "broken symlink",
    }


@pytest.fixture
def refusals(project, tmp_path_factory):
    settings = project()
    toml = settings.root / "site.toml"
    toml.write_text(
        toml.read_text().replace("max_capture_bytes = 5000000", "max_capture_bytes = 40000")
    )
    expected = bad_captures(settings, tmp_path_factory.mktemp("outside"))
    return settings, expected


def test_each_refusal_is_one_line_naming_file_reason_and_remedy(refusals, capsys):
    settings, expected = refusals
    before = tree_hashes(settings.seeds)
    assert main(["--config", str(settings.root / "site.toml"), "build"]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().split("\n")
    for name, words in expected.items():
        mine = [line for line in lines if line.startswith(f"warning: seeds/{name}: ")]
        assert len(mine) == 1, (name, lines)
        assert words in mine[0]
        assert "(" in mine[0] and mine[0].endswith(")"), "says what to do"
    assert len(lines) == len(expected)
    # The other five are all published, and nothing from outside seeds/ is.
    articles = list((settings.output / "articles").glob("*.html"))
    assert len(articles) == 5
    assert "عنوان من خارج المجلد" not in (settings.output / "index.html").read_text()
    assert tree_hashes(settings.seeds) == before


def test_strict_turns_warnings_into_a_failure(refusals, capsys):
    settings, _ = refusals
    config = str(settings.root / "site.toml")
    assert main(["--config", config, "build", "--strict"]) == 1
    assert "--strict" in capsys.readouterr().err
    for path in list(settings.seeds.iterdir()):
        if path.name not in SEED_NAMES:
            path.unlink()
    assert main(["--config", config, "build", "--strict"]) == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"\n\r\n   \t", "white space"),
        (b"abc\x00def", "NUL bytes"),
        (bytes(range(1, 32)) * 40, "control characters"),
    ],
)
def test_read_capture_refusals(tmp_path, data, reason):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(CaptureError) as error:
        read_capture(path, "x.txt", 10_000)
    assert reason in error.value.reason and error.value.advice


def test_size_limit_never_reads_the_whole_file(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(seed_path("000").read_bytes() * 100)
    with pytest.raises(CaptureError, match="size limit"):
        read_capture(path, "huge.txt", 50_000)


# --- duplicates ---------------------------------------------------------------------------


def test_same_capture_twice_is_one_article_and_a_warning_naming_both(project):
    settings = project()
    shutil.copy(seed_path("003"), settings.seeds / "003 copy.txt")
    win = VARIANTS["windows-1256"][0]
    (settings.seeds / "001-windows.txt").write_bytes(win(seed_path("001").read_text()))
    # 000 has a letter Windows-1256 cannot hold: the saves differ in furniture, not article.
    (settings.seeds / "sub/000-windows.txt").parent.mkdir()
    (settings.seeds / "sub/000-windows.txt").write_bytes(win(seed_path("000").read_text()))
    before = tree_hashes(settings.seeds)
    report = build(settings)
    assert len(list(settings.articles.glob("*.md"))) == 5
    assert len(list((settings.output / "articles").glob("*.html"))) == 5
    pairs = {
        "seeds/003 copy.txt": SEED_NAMES[3],
        "seeds/001-windows.txt": SEED_NAMES[1],
        "seeds/sub/000-windows.txt": SEED_NAMES[0],
    }
    assert len(report.warnings) == 3, report.warnings
    for copy, original in pairs.items():
        (line,) = [w for w in report.warnings if w.startswith(copy + ": ")]
        assert f"seeds/{original}" in line and "published once" in line
    assert tree_hashes(settings.seeds) == before


def test_a_duplicate_never_displaces_the_published_article(project):
    settings = project()
    build(settings)
    slugs = sorted(p.name for p in settings.articles.glob("*.md"))
    shutil.copy(seed_path("003"), settings.seeds / "0000-first-by-name.txt")
    report = build(settings)
    assert sorted(p.name for p in settings.articles.glob("*.md")) == slugs
    assert report.warnings == [
        f"seeds/0000-first-by-name.txt: is the same capture as seeds/{SEED_NAMES[3]}; "
        f"published once, from seeds/{SEED_NAMES[3]} (delete one of the two files)"
    ]


def test_same_story_from_two_sources_stays_two_articles(project):
    settings = project(articles=False, seeds=False)
    story = Story("عنوان الخبر نفسه في موقعين", ["الفقرة الأولى من الخبر.", "الفقرة الثانية."])
    (settings.seeds / "a.txt").write_text(alawwal(story), encoding="utf-8")
    (settings.seeds / "b.txt").write_text(arabi21_page(story, weekday=1), encoding="utf-8")
    report = build(settings)
    assert not report.warnings and len(report.new) == 2
    records = [read_record(p) for p in settings.articles.glob("*.md")]
    assert {r.title for r in records} == {story.title}
    assert len({r.meta["source"] for r in records}) == 2


def test_joined_captures_never_break_the_build(project):
    settings = project(articles=False, seeds=False)
    for first, second in [("000", "001"), ("002", "003"), ("003", "002"), ("002", "004")]:
        data = seed_path(first).read_bytes() + b"\n" + seed_path(second).read_bytes()
        (settings.seeds / f"{first}+{second}.txt").write_bytes(data)
    report = build(settings)
    # 002 followed by anything is still 002's article (the rest reads as an appended page).
    assert report.new == ["000+001.txt", "002+003.txt", "003+002.txt"]
    assert report.warnings == [
        "seeds/002+004.txt: is the same article (source, title and text) as seeds/002+003.txt; "
        "published once, from seeds/002+003.txt (delete one of the two files)"
    ]
    titles = published_titles(settings)
    assert len(titles) == 3
    for first in ("000", "002", "003"):
        assert article_of(seed_path(first).read_bytes())[1][0] in titles


def test_a_capture_that_lost_its_headline_is_refused_not_titled_with_a_sentence():
    """Without its headline lines, 000's first paragraph would have become the title."""
    seed = seed_path("000")
    title = "لهذه الأسباب زار الأسد موسكو.. بماذا وعد الروس؟"
    lines = seed.read_text(encoding="utf-8").splitlines()
    assert title in lines
    data = "\n".join(line for line in lines if line != title).encode("utf-8")
    with pytest.raises(CaptureError, match="no recognisable title"):
        extract_record(parse_capture(data, seed.name, seed), default_profiles(), None)


def test_a_capture_that_lost_its_headline_never_loses_paragraphs_to_a_guessed_title():
    """Skipping the sentences to the first line without a full stop made a question in the
    fourth paragraph the title, and the three paragraphs before it vanished."""
    seed = seed_path("000")
    title = "لهذه الأسباب زار الأسد موسكو.. بماذا وعد الروس؟"
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line != title]
    body = [i for i, line in enumerate(lines) if line.startswith("وبينت المصادر")]
    lines[body[0]] = lines[body[0]].rstrip().rstrip(".") + "؟"
    with pytest.raises(CaptureError, match="no recognisable title"):
        extract_record(
            parse_capture("\n".join(lines).encode(), seed.name, seed), default_profiles(), None
        )


def test_sentences_alone_are_not_an_article_with_a_title():
    data = "فقرة أولى فيها كلام عن الأحداث في سوريا اليوم.\n\nوفقرة ثانية بعدها.\n".encode()
    with pytest.raises(CaptureError, match="no recognisable title"):
        extract_record(parse_capture(data, "x.txt", Path("x.txt")), default_profiles(), None)


def capture_page_of(settings, article_file: Path) -> str:
    return (settings.output / "captures" / f"{article_file.stem}.html").read_text("utf-8")


@pytest.mark.parametrize("hand_edited", [False, True])
def test_a_renamed_seed_keeps_its_article_and_capture_page(project, hand_edited):
    settings = project()
    build(settings)
    (article,) = [p for p in settings.articles.glob("*.md") if SEED_NAMES[3] in p.read_text()]
    if hand_edited:
        text = article.read_text(encoding="utf-8")
        article.write_text(text + "\nفقرة أضافها المحرر.\n", encoding="utf-8")
    files = sorted(p.name for p in settings.articles.glob("*.md"))
    (settings.seeds / SEED_NAMES[3]).rename(settings.seeds / "renamed by the editor.txt")
    report = build(settings)
    assert report.warnings == []
    assert report.updated == ["renamed by the editor.txt"]
    assert sorted(p.name for p in settings.articles.glob("*.md")) == files
    record = read_record(article)
    assert record.meta["seed"] == "renamed by the editor.txt"
    assert record.edited == hand_edited
    assert ("فقرة أضافها المحرر." in record.body) == hand_edited
    assert "renamed by the editor.txt" in capture_page_of(settings, article)
    assert build(settings).warnings == []  # and it stays that way


def test_deleting_the_original_of_a_duplicate_as_advised_keeps_the_article(project):
    settings = project()
    build(settings)
    shutil.copy(seed_path("002"), settings.seeds / "dup.txt")
    (warning,) = build(settings).warnings
    assert warning.endswith("(delete one of the two files)")
    (settings.seeds / SEED_NAMES[2]).unlink()
    report = build(settings)
    assert report.warnings == [] and report.updated == ["dup.txt"]
    assert len(list((settings.output / "articles").glob("*.html"))) == 5
    assert len(list((settings.output / "captures").glob("*.html"))) == 5


def test_an_article_whose_seed_went_or_was_refused_stays_published_and_says_which(project):
    settings = project()
    build(settings)
    article = {
        name: next(p.name for p in settings.articles.glob("*.md") if name in p.read_text())
        for name in SEED_NAMES[2:4]
    }
    (settings.seeds / SEED_NAMES[2]).unlink()
    (settings.seeds / SEED_NAMES[3]).write_bytes(b"")
    report = build(settings)
    assert sorted(report.warnings) == [
        f"articles/{article[SEED_NAMES[2]]}: its seed seeds/{SEED_NAMES[2]} is missing; "
        "still published (delete the article file to unpublish it)",
        f"articles/{article[SEED_NAMES[3]]}: its seed seeds/{SEED_NAMES[3]} was refused; "
        "still published (delete the article file to unpublish it)",
        f"seeds/{SEED_NAMES[3]}: is empty (0 bytes); "
        "skipped (re-save the page, or delete the file)",
    ]
    assert len(list((settings.output / "articles").glob("*.html"))) == 5
