"""Source profiles: the cleaner's knowledge as data, common to all sources or one source's own.

`_common.yaml` holds what any Arabic news page carries (function words, the
furniture and section headers sites share, thresholds): it alone cleans a
capture from a site nobody described. A source's file only records what that
source does unusually (its name, a doubled-caption habit, the marker of an
appended article, its date-line form), so a new site needs no file at all.
Profiles are validated when loaded, so a typo in a key or a broken pattern is
an error naming the file and key instead of a silently ignored rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from ..config import defaults, editorial
from ..engine.files import safe_yaml
from ..errors import ProfileError
from .evidence import fold_word
from .prefilter import FirstCharIndex, may_hold_space_run, required_text, whitespace_run_min

#: Lines a profile remembers its verdicts on before it starts afresh.
SEEN_LIMIT = 50_000
#: Only lines this short are remembered: menus, labels, captions and footers recur from
#: page to page, an article's paragraphs do not, and they would fill the memory.
SEEN_MAX_CHARS = 160
PROFILE_DIR = defaults.PROFILES
COMMON = "_common.yaml"
KNOWN_KEYS = {
    "key",
    "source",
    "detect",
    "title_max_chars",
    "title_words",
    "text_words",
    "stopwords",
    "sentence_openers",
    "bylines",
    "credits",
    "date_labels",
    "furniture",
    "sections",
    "appended_after",
    "article_start",
    "captured_patterns",
    "date_patterns",
    "source_labels",
    "subheading_patterns",
    "subheading_unpunctuated_max_chars",
    "captions",
    "ticker",
    "section_label_max_chars",
}


@dataclass(frozen=True)
class Profile:
    """One source's rules, merged with the common rules and compiled."""

    key: str
    source: str | None
    file: str
    detect: tuple[re.Pattern[str], ...]
    detect_min: int
    title_max_chars: int
    #: A headline has this many words at least and at most.
    title_min_words: int
    title_max_words: int
    #: Running text: this many words with sentence punctuation, or `long_min_words` without.
    good_min_words: int
    long_min_words: int
    stopwords: frozenset[str]
    #: Words a lede's sentence opens on and a headline never does («كما», «أعلن», «تم»).
    sentence_openers: frozenset[str]
    bylines: tuple[re.Pattern[str], ...]
    #: A caption's closing credit, and a credit standing alone on its line.
    credit: re.Pattern[str]
    credit_alone: re.Pattern[str]
    published_label: re.Pattern[str]
    updated_label: re.Pattern[str]
    furniture: tuple[tuple[str, re.Pattern[str]], ...]
    sections: tuple[tuple[str, re.Pattern[str]], ...]
    appended_after: frozenset[str]
    article_start: tuple[re.Pattern[str], ...]
    article_start_within: int
    captured_patterns: tuple[re.Pattern[str], ...]
    date_patterns: tuple[re.Pattern[str], ...]
    source_labels: tuple[re.Pattern[str], ...]
    subheading_patterns: tuple[re.Pattern[str], ...]
    subheading_unpunctuated_max: int
    captions_doubled: bool
    caption_credit: re.Pattern[str] | None
    caption_unpunctuated_max: int
    ticker_min_runs: int
    ticker_run: re.Pattern[str]
    section_label_max_chars: int
    #: What the furniture and section patterns said of a line already met: a site prints
    #: the same menus, labels and footers on every page, so an archive of one site's
    #: pages asks again and again. Bounded; never part of the profile's identity.
    seen: dict[tuple[str, str], Any] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def remembered(
        self, kind: str, line: str, work: Callable[[str], Any], size: int | None = None
    ) -> Any:
        """`work(line)`, remembered for this profile and line if the line (or the `size`
        it stands for, when `line` joins the text a verdict reads) is short."""
        if (len(line) if size is None else size) > SEEN_MAX_CHARS:
            return work(line)
        key = (kind, line)
        if key not in self.seen:
            if len(self.seen) >= SEEN_LIMIT:
                self.seen.clear()
            self.seen[key] = work(line)
        return self.seen[key]

    def score(self, lines: tuple[str, ...]) -> int:
        """How many of this profile's detection patterns the capture matches."""
        return self.score_text("\n".join(lines))

    def score_text(self, text: str) -> int:
        """`score` of lines joined by newlines: one search a pattern, not one a line.

        A pattern whose plain text the capture lacks is not searched: most captures
        are not from most sources, and a line-anchored pattern is tried at every line.
        """
        return sum(
            1 for needed, pattern in self.detect_needs if needed in text and pattern.search(text)
        )

    @cached_property
    def detect_needs(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """Each detection pattern with the text every match of it contains."""
        return tuple((required_text(pattern), pattern) for pattern in self.detect_lines)

    def ticker_runs(self, text: str) -> int:
        """Runs of `ticker_run` in a line; a line that cannot hold one is not searched."""
        spaces = self.ticker_spaces
        if spaces and not may_hold_space_run(text, spaces):
            return 0
        return len(self.ticker_run.findall(text))

    @cached_property
    def ticker_spaces(self) -> int:
        """Whitespace characters in a row every `ticker_run` match is (0: not known)."""
        return whitespace_run_min(self.ticker_run)

    @cached_property
    def furniture_index(self) -> FirstCharIndex:
        """The furniture patterns by the first character of the lines they can match."""
        return FirstCharIndex(self.furniture)

    @cached_property
    def section_index(self) -> FirstCharIndex:
        """The section patterns by the first character of the lines they can match."""
        return FirstCharIndex(self.sections)

    @cached_property
    def detect_lines(self) -> tuple[re.Pattern[str], ...]:
        """The detection patterns with ^ and $ meaning each line's start and end."""
        return tuple(re.compile(p.pattern, p.flags | re.MULTILINE) for p in self.detect)


_ESCAPE = re.compile(r"\\.")
_LATIN = re.compile(r"[A-Za-z]")


def _compile(file: str, key: str, pattern: Any) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise ProfileError(f"{file}: {key}: a pattern must be a string, not {pattern!r}")
    try:
        # Case never matters for the Latin words pages mix in (Advertisement, Related
        # Posts); the flag is set only where there are some, as it doubles the cost.
        latin = _LATIN.search(_ESCAPE.sub("", pattern))
        return re.compile(pattern, re.IGNORECASE if latin else 0)
    except re.error as error:
        raise ProfileError(f"{file}: {key}: bad pattern {pattern!r}: {error}") from error


def _patterns(
    file: str, key: str, value: Any, groups: tuple[str, ...] = ()
) -> tuple[re.Pattern[str], ...]:
    """Compile a list of patterns, each of which must have the named `groups` the cleaner reads."""
    if not isinstance(value, list):
        raise ProfileError(f"{file}: {key}: expected a list of patterns")
    patterns = tuple(_compile(file, key, item) for item in value)
    for pattern in patterns:
        missing = [group for group in groups if group not in pattern.groupindex]
        if missing:
            raise ProfileError(
                f"{file}: {key}: pattern {pattern.pattern!r} needs a (?P<{missing[0]}>…) group"
            )
    return patterns


def _named(file: str, key: str, value: Any) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if not isinstance(value, dict):
        raise ProfileError(f"{file}: {key}: expected a mapping of rule name to patterns")
    return tuple(
        (rule, pattern)
        for rule, patterns in value.items()
        for pattern in _patterns(file, f"{key}.{rule}", patterns)
    )


def _merge(common: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """Lists and rule mappings add to the common ones; everything else overrides."""
    merged = dict(common)
    for key, value in own.items():
        base = common.get(key)
        if isinstance(base, list) and isinstance(value, list):
            merged[key] = base + [item for item in value if item not in base]
        elif (
            key in ("furniture", "sections") and isinstance(base, dict) and isinstance(value, dict)
        ):
            rules = {rule: list(patterns) for rule, patterns in base.items()}
            for rule, patterns in value.items():
                if not isinstance(patterns, list):
                    raise ProfileError(f"{own['_file']}: {key}.{rule}: expected a list of patterns")
                rules[rule] = rules.get(rule, []) + patterns
            merged[key] = rules
        elif isinstance(base, dict) and isinstance(value, dict):
            merged[key] = {**base, **value}
        else:
            merged[key] = value
    return merged


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = safe_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ProfileError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ProfileError(f"{path.name}: expected a mapping at the top level")
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise ProfileError(f"{path.name}: unknown key {unknown[0]!r}")
    data["_file"] = path.name
    return data


def _words_of(file: str, key: str, value: list[Any]) -> list[str]:
    """Alternatives of a word list, each a pattern (credits are written as patterns)."""
    for item in value:
        _compile(file, key, item)
    return [str(item) for item in value]


def _any_word(words: list[str]) -> str:
    """A pattern matching any of these words as a whole word, never inside another."""
    return r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)" if words else r"(?!x)x"


def build_profile(data: dict[str, Any]) -> Profile:
    """Validate merged profile data and compile its patterns."""
    file = data["_file"]

    def count(table: dict[str, Any], name: str, key: str, default: int) -> int:
        """A whole number in one of the profile's tables, or one line naming file and key."""
        value = table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ProfileError(f"{file}: {name}.{key}: expected a whole number, not {value!r}")
        return value

    def need(key: str, kind: type | tuple[type, ...]) -> Any:
        value = data.get(key)
        if not isinstance(value, kind):
            raise ProfileError(f"{file}: {key}: missing or of the wrong type")
        return value

    detect = need("detect", dict)
    title_words = need("title_words", dict)
    text_words = need("text_words", dict)
    labels = need("date_labels", dict)
    credits = "|".join(_words_of(file, "credits", need("credits", list)))
    captions = need("captions", dict)
    start = need("article_start", dict)
    ticker = need("ticker", dict)
    sections = _named(file, "sections", need("sections", dict))
    appended = frozenset(need("appended_after", list))
    unknown_sections = appended - {rule for rule, _ in sections}
    if unknown_sections:
        raise ProfileError(
            f"{file}: appended_after: no section named {sorted(unknown_sections)[0]!r}"
        )
    credit = captions.get("credit_pattern")
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        raise ProfileError(f"{file}: source: expected text")
    profile = Profile(
        key=need("key", str),
        source=source,
        file=file,
        detect=_patterns(file, "detect.patterns", detect.get("patterns", [])),
        detect_min=count(detect, "detect", "min_matches", 1),
        title_max_chars=int(need("title_max_chars", int)),
        title_min_words=count(title_words, "title_words", "min", 3),
        title_max_words=count(title_words, "title_words", "max", 40),
        good_min_words=count(text_words, "text_words", "sentence", 8),
        long_min_words=count(text_words, "text_words", "long", 25),
        stopwords=frozenset(fold_word(w) for w in need("stopwords", str).split()),
        sentence_openers=frozenset(fold_word(w) for w in need("sentence_openers", str).split()),
        bylines=_patterns(file, "bylines", need("bylines", list)),
        credit=_compile(
            file,
            "credits",
            rf"(?:\((?:[^()]{{0,60}}(?:{credits})[^()]{{0,60}})\)|(?:\s[-–—]|[،,])\s*(?:{credits}))\s*$",
        ),
        credit_alone=_compile(file, "credits", rf"^\(?\s*(?:{credits})\s*\)?\s*[-–—]?$"),
        published_label=_compile(file, "date_labels", _any_word(labels.get("published", []))),
        updated_label=_compile(file, "date_labels", _any_word(labels.get("updated", []))),
        furniture=_named(file, "furniture", need("furniture", dict)),
        sections=sections,
        appended_after=appended,
        article_start=_patterns(file, "article_start.followed_by", start.get("followed_by", [])),
        article_start_within=count(start, "article_start", "within", 6),
        captured_patterns=_patterns(
            file, "captured_patterns", need("captured_patterns", list), ("date", "time")
        ),
        date_patterns=_patterns(file, "date_patterns", need("date_patterns", list), ("date",)),
        source_labels=_patterns(file, "source_labels", need("source_labels", list)),
        subheading_patterns=_patterns(
            file, "subheading_patterns", need("subheading_patterns", list), ("text",)
        ),
        subheading_unpunctuated_max=int(need("subheading_unpunctuated_max_chars", int)),
        captions_doubled=bool(captions.get("doubled", False)),
        caption_credit=_compile(file, "captions.credit_pattern", credit) if credit else None,
        caption_unpunctuated_max=count(captions, "captions", "unpunctuated_max_chars", 0),
        ticker_min_runs=count(ticker, "ticker", "min_runs", 3),
        ticker_run=_compile(file, "ticker.run", ticker.get("run", r"\s{3,}")),
        section_label_max_chars=int(need("section_label_max_chars", int)),
    )
    # The prefilters are part of compiling the profile: worked out once, when it is loaded.
    _ = profile.furniture_index, profile.section_index, profile.detect_needs, profile.ticker_spaces
    return profile


def load_profiles(
    directory: Path = PROFILE_DIR, overlay: Path | None = None
) -> tuple[Profile, tuple[Profile, ...]]:
    """Return (generic fallback, source profiles sorted by file name).

    With `overlay`, a project's folder of profiles is laid over `directory`'s: a
    profile whose `key` is already there takes its place, a new key adds a source
    (after the packaged ones), and a `_common.yaml` replaces the common keys it names.
    """

    def unique(paths: list[Path]) -> list[Profile]:
        profiles = [build_profile(_merge(common, _load_yaml(path))) for path in paths]
        keys = [profile.key for profile in profiles]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise ProfileError(f"profile key {sorted(duplicates)[0]!r} is used by two files")
        return profiles

    common = _load_yaml(directory / COMMON)
    packaged = sorted(path for path in directory.glob("*.yaml") if path.name != COMMON)
    project: list[Path] = []
    if overlay is not None:
        if (overlay / COMMON).is_file():
            common = {**common, **_load_yaml(overlay / COMMON)}
        project = sorted(path for path in overlay.glob("*.yaml") if path.name != COMMON)
    generic = build_profile(common)
    replacing = {profile.key: profile for profile in unique(project)}
    sources = [replacing.pop(profile.key, profile) for profile in unique(packaged)]
    return generic, (*sources, *replacing.values())


def default_profiles() -> tuple[Profile, tuple[Profile, ...]]:
    """The packaged profiles, with the running build's project profiles laid over them."""
    return _profiles(*editorial.current().state("profiles"))


@cache
def _profiles(overlay: Path | None, digest: str) -> tuple[Profile, tuple[Profile, ...]]:
    return load_profiles(PROFILE_DIR, overlay)


def choose_profile(
    lines: tuple[str, ...], profiles: tuple[Profile, tuple[Profile, ...]]
) -> Profile:
    """The source profile whose detection patterns the capture matches best, else the fallback.

    Matching is on what the capture says, never on its file name, so a renamed
    file is still recognised.
    """
    generic, sources = profiles
    best, best_score = generic, 0
    text = "\n".join(lines)
    for profile in sources:
        score = profile.score_text(text)
        if score >= profile.detect_min and score > best_score:
            best, best_score = profile, score
    return best
