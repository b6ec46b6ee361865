"""A Config as URL query parameters, and back: a lecturer's link opens exactly
that setup.  Only fields that differ from the defaults are written; reading
never raises: each missing, invalid or tampered value falls back to its
default, and a notice says which.
"""
from dataclasses import fields, replace

from .datasets import OWN
from .session import Config

_DEFAULTS = Config()
MAX_VALUE_LENGTH = 200


def _text(config, name):
    value = getattr(config, name)
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def config_to_params(config):
    """{field: text} for every field that differs from Config()'s default."""
    return {f.name: _text(config, f.name) for f in fields(Config)
            if getattr(config, f.name) != getattr(_DEFAULTS, f.name)}


def _parse(name, text, default):
    if isinstance(default, tuple) or name in ("hidden", "features"):
        parts = tuple(p.strip() for p in text.split(",") if p.strip())
        return tuple(int(p) for p in parts) if name == "hidden" else parts
    if name in ("noise", "output") and text == "":
        return None
    kind = type(default) if default is not None else (float if name == "noise" else str)
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    return text


def config_from_params(params):
    """(Config, notices) from a mapping of query parameters (values are strings,
    or lists of strings as some frameworks give).  Unknown keys are ignored."""
    config, notices = _DEFAULTS, []
    names = {f.name for f in fields(Config)}
    for name, raw in params.items():
        if name not in names:
            continue
        text = raw[-1] if isinstance(raw, (list, tuple)) and raw else raw
        try:
            if not isinstance(text, str) or len(text) > MAX_VALUE_LENGTH:
                raise ValueError("not a short text value")
            config = replace(config, **{name: _parse(name, text, getattr(_DEFAULTS, name))})
        except (ValueError, TypeError, OverflowError) as error:
            notices.append(f"Ignored {name}={str(text)[:40]!r} ({str(error)[:120]}); using the default.")
    if config.dataset == OWN:
        config = replace(config, dataset=_DEFAULTS.dataset)
        notices.append("Your own points cannot travel in a link: share them as a CSV file "
                       "(download, then upload). Showing the default data instead.")
    return config, notices
