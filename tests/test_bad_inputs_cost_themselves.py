"""One bad input costs only itself: one warning line naming the file, and the rest builds.

Symlink loops, file names that are not UTF-8, folders nested past any sense,
front matter of the wrong shape or built of YAML aliases, two records claiming
one slug, and any unexpected failure while one capture or one article is handled.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.layouts import SHORT_STORY, Story, alawwal
from sijill.cli import main
from sijill.commands.build import build
from sijill.config.settings import load_settings
from sijill.errors import RecordError
from sijill.records.record import parse_record, read_record

#: What a capture's own article looks like once published: five seeds ship with the project.
SHIPPED = 5


def cli_build(settings, capsys) -> tuple[int, list[str]]:
    """`build` on the command line: its exit code, and its warning lines."""
    code = main(["--config", str(settings.root / "site.toml"), "build"])
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, [line for line in err.splitlines() if line.startswith("warning: ")]


def published(settings) -> list[str]:
    return sorted(p.name for p in (settings.output / "articles").glob("*.html"))


def new_story(title: str) -> str:
    return alawwal(Story(title=title, paragraphs=SHORT_STORY))


# --- the seeds folder -----------------------------------------------------------------------


def test_a_symlink_loop_among_the_seeds_is_one_line_each(project, capsys):
    settings = project()
    seeds = settings.seeds
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "ping.txt").symlink_to("pong.txt")
    (seeds / "pong.txt").symlink_to("ping.txt")
    (seeds / "here").symlink_to("there", target_is_directory=True)
    (seeds / "there").symlink_to("here", target_is_directory=True)
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    assert sorted(w.split(":")[1].strip() for w in warnings) == [
        "seeds/loop.txt",
        "seeds/ping.txt",
        "seeds/pong.txt",
    ]
    assert all("symlink loop" in w for w in warnings), warnings
    assert len(published(settings)) == SHIPPED


def test_a_seed_whose_name_is_not_utf8_is_one_line_and_the_rest_builds(project, capsys):
    settings = project()
    # «الشرق.txt» as a Windows zip stores it (Windows-1256), unpacked on Linux as raw bytes.
    name = "الشرق".encode("cp1256") + b".txt"
    with open(os.path.join(os.fsencode(settings.seeds), name), "wb") as handle:
        handle.write(new_story("خبر باسم ملف غير مقروء").encode("utf-8"))
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("warning: seeds/\\xc7\\xe1\\xd4\\xd1\\xde.txt: ")
    assert "not valid UTF-8" in warnings[0] and "rename" in warnings[0]
    assert len(published(settings)) == SHIPPED
    assert (settings.seeds / os.fsdecode(name)).read_bytes()  # never touched


def nest(folder: Path, depth: int, file: str, text: str) -> None:
    """`depth` folders `d` one in the other, the last holding `file`, made level by level from
    inside, as an unzip would: the whole path is too long for the system to name at once."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        for _ in range(depth):
            os.mkdir("d")
            os.chdir("d")
        Path(file).write_text(text, encoding="utf-8")
    finally:
        os.chdir(here)


