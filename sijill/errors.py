"""Every error sijill raises on purpose, each with the exit code it ends a command with.

One module, importing nothing, so the command line can name and catch them all
without loading Jinja2, nh3, Babel or Pagefind. The codes are part of the
interface for CI pipelines (README, Exit codes):

- 0: success;
- 1: warnings under ``--strict``, or ``check`` found captures needing attention;
- 2: bad settings, profiles, topics, wording or usage (`ConfigError`);
- 3: the build failed; the previous site was left untouched, or is being finished
  by the next build (`BuildFailed`);
- 4: an unexpected error, a bug: the traceback is printed (never 1, which CI reads
  as "warnings").

`CaptureError` is not fatal: the build reports the capture and goes on.
"""

from __future__ import annotations

import os
from pathlib import Path

EXIT_OK, EXIT_WARNINGS, EXIT_CONFIG, EXIT_FAILED, EXIT_BUG = 0, 1, 2, 3, 4
#: `check` and `explain` end with 1 when a capture needs attention, as `build --strict` does.
EXIT_ATTENTION = EXIT_WARNINGS


class SijillError(Exception):
    """An error a command reports in one line and ends with `exit_code`."""

    exit_code = EXIT_FAILED


class ConfigError(SijillError):
    """A file an editor or site owner wrote is wrong; the message names the file and key."""

    exit_code = EXIT_CONFIG
    #: What the file is, when its message does not start by saying so.
    subject = ""


class SettingsError(ConfigError):
    """site.toml is missing or wrong; the message names the key or line."""


class ProfileError(ConfigError):
    """A profile file that cannot be used; the message names the file and key."""

    subject = "source profile"


class TopicsError(ConfigError):
    """topics.yaml is wrong; the message names the entry."""

    subject = "topics"


class WordingError(ConfigError):
    """A wording file (the reasons shown to readers) is wrong; the message names the key."""


class BuildFailed(SijillError):
    """The build stopped; the previous site is left as it was."""

    exit_code = EXIT_FAILED


class RecordError(BuildFailed):
    """An article file that cannot be read; the message names the file and the problem.

    `reason` is the problem alone, for reports that name the file themselves.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{Path(path).name}: {reason}")
        self.path, self.reason = path, reason

    def __reduce__(self) -> tuple[type[RecordError], tuple[str | os.PathLike[str], str]]:
        # Raised in forked workers and sent back pickled: without this, unpickling calls
        # __init__ with the message alone, fails, and the pool's result thread dies.
        return type(self), (self.path, self.reason)


class OutputPathError(BuildFailed, ValueError):
    """A page path that would land outside the output folder (a bug or a hostile name)."""


class IndexingError(BuildFailed):
    """Pagefind could not index the site; the message carries its own output."""


class PartlyPublished(BuildFailed):
    """Applying a rebuild's changes stopped halfway: part of the new site is in place,
    and the next build finishes the job from the written-down list."""


class InterruptedWhilePublishing(KeyboardInterrupt):
    """Ctrl-C while a rebuild's changes were being applied (a KeyboardInterrupt still)."""

    exit_code = EXIT_FAILED


#: What an editor can do about a capture the cleaner refused, unless the error says better.
DEFAULT_ADVICE = (
    "check it is a saved article page; `python build.py explain SEED` shows how each line was read"
)


class CaptureError(SijillError):
    """A capture that cannot become an article: the reason, and what the editor can do.

    Not fatal: the build and `check` report the capture and go on with the others.
    """

    def __init__(self, reason: str, advice: str = DEFAULT_ADVICE) -> None:
        super().__init__(reason)
        self.reason = reason
        self.advice = advice


#: What an editor can do about a capture or an article that failed in a way nobody foresaw.
BUG_ADVICE = "a bug in sijill: please report it, with this file"


def described(error: BaseException) -> str:
    """An unexpected exception in one short line: its kind and what it says.

    One capture or one article failing this way costs only itself (a warning
    naming its file, with this); the rest of the site builds.
    """
    text = " ".join(str(error).split())
    text = text if len(text) <= 200 else text[:200] + "…"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
