"""A Config as URL query parameters, and back: a lecturer's link opens exactly
that setup.  Only fields that differ from the defaults are written; reading
never raises: each missing, invalid or tampered value falls back to its
default, and a notice says which.
"""
import re
from dataclasses import fields, replace

from .datasets import OWN
from .config import Config
from .presets import FIRST_RUN

_DEFAULTS = Config()
_OPTIONAL = ("noise", "output", "schedule")  # None ("the natural default") travels as an empty value
MAX_VALUE_LENGTH = 200
# Numbers as a person writes them in a link: no "1_000", "nan", "inf" or
# spaces, which Python's int() and float() would also take.
_WHOLE = re.compile(r"[0-9]+")
_REAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _text(config, name):
    value = getattr(config, name)
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def _differences(config, base):
    return {f.name: _text(config, f.name) for f in fields(Config) if getattr(config, f.name) != getattr(base, f.name)}


def config_to_params(config):
    """{field: text} for every field that differs from Config()'s default.  An
    empty query opens the playground's first run (FIRST_RUN), so Config() itself,
    which would write nothing, writes where it differs from that run instead."""
    return _differences(config, _DEFAULTS) or (_differences(config, FIRST_RUN) if config != FIRST_RUN else {})


def _number(text, pattern, kind):
    if not pattern.fullmatch(text):
        raise ValueError(f"not a {'whole ' if kind is int else ''}number")
    return kind(text)


def _parse(name, text, default):
    if isinstance(default, tuple) or name in ("hidden", "features"):
        parts = tuple(p.strip() for p in text.split(",") if p.strip())
        if text.strip() and not parts:
            raise ValueError("only commas, no values")
        return tuple(_number(p, _WHOLE, int) for p in parts) if name == "hidden" else parts
    if name in _OPTIONAL and text == "":
        return None
    kind = type(default) if default is not None else (float if name == "noise" else str)
    if kind is int:
        return _number(text, _WHOLE, int)
    if kind is float:
        return _number(text, _REAL, float)
    return text


def _short(text, length=40):
    return text if len(text) <= length else text[:length - 1] + "…"


def last_value(raw):
    """A query parameter's value: the last one when the key was given more than once
    (some frameworks give a list of a key's values)."""
    return raw[-1] if isinstance(raw, (list, tuple)) and raw else raw


def config_from_params(params):
    """(Config, notices) from a mapping of query parameters (values are strings,
    or lists of strings as some frameworks give).  Unknown keys are ignored.  A
    link none of whose settings could be used opens what a bare link opens."""
    config, notices, used = _DEFAULTS, [], 0
    names = {f.name for f in fields(Config)}
    for name, raw in params.items():
        if name not in names:
            continue
        text = last_value(raw)
        if isinstance(raw, (list, tuple)) and len(set(map(str, raw))) > 1:
            notices.append(f"{name} was given {len(raw)} times; using the last, {_short(str(text))!r}.")
        try:
            if not isinstance(text, str) or len(text) > MAX_VALUE_LENGTH:
                raise ValueError("not a short text value")
            config = replace(config, **{name: _parse(name, text, getattr(_DEFAULTS, name))})
            used += 1
        except (ValueError, TypeError, OverflowError) as error:
            notices.append(f"Ignored {name}={_short(str(text))!r}: {error}. Using the default.")
    if not used and names & params.keys():
        config = FIRST_RUN
    if config.dataset == OWN:
        config = replace(config, dataset=_DEFAULTS.dataset)
        notices.append("Your own points cannot travel in a link: share them as a CSV file "
                       "(download, then upload). Showing the default data instead.")
    return config, notices