def unnest(folder: Path) -> None:
    """Remove what `nest` made, from the bottom up (`shutil.rmtree` recurses, and fails)."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def test_seed_folders_nested_past_any_sense_are_one_line(project, capsys):
    settings = project()
    nest(settings.seeds, 1200, "lost.txt", new_story("خبر في قعر المجلدات"))
    try:
        shallow = settings.seeds / "2024" / "11"
        shallow.mkdir(parents=True)
        (shallow / "kept.txt").write_text(new_story("خبر في مجلد فرعي"), encoding="utf-8")
        code, warnings = cli_build(settings, capsys)
    finally:
        unnest(settings.seeds)
    assert code == 0
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("warning: seeds/d/d/d/")
    assert "nested deeper than" in warnings[0]
    assert len(published(settings)) == SHIPPED + 1
    assert "خبر في مجلد فرعي" in (settings.output / "index.html").read_text(encoding="utf-8")


def test_a_seed_folder_that_cannot_be_read_is_one_line_in_build_and_check(
    project, capsys, monkeypatch
):
    """A sub-folder the build may not open (its permissions, a name too long) was taken
    for an empty one, silently: its captures vanished from the site without a word."""
    settings = project()
    locked = settings.seeds / "2024-12"
    locked.mkdir()
    (locked / "hidden-away.txt").write_text(new_story("خبر في مجلد مقفل"), encoding="utf-8")
    (settings.seeds / "empty").mkdir()  # an empty folder says nothing
    opened = os.scandir

    def scandir(path):
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return opened(path)

    monkeypatch.setattr(os, "scandir", scandir)  # running as root, chmod would not stop it
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    assert warnings == [
        "warning: seeds/2024-12/: cannot be read (Permission denied); the captures in it are "
        "left out until it can"
    ]
    assert len(published(settings)) == SHIPPED
    assert main(["--config", str(settings.root / "site.toml"), "check"]) == 1
    assert "seeds/2024-12/: cannot be read (Permission denied)" in capsys.readouterr().out


# --- the front matter -----------------------------------------------------------------------

FRONT = "---\ntitle: عنوان\nslug: a\nsource: عربي21\n{}\n---\n\nفقرة.\n"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("date_note: [a, b]", "'date_note' must be text, not a list"),
        ("date_note: {a: b}", "'date_note' must be text, not a mapping"),
        ("captured: [2024]", "'captured' must be text, not a list"),
        ("updated: {a: 1}", "'updated' must be text, not a mapping"),
        ("seed: [a.txt]", "'seed' must be text, not a list"),
        ("seed_sha256: {a: b}", "'seed_sha256' must be text, not a mapping"),
        ("encoding: [utf-8]", "'encoding' must be text, not a list"),
        ("profile: {a: b}", "'profile' must be text, not a mapping"),
        ("date_basis: [stated]", "date_basis must be one of"),
        ("removed_lines: many", "'removed_lines' must be a whole number, not text"),
        ("cleaner: [3]", "'cleaner' must be a whole number, not a list"),
        ("doubts: {a: b}", "'doubts' must be a list of text, not a mapping"),
        ("doubts: [[a]]", "'doubts' must be a list of text"),
        ("date_note: yes", "'date_note' must be text, not yes/no"),
        ("date_note: !!binary aGk=", "'date_note' must be text, not binary data"),
        ('title: "\\0\\e\\u200b"', "needs a non-empty 'title'"),
    ],
)
def test_every_front_matter_field_of_the_wrong_type_is_named(line, reason):
    with pytest.raises(RecordError) as raised:
        parse_record(FRONT.format(line), Path("articles/a.md"))
    assert reason in raised.value.reason, raised.value.reason
    assert str(raised.value) == f"a.md: {raised.value.reason}" and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("date_note: 2024", "date_note", "2024"),
        ("captured: 2024-11-29 10:00:00", "captured", "2024-11-29 10:00:00"),
        ("seed: 123.txt", "seed", "123.txt"),
        ("doubts: [a, b]", "doubts", ["a", "b"]),
        ("removed_lines: 4", "removed_lines", 4),
    ],
)
def test_front_matter_an_editor_would_write_is_read_as_meant(line, key, value):
    """YAML reads 2024 as a number and a time stamp as a date-time: text all the same."""
    assert parse_record(FRONT.format(line), Path("articles/a.md")).meta[key] == value


BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{this}: &{this} [{', '.join([f'*{last}'] * 9)}]\n"
        for last, this in zip("abcdefg", "bcdefgh", strict=True)
    )
    + "{key}: *h"
)


@pytest.mark.parametrize(
    "line", ["x: &x text\ndate_note: *x", "date_note: &note text", BOMB.format(key="captured")]
)
def test_front_matter_refuses_yaml_anchors_and_aliases(line):
    with pytest.raises(RecordError) as raised:
        parse_record(FRONT.format(line), Path("articles/a.md"))
    assert "anchors or aliases" in raised.value.reason


def edit_front_matter(record: Path, key: str, text: str) -> str:
    """Replace (or add) `key` in a record's front matter with `text` (YAML lines); the new text."""
    before = record.read_text(encoding="utf-8")
    if re.search(rf"(?m)^{key}:", before):
        after = re.sub(rf"(?m)^{key}:.*$", lambda _: text, before, count=1)
    else:
        after = before.replace("\n---\n", f"\n{text}\n---\n", 1)
    record.write_text(after, encoding="utf-8")
    return after


@pytest.mark.parametrize(
    "text",
    ["date_note:\n- first\n- second", "date_note:\n  note: a", BOMB.format(key="date_note")],
    ids=["list", "mapping", "alias-bomb"],
)
def test_a_record_of_the_wrong_shape_costs_only_itself(project, capsys, text):
    settings = project()
    record = sorted(settings.articles.glob("*.md"))[0]
    written = edit_front_matter(record, "date_note", text)
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"warning: articles/{record.name}: front matter ")
    assert warnings[0].endswith("not published until fixed")
    assert len(published(settings)) == SHIPPED - 1
    assert record.read_text(encoding="utf-8") == written  # the editor's file is kept as it is
    largest = max(p.stat().st_size for p in settings.output.rglob("*.html"))
    assert largest < 200_000


