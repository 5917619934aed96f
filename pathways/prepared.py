"""Querysets of one fixed shape whose SQL is compiled once per process, then only run.

Building and compiling a queryset costs far more CPU than running it: the school fetch with
the viewer's ties (two ``EXISTS`` subqueries) takes milliseconds to turn into SQL and a tenth
of that to run. The queries every page makes (the session, the user, the school or board with
the viewer's ties, the latest answers, the current rule set) have the same SQL on every
request; only an id or a key changes. ``PreparedQuery`` keeps the ORM as the one description
of such a query and skips its compilation after the first run.

Only for querysets that compare the values for equality and whose SQL does not depend on them
(no ``__in`` lists, no None): compilation with two sets of stand-in values must give the same
SQL, with each value in the parameters, or ``ShapeChanged`` is raised. Objects come out as the
queryset would make them (``select_related`` objects and annotations included), through
Django's own iterables, on every call from a fresh run of the SQL.

It leans on Django's internals: a copy of the compiler of the first compilation (its select
list and the layout of related objects) is handed to the iterable with the SQL swapped in.
``tests/pathways/test_prepared.py`` compares the results with the queryset's own, so a Django
upgrade that changes those internals fails there first.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# Stand-ins for the values, far outside any id, different in each of the two compilations.
_STAND_INS = (-7_364_912_000_000_000, -7_364_913_000_000_000)
_INT64 = (-(2**63), 2**63 - 1)


class ShapeChanged(ValueError):
    """The queryset's SQL depends on the values, so it cannot be prepared."""


class _Compiled:
    """One queryset's compiled form: its SQL, parameters and where each value goes."""

    def __init__(self, queryset: QuerySet, compiler, sql: str, params: tuple, slots: dict):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.slots = slots  # parameter position -> value name


class PreparedQuery:
    """A queryset of fixed shape, compiled once per process and shape.

    ``build(shape, **values)`` returns the queryset; ``shape`` (any hashable, e.g. whether the
    viewer is department staff) may change the SQL, ``values`` (ids as ``int``, keys as
    ``str``) may not. ``fetch(shape, **values)`` returns the list of objects (or rows, for
    ``values()`` querysets) the queryset would give, from the default database. An ``int``
    outside the 64-bit range matches no id: an empty list, without a query.
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._lock = threading.Lock()
        self._compiled: dict[Hashable, _Compiled] = {}

    def fetch(self, shape: Hashable = None, /, **values: int | str) -> list[Any]:
        """Run the query for ``values`` and return its results as a list."""
        kinds = tuple((name, type(value)) for name, value in sorted(values.items()))
        if any(kind not in (int, str) for _name, kind in kinds):
            raise TypeError(f"values must be int or str: {kinds}")
        if any(type(v) is int and not _INT64[0] <= v <= _INT64[1] for v in values.values()):
            return []  # no id is that large (and SQLite could not even take the number)
        key = (shape, kinds)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compile(shape, kinds)
            with self._lock:
                self._compiled[key] = compiled
        params = list(compiled.params)
        for position, name in compiled.slots.items():
            params[position] = values[name]
        return list(_runnable(compiled, params, connections[DEFAULT_DB_ALIAS]))

    def _compile(self, shape: Hashable, kinds: tuple) -> _Compiled:
        """Compile with two sets of stand-ins; the SQL and the other parameters must agree."""
        found = []
        for base in _STAND_INS:
            stand_ins = {
                name: base - index if kind is int else f"stand-in {base - index}"
                for index, (name, kind) in enumerate(kinds)
            }
            queryset = self._build(shape, **stand_ins)
            compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
            sql, params = compiler.as_sql()
            by_value = {(type(v), v): name for name, v in stand_ins.items()}
            slots = {}
            for position, value in enumerate(params):
                kind = _kind(value)  # None for parameters that are never values (JSON, ...)
                if kind is not None and (kind, value) in by_value:
                    slots[position] = by_value[(kind, value)]
            if set(slots.values()) != set(stand_ins):
                missing = sorted(set(stand_ins) - set(slots.values()))
                raise ShapeChanged(f"values not found in the query's parameters: {missing}")
            others = [p for position, p in enumerate(params) if position not in slots]
            found.append((queryset, compiler, sql, tuple(params), slots, others))
        first, second = found
        if first[2] != second[2] or first[4] != second[4] or first[5] != second[5]:
            raise ShapeChanged("the query's SQL depends on the values")
        return _Compiled(*first[:5])


def _kind(value: Any) -> type | None:
    # PostgreSQL's Int4 and friends are ints too; booleans are never values here.
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int
    return str if isinstance(value, str) else None


def _runnable(compiled: _Compiled, params: list, connection) -> QuerySet:
    """A queryset like the compiled one that runs its SQL with ``params``, uncompiled."""
    compiler = copy.copy(compiled.compiler)  # the shared one is never changed
    compiler.connection = connection  # this thread's connection
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    query = copy.copy(compiled.queryset.query)
    query.get_compiler = lambda *args, **kwargs: compiler
    template = compiled.queryset
    queryset = QuerySet(model=template.model, query=query, using=DEFAULT_DB_ALIAS)
    queryset._iterable_class = template._iterable_class
    queryset._fields = template._fields
    return queryset
