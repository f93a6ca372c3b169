"""The build cache's file format: every value comes back as it went, and reading runs no code."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from sijill.engine import plain
from sijill.engine.cache import Stamp
from sijill.records.record import Article
from sijill.records.sync import Report
from sijill.site.display import ShownDate
from sijill.site.page import Entry


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (`==` takes 1.0 for 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(k1, k2) and same(a[k1], b[k2]) for k1, k2 in zip(a, b, strict=True)
        )
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


# What an editor may write into front matter: YAML gives dates, sets, bytes, odd keys.
ODD_META = {
    "title": "عنوان «مقتبس» ـــ ٢٠٢٤",
    "captured": dt.date(2024, 11, 29),
    "updated": dt.datetime(2024, 11, 29, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
    "doubts": ["one", ("a", "tuple")],
    1: "an int key",
    None: "a null key",
    "!bang": "a key like a tag",
    "tags": {"x", "y"},
    "blob": b"\x00\xff",
    "ratio": 0.1,
    "big": 2**70,
    "flag": True,
    "nested": {"deep": [{"k": (1, 2.0)}]},
}


@pytest.mark.parametrize(
    "value",
    [
        {"a\udcff.txt": (Stamp(1, 2), "sha", "norm", ("note",))},  # a file name not UTF-8
        {"x.md": (Stamp(3, 4), Article(ODD_META, "articles/x.md", True, "d", "s"))},
        Entry(
            "slug",
            "title",
            "source",
            ShownDate("2024-11-29", "29 نوفمبر 2024", "الجمعة", "", "stated", None, "19:37"),
            "lead",
            {"seed": "001.txt"},
            ("topic",),
            "digest",
        ),
        ("fingerprint", "inputs", "1:2", Report(new=["a"], warnings=["w"], published=3)),
        {"group": ("key", ("index.html", "page/2/index.html"))},
        {"!tuple": "a key like a tag", "": []},
    ],
)
def test_every_value_comes_back_as_it_went(value):
    assert same(plain.loads(plain.dumps(value)), value)


class _Creates:
    def __init__(self, path) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def test_a_pickle_is_not_read_and_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(ValueError):
        plain.loads(pickle.dumps(_Creates(marker)))
    assert not marker.exists()


@pytest.mark.parametrize(
    "data",
    [
        b'{"!subprocess.Popen": [["touch", "x"]]}',
        b'{"!Stamp": [1]}',
        b'{"!Article": [[], "f", false, "d", "s", null]}',  # meta must be a mapping
        b'{"!Report": [["a"], [], [], [], "3", 0]}',
        b'{"!date": 5}',
        b'{"!tuple": {"a": 1}}',
        b"[" * 100_000,
        b"1" * 5000,
    ],
)
def test_anything_dumps_would_not_write_is_refused(data):
    with pytest.raises(ValueError):
        plain.loads(data)


def test_a_type_the_cache_does_not_know_cannot_be_saved():
    with pytest.raises(TypeError):
        plain.dumps({"x": object()})