# --- two records, one slug ------------------------------------------------------------------


@pytest.mark.parametrize("search", [False, True], ids=["search-off", "search-on"])
def test_two_records_with_one_slug_publish_the_one_named_after_it(project, capsys, search):
    settings = project()
    toml = settings.root / "site.toml"
    toml.write_text(toml.read_text().replace("search = true", f"search = {str(search).lower()}"))
    # The file that sorts first takes the other's slug: the one named after it still wins.
    other, owner = sorted(settings.articles.glob("*.md"))[:2]
    slug = read_record(owner).slug
    assert owner.name == f"{slug}.md"
    other_title = read_record(other).title
    files = {p.name: p.read_text(encoding="utf-8") for p in settings.articles.glob("*.md")}
    edit_front_matter(other, "slug", f"slug: {slug}")
    files[other.name] = other.read_text(encoding="utf-8")
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    assert len(warnings) == 1, warnings
    assert f"articles/{other.name}" in warnings[0] and f"articles/{owner.name}" in warnings[0]
    assert "not published until fixed" in warnings[0]
    page = (settings.output / f"articles/{slug}.html").read_text(encoding="utf-8")
    assert read_record(owner).title in page and other_title not in page
    index = (settings.output / "index.html").read_text(encoding="utf-8")
    assert index.count(f'href="articles/{slug}.html"') == 1 and other_title not in index
    assert len(published(settings)) == SHIPPED - 1
    # Its capture is not made into a second article meanwhile: the editor's file holds it.
    assert {p.name: p.read_text(encoding="utf-8") for p in settings.articles.glob("*.md")} == files
    if search:
        assert (settings.output / "pagefind").is_dir()


def test_of_two_records_with_one_slug_neither_named_after_it_the_first_by_name_wins(project):
    settings = project()
    first, second = sorted(settings.articles.glob("*.md"))[:2]
    slug = "a-slug-both-claim"
    for record in (first, second):
        edit_front_matter(record, "slug", f"slug: {slug}")
    report = build(settings)
    assert report.warnings == [
        f"articles/{second.name}: has the slug {slug} of articles/{first.name}, which is "
        "published; not published until fixed (give it a slug of its own)"
    ]
    page = (settings.output / f"articles/{slug}.html").read_text(encoding="utf-8")
    assert read_record(first).title in page


# --- anything unforeseen while one capture or one article is handled -----------------------
# No real input is known to fail this way (each one found is fixed), so these tests make
# one capture or one article fail inside the real build, the way a future bug would.


def failing_for(function, wanted: str, error: BaseException):
    """`function`, raising `error` for the one call whose first argument shows `wanted`."""

    def fail_once(*args, **kwargs):
        if wanted in repr(args[0]):
            raise error
        return function(*args, **kwargs)

    return fail_once


def test_an_unexpected_failure_in_one_capture_is_one_line(project, capsys, monkeypatch):
    from sijill.records import sync

    settings = project(articles=False)
    failing = sorted(settings.seeds.glob("*.txt"))[1].name
    error = ValueError("something no one foresaw")
    monkeypatch.setattr(sync, "extract_record", failing_for(sync.extract_record, failing, error))
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    # Besides the failure, a fresh build warns only that seed 004 states no date.
    (said,) = [w for w in warnings if "date unknown" not in w]
    assert said.startswith(f"warning: seeds/{failing}: ")
    assert "ValueError: something no one foresaw" in said
    assert len(warnings) == 2, warnings
    assert len(published(settings)) == SHIPPED - 1


@pytest.mark.parametrize("stage", ["page", "article page"])
def test_an_unexpected_failure_in_one_article_is_one_line(project, capsys, monkeypatch, stage):
    from sijill.site import generate

    settings = project()
    failing = sorted(settings.articles.glob("*.md"))[2]
    slug = read_record(failing).slug
    error = RecursionError("maximum recursion depth exceeded")
    if stage == "page":
        patched = failing_for(generate.make_page, failing.name, error)
        monkeypatch.setattr(generate, "make_page", patched)
    else:
        original = generate.write_article_page

        def write_article_page(renderer, entries, index, page, capture):
            if page.slug == slug:
                raise error
            return original(renderer, entries, index, page, capture)

        monkeypatch.setattr(generate, "write_article_page", write_article_page)
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    assert warnings == [
        f"warning: articles/{failing.name}: could not be made into a page "
        "(RecursionError: maximum recursion depth exceeded); not published until fixed"
    ]
    assert len(published(settings)) == SHIPPED - 1
    assert f"{slug}.html" not in published(settings)
    for page in settings.output.rglob("*.html"):  # no page links to the one not made
        assert f"{slug}.html" not in page.read_text(encoding="utf-8"), page
    assert slug not in (settings.output / "feed.xml").read_text(encoding="utf-8")


