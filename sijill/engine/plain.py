"""The build cache's file format: JSON, with the few Python types it holds spelled out.

The cache sits beside the output folder, where a shared CI cache or another
user may be able to write it. Reading it must therefore never run code, as
unpickling can: it is JSON, and the only objects made from it are plain values
and the classes the program marks `cacheable`, built from their fields and
each field checked against its type. Anything else in a file (an unknown tag,
a field of the wrong type, malformed JSON) raises `ValueError`, and the cache
is discarded.

JSON has no tuples, sets, dates or non-text keys, and the cache's values are
compared with `==` to the next build's (`BuildCache._parts`) and used as keys,
so each keeps its type through a one-key object naming it: ``{"!tuple": [...]}``.
A mapping whose keys are all text and none starts with "!" is written as it is.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)

#: Classes that may be read back from the cache, by name.
_CACHEABLE: dict[str, type] = {}
#: How each tag is read back: the plain ones here, a cacheable class's on first use
#: (its type hints may name classes defined after it).
_READERS: dict[str, Callable[[Any], Any]] = {}
#: Types `json` writes and reads back as they are.
_SCALARS = frozenset({str, int, float, bool, type(None)})
PLAIN_TAGS = frozenset({"tuple", "dict", "set", "frozenset", "date", "datetime", "bytes"})


def cacheable(cls: T) -> T:
    """Mark a dataclass or NamedTuple as one the cache may hold and read back."""
    name = cls.__name__
    if name in PLAIN_TAGS:
        raise TypeError(f"{name}: the name of a plain type in the cache format")
    if _CACHEABLE.setdefault(name, cls) is not cls:
        raise TypeError(f"{name}: two cacheable classes of one name")
    return cls


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    if is_dataclass(cls):
        return tuple(f.name for f in fields(cls))
    return tuple(cls._fields)  # type: ignore[attr-defined]  # a NamedTuple


@cache
def _fields_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = _field_names(cls)
    get = attrgetter(*names)
    return get if len(names) > 1 else lambda value: (get(value),)


def to_plain(value: Any) -> Any:
    """`value` as what `json` writes: lists, text-keyed mappings and scalars."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [item if type(item) in _SCALARS else to_plain(item) for item in value]
    if kind is dict:
        if all(type(key) is str and key[:1] != "!" for key in value):
            return {
                key: item if type(item) in _SCALARS else to_plain(item)
                for key, item in value.items()
            }
        return {"!dict": [[to_plain(key), to_plain(item)] for key, item in value.items()]}
    if kind is tuple:
        return {"!tuple": [item if type(item) in _SCALARS else to_plain(item) for item in value]}
    name = kind.__name__
    if _CACHEABLE.get(name) is kind:
        return {
            f"!{name}": [
                item if type(item) in _SCALARS else to_plain(item)
                for item in _fields_of(kind)(value)
            ]
        }
    if isinstance(value, str):  # a StrEnum: its text is what every page shows
        return str.__str__(value)
    if kind is set or kind is frozenset:
        return {f"!{kind.__name__}": [to_plain(item) for item in value]}
    if kind is dt.datetime or kind is dt.date:
        return {f"!{kind.__name__}": value.isoformat()}
    if kind is bytes:
        return {"!bytes": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"the build cache cannot hold a {kind.__name__}")


def dumps(value: Any) -> bytes:
    """`value` as the bytes of a cache file."""
    text = json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "surrogatepass")  # file names may hold lone surrogates


def loads(data: bytes) -> Any:
    """What `dumps` wrote; `ValueError` for anything it would not have written."""
    try:
        return json.loads(data.decode("utf-8", "surrogatepass"), object_hook=_from_object)
    except (TypeError, KeyError, IndexError, RecursionError, OverflowError) as error:
        raise ValueError(f"not a cache file: {error}") from error


#: Text up to this long is read back as one shared string per value (`sys.intern`): a
#: large archive's cache repeats the same topic keys, sources and date bases tens of
#: thousands of times, and JSON makes a new string of each (a fifth of the entries' memory).
SHARED = 32


def shared(mapping: dict[Any, Any]) -> dict[Any, Any]:
    """`mapping` with its keys and values of text up to `SHARED` long as one shared string
    each, as the cache's are read back.

    For mappings made outside the cache: a record's front matter parsed from YAML holds a
    string of its own for each of its keys and for each source, date basis and encoding,
    and a cold build holds every record of the archive (half a record's memory, about
    1 kB). Interned in the worker that parses it, each chunk of records it sends back
    shares one copy of them too (pickle sends an object once a message).
    """
    intern = sys.intern

    def one(item: Any) -> Any:
        return intern(item) if type(item) is str and len(item) <= SHARED else item

    return {one(key): one(value) for key, value in mapping.items()}


def _shared(items: list[Any]) -> list[Any]:
    intern = sys.intern
    return [intern(item) if type(item) is str and len(item) <= SHARED else item for item in items]


