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
import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

T = TypeVar("T", bound=type)

#: Classes that may be read back from the cache, by name, and their fields' checks
#: (made on first use: their type hints may name classes defined later).
_CACHEABLE: dict[str, type] = {}
_FIELD_CHECKS: dict[type, tuple[Callable[[Any], bool], ...]] = {}
PLAIN_TAGS = frozenset({"tuple", "dict", "set", "frozenset", "date", "datetime", "bytes"})


def cacheable(cls: T) -> T:
    """Mark a dataclass or NamedTuple as one the cache may hold and read back."""
    name = cls.__name__
    if name in PLAIN_TAGS:
        raise TypeError(f"{name}: the name of a plain type in the cache format")
    if _CACHEABLE.setdefault(name, cls) is not cls:
        raise TypeError(f"{name}: two cacheable classes of one name")
    return cls


def _field_names(cls: type) -> tuple[str, ...]:
    if is_dataclass(cls):
        return tuple(f.name for f in fields(cls))
    return tuple(cls._fields)  # type: ignore[attr-defined]  # a NamedTuple


def to_plain(value: Any) -> Any:
    """`value` as what `json` writes: lists, text-keyed mappings and scalars."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is list:
        return [to_plain(item) for item in value]
    if kind is dict:
        if all(type(key) is str and not key.startswith("!") for key in value):
            return {key: to_plain(item) for key, item in value.items()}
        return {"!dict": [[to_plain(key), to_plain(item)] for key, item in value.items()]}
    if kind is tuple:
        return {"!tuple": [to_plain(item) for item in value]}
    name = kind.__name__
    if _CACHEABLE.get(name) is kind:
        return {f"!{name}": [to_plain(getattr(value, field)) for field in _field_names(kind)]}
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


def _from_object(mapping: dict[str, Any]) -> Any:
    """A JSON object read back (its contents already are): a tagged value, or itself."""
    if len(mapping) != 1:
        return mapping
    ((tag, payload),) = mapping.items()
    if not tag.startswith("!"):
        return mapping
    tag = tag[1:]
    if tag in ("date", "datetime", "bytes"):
        if type(payload) is not str:
            raise ValueError(f"{tag} is not text")
        if tag == "bytes":
            return base64.b64decode(payload, validate=True)
        return (
            dt.datetime.fromisoformat(payload)
            if tag == "datetime"
            else dt.date.fromisoformat(payload)
        )
    if type(payload) is not list:
        raise ValueError(f"{tag} holds no list")
    if tag == "tuple":
        return tuple(payload)
    if tag == "dict":
        return {key: item for key, item in payload}  # a pair that is not two: ValueError
    if tag == "set":
        return set(payload)
    if tag == "frozenset":
        return frozenset(payload)
    cls = _CACHEABLE.get(tag)
    if cls is None:
        raise ValueError(f"unknown type {tag!r}")
    checks = _checks_of(cls)
    if len(payload) != len(checks) or not all(
        check(item) for check, item in zip(checks, payload, strict=True)
    ):
        raise ValueError(f"{tag} with fields of the wrong kind")
    return cls(*payload)


def _checks_of(cls: type) -> tuple[Callable[[Any], bool], ...]:
    checks = _FIELD_CHECKS.get(cls)
    if checks is None:
        hints = typing.get_type_hints(cls)
        checks = tuple(checker(hints.get(name, Any)) for name in _field_names(cls))
        _FIELD_CHECKS[cls] = checks
    return checks


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
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return _anything