def test_ctrl_c_and_the_builds_own_errors_are_not_swallowed(project, monkeypatch):
    from sijill.records import sync

    settings = project(articles=False)
    failing = sorted(settings.seeds.glob("*.txt"))[1].name
    patched = failing_for(sync.extract_record, failing, KeyboardInterrupt())
    monkeypatch.setattr(sync, "extract_record", patched)
    with pytest.raises(KeyboardInterrupt):
        build(settings)


# --- hand edits: the characters captures are cleaned of, and escaping once -----------------

#: NUL, ESC, a non-character and Word's line break: invisible, and fatal to XML.
CONTROLS = "\x00\x1b\ufffe\x0b"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def with_base_url(settings, url: str = "https://example.org/archive/"):
    """The settings once site.toml names where the site is hosted (so a sitemap is made)."""
    toml = settings.root / "site.toml"
    toml.write_text(toml.read_text().replace('base_url = ""', f'base_url = "{url}"'))
    return load_settings(toml)


def test_control_characters_in_a_hand_edit_never_reach_the_feed(project):
    settings = with_base_url(project())
    record = sorted(settings.articles.glob("*.md"))[0]
    article = read_record(record)
    escaped = '"' + "".join(f"\\u{ord(c):04x}" for c in CONTROLS) + '"'
    # In YAML only escapes can write them; in the body they are typed as they are.
    edit_front_matter(record, "title", f"title: {escaped[:-1]}عنوان{escaped[1:]}")
    text = record.read_text(encoding="utf-8")
    body_start = text.index("\n---\n") + 5
    record.write_text(text[:body_start] + f"\nفقرة{CONTROLS}أولى.\n\n" + text[body_start:])
    report = build(settings)
    assert not report.warnings, report.warnings
    feed = ET.parse(settings.output / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in feed.iter(f"{atom}entry") if article.slug in e.find(f"{atom}id").text)
    assert entry.find(f"{atom}title").text == "عنوان"
    assert entry.find(f"{atom}summary").text.endswith("فقرةأولى.")
    urls = ET.parse(settings.output / "sitemap.xml").getroot()
    assert any(article.slug in loc.text for loc in urls.iter(f"{SITEMAP}loc"))
    page = (settings.output / f"articles/{article.slug}.html").read_text(encoding="utf-8")
    assert not any(c in page for c in CONTROLS)