def _from_object(mapping: dict[str, Any]) -> Any:
    """A JSON object read back (its contents already are): a tagged value, or itself."""
    if len(mapping) != 1:
        for key, value in mapping.items():
            if type(value) is str and len(value) <= SHARED:
                mapping[key] = sys.intern(value)
        return mapping
    for tag, payload in mapping.items():
        read = _READERS.get(tag) or _reader_of(tag)
        return mapping if read is None else read(payload)


def _reader_of(tag: str) -> Callable[[Any], Any] | None:
    """How to read back a cacheable class's tag; None for a key that is no tag."""
    if tag[:1] != "!":
        return None
    cls = _CACHEABLE.get(tag[1:])
    if cls is None:
        raise ValueError(f"unknown type {tag!r}")
    hints = [typing.get_type_hints(cls).get(name, Any) for name in _field_names(cls)]
    # Most fields are checked by their exact type alone, without a call: a large
    # archive's cache holds tens of thousands of records and entries.
    checks = tuple((_exact_types(hint), checker(hint)) for hint in hints)

    def read(payload: Any) -> Any:
        if type(payload) is not list or len(payload) != len(checks):
            raise ValueError(f"{tag} with the wrong number of fields")
        for (exact, check), item in zip(checks, payload, strict=True):
            if type(item) not in exact if exact else not check(item):
                raise ValueError(f"{tag} with fields of the wrong kind")
        return cls(*payload)

    _READERS[tag] = read
    return read


def _listed(tag: str, make: Callable[[list[Any]], Any]) -> Callable[[Any], Any]:
    def read(payload: Any) -> Any:
        if type(payload) is not list:
            raise ValueError(f"{tag} holds no list")
        return make(payload)

    return read


def _texted(tag: str, make: Callable[[str], Any]) -> Callable[[Any], Any]:
    def read(payload: Any) -> Any:
        if type(payload) is not str:
            raise ValueError(f"{tag} is not text")
        return make(payload)

    return read


_READERS.update(
    {
        "!tuple": _listed("tuple", lambda items: tuple(_shared(items))),
        # A pair that is not two raises ValueError, a key that cannot be one TypeError.
        "!dict": _listed("dict", lambda pairs: {key: item for key, item in pairs}),
        "!set": _listed("set", set),
        "!frozenset": _listed("frozenset", frozenset),
        "!date": _texted("date", dt.date.fromisoformat),
        "!datetime": _texted("datetime", dt.datetime.fromisoformat),
        "!bytes": _texted("bytes", lambda text: base64.b64decode(text, validate=True)),
    }
)


def _exact_types(hint: Any) -> frozenset[type] | None:
    """The types a value read from JSON must be exactly of to have type `hint`, if that
    alone tells (`str | None`, a cacheable class, a mapping of anything); else None."""
    if hint is None or hint is type(None):
        return frozenset({type(None)})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = [_exact_types(arg) for arg in args]
        return None if None in options else frozenset().union(*options)  # type: ignore[arg-type]
    if origin is dict and (not args or args[1] is Any):
        return frozenset({dict})
    if hint is float:
        return frozenset({float, int})
    if hint in (str, int, bool) or hint in _CACHEABLE.values():
        return frozenset({hint})
    return None


def conforms(value: Any, hint: Any) -> bool:
    """Whether `value` is of the type `hint` describes (as far as `checker` looks)."""
    return checker(hint)(value)


def _anything(value: Any) -> bool:
    return True


def checker(hint: Any) -> Callable[[Any], bool]:
    """A test of whether a value read from the cache has the type `hint` describes:
    scalars, classes, `X | None`, and lists, tuples and dicts of those (`Any` passes all)."""
    if hint is Any or isinstance(hint, typing.TypeVar):
        return _anything
    if hint is None or hint is type(None):
        return lambda value: value is None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = tuple(checker(arg) for arg in args)
        return lambda value: any(check(value) for check in options)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            each = checker(args[0])
            return lambda value: type(value) is tuple and all(each(item) for item in value)
        parts = tuple(checker(arg) for arg in args)
        return lambda value: (
            isinstance(value, tuple)
            and len(value) == len(parts)
            and all(check(item) for check, item in zip(parts, value, strict=True))
        )
    if origin is list:
        each = checker(args[0]) if args else _anything
        return lambda value: type(value) is list and all(each(item) for item in value)
    if origin is dict:
        key_check, item_check = (checker(arg) for arg in args) if args else (_anything, _anything)
        if item_check is _anything:  # front matter: whatever an editor wrote, keys too
            return lambda value: type(value) is dict
        return lambda value: (
            type(value) is dict
            and all(key_check(key) and item_check(item) for key, item in value.items())
        )
    if hint is float:
        return lambda value: type(value) in (float, int)
    if hint in (str, int, bool):
        return lambda value: type(value) is hint or isinstance(value, hint)
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return _anything
