"""Benchmark at archive scale, side by side with Hugo and Pelican.

    python bench/scale.py 1000 10000 [--keep DIR] [--no-peers]

For each N it generates N synthetic captures in the seeds' own layouts, then
times (each build a separate process, so peak memory is that build's own):
cold build, no-op rebuild, rebuild after adding one capture (the newest, then
one dated among older ones), after editing one capture, after hand-editing one
article, after editing the stylesheet and then a template (every page again),
and a cold build of the same captures with search off (the peers
index nothing); and it builds the same N articles,
exported as clean Markdown, with Hugo and with Pelican (minimal equivalent
sites: article pages plus one date-ordered list, relative URLs). It prints the
figures and the ratios; nothing is asserted.

Then the preview: `sijill serve` on the project, and the time from saving an
article's Markdown (and, apart, a capture) to the open page's reload signal (the
answer to the question the served page holds open, `/__sijill/version?after=`),
the changed page checked as served; and `hugo server` on the exported site, from
saving the same article to Hugo serving the changed page. Medians of `EDITS` saves.
`--serve-only` with `--keep` measures only these, on a project kept by an earlier run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import newest_number, write_captures  # noqa: E402
from sijill.records.record import read_record  # noqa: E402


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one command as a child; its wall time and its own peak resident memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def sijill(project: Path) -> Run:
    return run([sys.executable, "-m", "sijill", "build"], project, {"PYTHONPATH": str(ROOT)})


def make_project(folder: Path, count: int) -> Path:
    project = folder / "sijill"
    write_captures(project / "seeds", count)
    shutil.copytree(ROOT / "templates", project / "templates")
    (project / "articles").mkdir()
    shutil.copy(ROOT / "site.toml", project / "site.toml")
    return project


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def export_markdown(project: Path) -> list[tuple[str, str, str, str]]:
    """(slug, title, ISO date, Markdown body) of every article, as the peers get them."""
    rows = []
    for path in sorted((project / "articles").glob("*.md")):
        article = read_record(path)
        rows.append((article.slug, article.title, article.date or "2000-01-01", article.body))
    return rows


def hugo_site(folder: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    site = folder / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "/"\nrelativeURLs = true\nlanguageCode = "ar"\ntitle = "أرشيف"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        "[markup.goldmark.parser.attribute]\nblock = true\n",
        encoding="utf-8",
    )
    (site / "layouts" / "_default" / "single.html").write_text(
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        "<title>{{ .Title }}</title></head><body><article><h1>{{ .Title }}</h1>"
        '<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>'
        '{{ .Content }}</article><a href="{{ "/" | relURL }}">index</a></body></html>',
        encoding="utf-8",
    )
    (site / "layouts" / "_default" / "list.html").write_text("", encoding="utf-8")
    (site / "layouts" / "index.html").write_text(
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>أرشيف'
        "</title></head><body><ol>{{ range .Site.RegularPages.ByDate.Reverse }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>'
        "{{ end }}</ol></body></html>",
        encoding="utf-8",
    )
    for slug, title, date, body in rows:
        front = f'---\ntitle: "{title.replace(chr(92), "").replace(chr(34), "")}"\n'
        (site / "content" / "posts" / f"{slug}.md").write_text(
            f"{front}date: {date[:10]}\nslug: {slug}\n---\n\n{body}", encoding="utf-8"
        )
    return site


PELICAN_CONF = """
AUTHOR = "archive"
SITENAME = "أرشيف"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "ar"
RELATIVE_URLS = True
THEME = "theme"
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
ARTICLE_URL = "{slug}.html"
ARTICLE_SAVE_AS = "{slug}.html"
MARKDOWN = {"extension_configs": {"markdown.extensions.attr_list": {}}, "output_format": "html5"}
"""


def pelican_site(folder: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    site = folder / "pelican"
    (site / "content").mkdir(parents=True)
    templates = site / "theme" / "templates"
    templates.mkdir(parents=True)
    (site / "theme" / "static").mkdir()
    (site / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    head = '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
    (templates / "article.html").write_text(
        f"{head}<title>{{{{ article.title }}}}</title></head><body><article>"
        "<h1>{{ article.title }}</h1><time>{{ article.date.isoformat() }}</time>"
        '{{ article.content }}</article><a href="{{ SITEURL }}/index.html">index</a></body></html>',
        encoding="utf-8",
    )
    (templates / "index.html").write_text(
        f"{head}<title>أرشيف</title></head><body><ol>{{% for article in articles %}}"
        '<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></li>'
        "{% endfor %}</ol></body></html>",
        encoding="utf-8",
    )
    (templates / "page.html").write_text(f"{head}</head><body></body></html>", encoding="utf-8")
    for slug, title, date, body in rows:
        (site / "content" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: {date[:10]}\nSlug: {slug}\n\n{body}", encoding="utf-8"
        )
    return site


def append_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)


#: Saves timed per kind of edit while serving; the median is reported.
EDITS = 5
#: The longest one save may take to reach the page before the benchmark gives up.
LONGEST_RELOAD = 300.0


def fetch(url: str, timeout: float = 30.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        return response.read().decode("utf-8", "replace")


def shows(url: str, marker: str) -> bool:
    try:
        return marker in fetch(url)
    except (OSError, urllib.error.URLError):
        return False


class Served:
    """A server process whose output is read as it comes (a full pipe would stop it)."""

    def __init__(self, command: list[str], cwd: Path, ready: str) -> None:
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: list[str] = []
        self.url = ""
        self.found = threading.Event()
        pattern = re.compile(ready)

        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self.lines.append(line)
                match = pattern.search(line)
                if match and not self.found.is_set():
                    self.url = match.group(1)
                    self.found.set()

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()

    def wait_ready(self, seconds: float = 1800.0) -> str:
        if not self.found.wait(seconds):
            self.stop()
            raise SystemExit("the server never said where it listens:\n" + "".join(self.lines))
        return self.url

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) of a process and its waited-for children, where /proc tells."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def reload_seconds(
    url: str, save: Callable[[], None], page: str, marker: str, pid: int
) -> tuple[float, float]:
    """From `save` to the served page's reload signal (the answer to the question the page
    holds open), and the server's CPU time meanwhile; the changed page is then checked as
    served."""
    seen = fetch(url + "__sijill/version")
    answer: list[float] = []

    def ask() -> None:
        now = seen
        while now == seen:  # a question held past its longest is asked again, as the page does
            now = fetch(f"{url}__sijill/version?after={seen}", timeout=LONGEST_RELOAD)
        answer.append(time.perf_counter())

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    time.sleep(0.3)  # the question is held before the save, as an open page's is
    cpu = cpu_seconds(pid)
    start = time.perf_counter()
    save()
    asking.join(LONGEST_RELOAD)
    if not answer:
        raise SystemExit("the served page was never told to reload")
    cpu = cpu_seconds(pid) - cpu
    if not shows(url + page, marker):
        raise SystemExit(f"reloaded, but {page} does not show the change")
    time.sleep(1.5)  # the build's own article file wakes the watcher once more: let it pass
    return answer[0] - start, cpu


def appended(path: Path, line: str) -> Callable[[], None]:
    return lambda: append_line(path, line)


def serve_figures(project: Path) -> dict[str, float]:
    """Median seconds from saving an article, then a capture, to the page's reload signal."""
    articles = sorted((project / "articles").glob("*.md"))
    chosen = [articles[(len(articles) * (i + 1)) // (EDITS + 2)] for i in range(EDITS)]
    served = Served(
        [sys.executable, "-m", "sijill", "--config", "site.toml", "serve", "--port", "0"],
        project,
        r"at (http://127\.0\.0\.1:\d+/)",
    )
    try:
        url = served.wait_ready()
        article_times, capture_times = [], []
        for number, path in enumerate(chosen):
            article = read_record(path)
            marker = f"فقرة المعاينة رقم {number} للمقالة"
            page = f"articles/{article.slug}.html"
            save = appended(path, f"\n{marker}\n")
            article_times.append(reload_seconds(url, save, page, marker, served.process.pid))
        for number, path in enumerate(articles[-EDITS - 3 : -3]):
            article = read_record(path)
            seed = project / "seeds" / str(article.meta["seed"])
            marker = f"سطر المعاينة رقم {number} في الالتقاط"
            page = f"captures/{article.slug}.txt"
            save = appended(seed, f"\n{marker}\n")
            capture_times.append(reload_seconds(url, save, page, marker, served.process.pid))
    finally:
        served.stop()
    return {
        "serve_article": statistics.median(t for t, _ in article_times),
        "serve_article_cpu": statistics.median(c for _, c in article_times),
        "serve_capture": statistics.median(t for t, _ in capture_times),
        "serve_capture_cpu": statistics.median(c for _, c in capture_times),
    }


def hugo_figures(site: Path) -> dict[str, float]:
    """Median seconds from saving an article of the Hugo site to `hugo server` serving it."""
    posts = sorted((site / "content" / "posts").glob("*.md"))
    chosen = [posts[(len(posts) * (i + 1)) // (EDITS + 2)] for i in range(EDITS)]
    port = free_port()
    served = Served(
        ["hugo", "server", "--bind", "127.0.0.1", "--port", str(port), "--quiet"],
        site,
        r"(.)",
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 1800
        while not shows(url, "<ol>"):
            if time.monotonic() > deadline or served.process.poll() is not None:
                raise SystemExit("hugo server never answered:\n" + "".join(served.lines))
            time.sleep(0.2)
        times = []
        for number, path in enumerate(chosen):
            marker = f"فقرة المعاينة رقم {number} للمقالة"
            page = f"posts/{path.stem}/"
            time.sleep(0.5)
            start = time.perf_counter()
            append_line(path, f"\n\n{marker}\n")
            while not shows(url + page, marker):
                if time.perf_counter() - start > LONGEST_RELOAD:
                    raise SystemExit(f"hugo server never showed the change in {page}")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
    finally:
        served.stop()
    return {"hugo_serve_article": statistics.median(times)}


def bench(count: int, folder: Path, peers: bool, large: bool = False) -> dict[str, float]:
    project = make_project(folder, count)
    if large:
        return large_figures(project, count)
    # The same captures again, cold, with search off: Hugo and Pelican index nothing.
    plain = folder / "no-search"
    shutil.copytree(project / "seeds", plain / "seeds")
    shutil.copytree(project / "templates", plain / "templates")
    (plain / "articles").mkdir()
    toml = (project / "site.toml").read_text(encoding="utf-8")
    assert "search = true" in toml, "site.toml no longer says search = true: fix the benchmark"
    (plain / "site.toml").write_text(toml.replace("search = true", "search = false"), "utf-8")
    cold_plain = sijill(plain)
    shutil.rmtree(plain)
    cold = sijill(project)
    pages = count_pages(project / "_site")
    noop = sijill(project)
    # A new capture is usually of recent news; an archive also gets older ones filled in.
    newest = newest_number(count)
    write_captures(project / "seeds", 1, start=newest)
    add = sijill(project)
    older = count if newest != count else count + 1  # dated well before the newest
    write_captures(project / "seeds", 1, start=older)
    add_old = sijill(project)
    seeds = sorted((project / "seeds").glob("*.txt"))
    append_line(seeds[len(seeds) // 2], "\nفقرة أضيفت إلى الالتقاط بعد نشره.\n")
    edit_seed = sijill(project)
    articles = sorted((project / "articles").glob("*.md"))
    append_line(articles[len(articles) // 3], "\nفقرة أضافها المحرر.\n")
    edit_article = sijill(project)
    append_line(project / "templates/static/style.css", "\n/* a tweak */\n")
    edit_style = sijill(project)
    base = project / "templates/base.html"
    footer = base.read_text(encoding="utf-8").replace("</footer>", "<p>تذييل</p>\n</footer>")
    base.write_text(footer, encoding="utf-8")
    edit_template = sijill(project)
    figures = {
        "cold": cold.seconds,
        "cold_no_search": cold_plain.seconds,
        "peak_mb": cold.peak_mb,
        "pages": pages,
        "pages_per_s": pages / cold.seconds,
        "noop": noop.seconds,
        "add_one": add.seconds,
        "add_old": add_old.seconds,
        "edit_seed": edit_seed.seconds,
        "edit_article": edit_article.seconds,
        "edit_style": edit_style.seconds,
        "edit_template": edit_template.seconds,
        "max_peak_mb": max(
            r.peak_mb
            for r in (cold, cold_plain, noop, add, add_old, edit_seed, edit_article, edit_template)
        ),
    }
    if peers:
        rows = export_markdown(project)
        hugo = hugo_site(folder, rows)
        figures["hugo"] = run(["hugo", "--quiet"], hugo).seconds
        pelican = pelican_site(folder, rows)
        figures["pelican"] = run(
            ["pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"], pelican
        ).seconds
    figures.update(preview_figures(folder, peers))
    return figures


def large_figures(project: Path, count: int) -> dict[str, float]:
    """Only what the targets for a very large archive name: the cold build (its time and
    peak memory, Pagefind included), a no-op, and adding the newest capture. At 100,000
    the full list would add two cold builds' worth (search off, every page again)."""
    cold = sijill(project)
    pages = count_pages(project / "_site")
    noop = sijill(project)
    write_captures(project / "seeds", 1, start=newest_number(count))
    add = sijill(project)
    return {
        "cold": cold.seconds,
        "peak_mb": cold.peak_mb,
        "pages": pages,
        "pages_per_s": pages / cold.seconds,
        "noop": noop.seconds,
        "add_one": add.seconds,
        "max_peak_mb": max(cold.peak_mb, noop.peak_mb, add.peak_mb),
    }


def preview_figures(folder: Path, peers: bool) -> dict[str, float]:
    """`serve` of the project in `folder`, and `hugo server` of its export beside it."""
    project = folder / "sijill"
    figures = serve_figures(project)
    if peers:
        hugo = folder / "hugo"
        if not hugo.is_dir():
            hugo_site(folder, export_markdown(project))
        figures.update(hugo_figures(hugo))
    return figures


def print_preview(figures: dict[str, float]) -> None:
    for kind in ("article", "capture"):
        print(
            f"  serve: save {'an' if kind == 'article' else 'a '} {kind} -> page reloaded  "
            f"{figures[f'serve_{kind}']:6.2f} s  (median; CPU {figures[f'serve_{kind}_cpu']:.2f} s)"
        )
    if "hugo_serve_article" in figures:
        print(
            f"  hugo server: save an article -> served   {figures['hugo_serve_article']:6.2f} s  "
            f"sijill/Hugo {figures['serve_article'] / figures['hugo_serve_article']:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="+", help="archive sizes, e.g. 1000 10000")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo and Pelican")
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="with --keep: only the preview figures, on the project an earlier run kept",
    )
    parser.add_argument(
        "--large",
        action="store_true",
        help="only cold, no-op, add the newest and peak memory (for 100000: no peers, no preview)",
    )
    args = parser.parse_args()
    if args.serve_only and not args.keep:
        parser.error("--serve-only needs --keep DIR (the folder of an earlier run)")
    bin_dir = Path(sys.executable).parent
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    results = {}
    for size in args.sizes:
        base = (
            args.keep / str(size) if args.keep else Path(tempfile.mkdtemp(prefix="sijill-bench-"))
        )
        base.mkdir(parents=True, exist_ok=True)
        try:
            if args.serve_only:
                results[size] = preview_figures(base, not args.no_peers)
                print(f"\nN = {size:,}")
                print_preview(results[size])
                continue
            results[size] = bench(size, base, not args.no_peers and not args.large, args.large)
        finally:
            if not args.keep:
                shutil.rmtree(base, ignore_errors=True)
        figures = results[size]
        print(f"\nN = {size:,}")
        print(
            f"  cold build        {figures['cold']:8.2f} s  ({figures['pages']:,} pages, "
            f"{figures['pages_per_s']:,.0f} pages/s, peak {figures['peak_mb']:.0f} MB)"
        )
        for key, label, note in (
            ("cold_no_search", "cold, search off ", ""),
            ("noop", "no-op rebuild    ", ""),
            ("add_one", "add one capture  ", "  (the newest)"),
            ("add_old", "add a back-dated ", "  (dated among older ones)"),
            ("edit_seed", "edit one capture ", ""),
            ("edit_article", "edit one article ", ""),
            ("edit_style", "edit the CSS     ", "  (templates/static/style.css)"),
            ("edit_template", "edit a template  ", "  (base.html: every page)"),
        ):
            if key in figures:
                print(f"  {label} {figures[key]:8.2f} s{note}")
        print(f"  peak memory (max over the builds) {figures['max_peak_mb']:.0f} MB")
        if "hugo" in figures:
            print(
                f"  Hugo cold         {figures['hugo']:8.2f} s   sijill/Hugo    "
                f"{figures['cold'] / figures['hugo']:.2f}x"
            )
            print(
                f"  Pelican cold      {figures['pelican']:8.2f} s   Pelican/sijill "
                f"{figures['pelican'] / figures['cold']:.2f}x faster "
                f"({figures['pelican'] / figures['cold_no_search']:.2f}x with search off)"
            )
        if "serve_article" in figures:
            print_preview(figures)
    if len(results) > 1 and not args.serve_only:
        small, large = min(results), max(results)
        growth = results[large]["cold"] / results[small]["cold"]
        print(f"\ncold build grows {growth:.1f}x for {large / small:.0f}x the captures")


if __name__ == "__main__":
    main()