class Visible(HTMLParser):
    """What a reader (or a search engine) gets of a page: meta contents, and each lead's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.leads: list[str] = []
        self._in_lead = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and values.get("content") is not None:
            self.meta[values.get("name") or values.get("property") or ""] = values["content"]
        if tag == "p" and values.get("class") == "lead":
            self._in_lead = True
            self.leads.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._in_lead = False

    def handle_data(self, data):
        if self._in_lead:
            self.leads[-1] += data


def visible(path: Path) -> Visible:
    parser = Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_a_markdown_lead_with_ampersand_and_angle_is_escaped_once_everywhere(project):
    settings = project()
    record = sorted(settings.articles.glob("*.md"))[0]
    slug = read_record(record).slug
    text = record.read_text(encoding="utf-8")
    body_start = text.index("\n---\n") + 5
    lead = "قال «أ & ب» إن 3 < 4 و**العنوان** <b>هنا</b>."
    record.write_text(text[:body_start] + f"\n{lead}\n\n" + text[body_start:], encoding="utf-8")
    report = build(settings)
    assert not report.warnings, report.warnings
    seen = "قال «أ & ب» إن 3 < 4 والعنوان هنا."
    page = visible(settings.output / f"articles/{slug}.html")
    assert page.meta["description"] == seen
    assert page.meta["og:description"] == seen
    home = visible(settings.output / "index.html")
    assert seen in [" ".join(lead.split()) for lead in home.leads], home.leads
    feed = ET.parse(settings.output / "feed.xml").getroot()
    summaries = [s.text for s in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert any(s.endswith(seen) for s in summaries), summaries


# --- while serving --------------------------------------------------------------------------


class Serving:
    """`serve` in a process of its own, its output read as it comes (a full pipe would block it)."""

    def __init__(self, settings) -> None:
        import signal
        import subprocess
        import sys
        import threading

        from .conftest import ROOT

        toml = settings.root / "site.toml"
        toml.write_text(toml.read_text().replace("search = true", "search = false"))
        command = [sys.executable, "-m", "sijill", "--config", str(toml), "serve", "--port", "0"]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=settings.root,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: list[str] = []
        self.url = ""
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.ready.wait(60) and self.url, "the server never said where it listens"

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if not self.url and (match := re.search(r"at (http://\S+/)", line)):
                self.url = match.group(1)
                self.ready.set()
        self.ready.set()

    def shows(self, title: str, seconds: float = 30) -> bool:
        """Whether the home page shows `title` within `seconds`, the server still running."""
        import time
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            with urllib.request.urlopen(self.url, timeout=5) as response:  # loopback only
                if title in response.read().decode("utf-8"):
                    return True
            time.sleep(0.3)
        return False

    def stop(self) -> str:
        """Ctrl-C; everything it said. It must have stopped cleanly."""
        import signal

        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        self.ready.wait(5)
        output = "".join(self.lines)
        assert self.process.returncode == 0, output
        assert "Traceback" not in output, output
        return output


@pytest.mark.build
def test_serve_goes_on_watching_past_a_symlink_loop_and_a_name_not_utf8(tmp_path):
    from .conftest import copy_project

    settings = copy_project(tmp_path)
    server = Serving(settings)
    try:
        (settings.seeds / "loop.txt").symlink_to("loop.txt")
        first = "خبر أول بعد الحلقة"
        (settings.seeds / "first.txt").write_text(new_story(first), encoding="utf-8")
        assert server.shows(first)
        with open(os.path.join(os.fsencode(settings.seeds), b"\xc7\xe1.txt"), "wb") as handle:
            handle.write(new_story("خبر باسم غير مقروء").encode("utf-8"))
        second = "خبر ثان بعد الاسم غير المقروء"
        (settings.seeds / "second.txt").write_text(new_story(second), encoding="utf-8")
        assert server.shows(second)
    finally:
        output = server.stop()
    assert "warning: seeds/loop.txt: is a symlink loop" in output
    assert "warning: seeds/\\xc7\\xe1.txt: its name is not valid UTF-8" in output


@pytest.mark.build
@pytest.mark.parametrize("when", ["before", "while"])
def test_serve_goes_on_seeing_changes_past_folders_too_deep_to_watch(tmp_path, when):
    """watchdog walks a new folder recursively, and its thread dies 1,000 levels down."""
    import time

    from .conftest import copy_project

    settings = copy_project(tmp_path)
    if when == "before":
        nest(settings.seeds, 1200, "lost.txt", new_story("خبر في قعر المجلدات"))
    server = Serving(settings)
    title = "خبر أضيف بعد المجلدات العميقة"
    try:
        if when == "while":
            nest(settings.seeds, 1200, "lost.txt", new_story("خبر في قعر المجلدات"))
            time.sleep(1)
        (settings.seeds / "after.txt").write_text(new_story(title), encoding="utf-8")
        assert server.shows(title)
    finally:
        try:
            output = server.stop()
        finally:
            unnest(settings.seeds)
    assert "folders nested deeper than 32 levels are not read" in output


def test_an_unexpected_failure_reading_a_capture_for_its_page_costs_only_the_page(
    project, capsys, monkeypatch
):
    from sijill.commands import rebuild as build_command

    settings = project()
    record = sorted(settings.articles.glob("*.md"))[1]
    edit_front_matter(record, "removed_lines", "")  # so the capture is read again for its page
    seed = read_record(record).meta["seed"]
    error = ValueError("something no one foresaw")
    patched = failing_for(build_command.explain_capture, seed, error)
    monkeypatch.setattr(build_command, "explain_capture", patched)
    code, warnings = cli_build(settings, capsys)
    assert code == 0
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"warning: seeds/{seed}: its capture page could not be made")
    assert len(published(settings)) == SHIPPED
    slug = read_record(record).slug
    assert not (settings.output / f"captures/{slug}.html").exists()


def test_a_new_article_never_takes_the_slug_an_edited_record_holds(project):
    settings = project()
    edited, deleted = sorted(settings.articles.glob("*.md"))[:2]
    taken = read_record(deleted)
    deleted.unlink()  # its capture is made into an article again, under the same slug
    edit_front_matter(edited, "slug", f"slug: {taken.slug}")
    report = build(settings)
    assert report.warnings == [
        f"seeds/{taken.meta['seed']}: its article's slug {taken.slug} is that of "
        f"articles/{edited.name}, which is published; skipped (give one of the two a slug "
        "of its own)"
    ]
    page = (settings.output / f"articles/{taken.slug}.html").read_text(encoding="utf-8")
    assert read_record(edited).title in page and taken.title not in page
    assert not deleted.exists()
