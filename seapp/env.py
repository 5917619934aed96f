"""Read typed settings from the environment, failing loudly on values that do not parse.

Each helper returns `default` when the variable is unset or empty, and raises
`ImproperlyConfigured` with a one-line message naming the variable and what it accepts.
"""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = ("true", "1", "yes", "on")
FALSE_VALUES = ("false", "0", "no", "off")
_UNSET = object()


def _raw(name: str) -> str | None:
    """Return the stripped value of `name`, or None when it is unset or blank."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _missing(name: str, default: object, expected: str):
    if default is _UNSET:
        raise ImproperlyConfigured(f"{name} must be set ({expected})")
    return default


def env_str(name: str, default: object = _UNSET) -> str | None:
    """Return the variable as a string; raise when it is unset and no default is given."""
    value = _raw(name)
    if value is None:
        return _missing(name, default, "a string")
    return value


def env_bool(name: str, default: object = _UNSET) -> bool:
    """Return the variable as a bool, accepting true/false/1/0/yes/no/on/off in any case."""
    accepted = "/".join(v for pair in zip(TRUE_VALUES, FALSE_VALUES, strict=True) for v in pair)
    value = _raw(name)
    if value is None:
        return _missing(name, default, f"one of {accepted}")
    lowered = value.lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {accepted}, got {value!r}")


def env_int(name: str, default: object = _UNSET) -> int:
    """Return the variable as a base-10 integer (a leading sign is allowed)."""
    value = _raw(name)
    if value is None:
        return _missing(name, default, "a whole number")
    try:
        return int(value, 10)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number such as 0 or 31536000, got {value!r}"
        ) from None


def env_list(name: str, default: object = _UNSET) -> list[str]:
    """Return the variable split on commas, with blanks and surrounding spaces dropped."""
    value = _raw(name)
    if value is None:
        result = _missing(name, default, "a comma-separated list")
        return list(result) if result is not None else []
    return [item.strip() for item in value.split(",") if item.strip()]


def read_env_file(path: str | os.PathLike) -> dict[str, str]:
    """Return the ``NAME=value`` lines of a dotenv-style file; {} when the file does not exist.

    Blank lines and lines starting with ``#`` are skipped, an ``export`` prefix is allowed and
    one pair of matching quotes around a value is removed. Anything else stops with a one-line
    ``ImproperlyConfigured`` naming the file and line.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        return {}
    values = {}
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, sep, value = text.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[name] = value
    return values


def load_env_file(path: str | os.PathLike) -> None:
    """Put the file's values into the environment where the environment does not set them."""
    for name, value in read_env_file(path).items():
        os.environ.setdefault(name, value)
