"""Querysets of one fixed shape whose SQL is compiled once per process, then only run.

Building and compiling a queryset costs far more CPU than running it: the school fetch with
the viewer's ties (two ``EXISTS`` subqueries) takes milliseconds to turn into SQL and a tenth
of that to run. The queries every page makes (the user, the school or board with the viewer's
ties, the latest answers, the current rule set) have the same SQL on every request; only a
few whole numbers (ids) change. ``PreparedQuery`` keeps the ORM as the one description of
such a query and skips its compilation after the first run.

Only for querysets whose SQL does not depend on the values (no ``__in`` lists, no None):
compilation with two sets of stand-in values must give the same SQL, or ``ShapeChanged`` is
raised. Instances come out as the queryset would make them (``select_related`` objects and
annotations included), through Django's own iterables.
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
    """One queryset's compiled form on one database: SQL, parameters and where values go."""

    def __init__(self, queryset: QuerySet, compiler, sql: str, params: tuple, slots: dict):
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.params = params
        self.slots = slots  # parameter position -> value name


class PreparedQuery:
    """A queryset of fixed shape, compiled once per process, shape and database.

    ``build(shape, **values)`` returns the queryset; ``shape`` (any hashable, e.g. whether the
    viewer is department staff) may change the SQL, ``values`` (whole numbers) may not.
    ``fetch(shape, **values)`` returns the list of objects (or rows, for ``values()``
    querysets) the queryset would give. Queries run on the default database. The values are ids
    compared for equality: one outside the 64-bit range matches nothing (an empty list).
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._lock = threading.Lock()
        self._compiled: dict[tuple[str, Hashable], _Compiled] = {}

    def fetch(self, shape: Hashable = None, /, **values: int) -> list[Any]:
        """Run the query for ``values`` and return its results as a list."""
        if any(not _INT64[0] <= value <= _INT64[1] for value in values.values()):
            return []  # no id is that large; SQLite could not even take the number
        alias = DEFAULT_DB_ALIAS
        compiled = self._compiled.get((alias, shape))
        if compiled is None:
            compiled = self._compile(shape, sorted(values), alias)
            with self._lock:
                self._compiled[(alias, shape)] = compiled
        params = list(compiled.params)
        for position, name in compiled.slots.items():
            params[position] = int(values[name])
        return list(_runnable(compiled, params, connections[alias]))

    def _compile(self, shape: Hashable, names: list[str], alias: str) -> _Compiled:
        results = []
        for offset, base in enumerate(_STAND_INS):
            stand_ins = {name: base - index for index, name in enumerate(names)}
            queryset = self._build(shape, **stand_ins)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            by_value = {value: name for name, value in stand_ins.items()}
            slots = {i: by_value[p] for i, p in enumerate(params) if _is_int(p) and p in by_value}
            results.append((queryset, compiler, sql, tuple(params), slots))
            if offset == 0 and set(slots.values()) != set(names):
                missing = sorted(set(names) - set(slots.values()))
                raise ShapeChanged(f"values not found in the query's parameters: {missing}")
        (queryset, compiler, sql, params, slots), (_q, _c, sql2, params2, slots2) = results
        fixed = [p for i, p in enumerate(params) if i not in slots]
        fixed2 = [p for i, p in enumerate(params2) if i not in slots2]
        if sql != sql2 or slots != slots2 or fixed != fixed2:
            raise ShapeChanged("the query's SQL depends on the values")
        return _Compiled(queryset, compiler, sql, params, slots)


def _is_int(value: Any) -> bool:
    # PostgreSQL's Int4 and friends are ints too; booleans are not values here.
    return isinstance(value, int) and not isinstance(value, bool)


def _runnable(compiled: _Compiled, params: list, connection) -> QuerySet:
    """A queryset like the compiled one that runs its SQL with ``params``, uncompiled."""
    compiler = copy.copy(compiled.compiler)  # the shared one is never changed
    compiler.connection = connection  # this thread's connection
    compiler.as_sql = lambda *args, **kwargs: (compiled.sql, params)
    query = copy.copy(compiled.queryset.query)
    query.get_compiler = lambda *args, **kwargs: compiler
    template = compiled.queryset
    queryset = QuerySet(model=template.model, query=query, using=template._db)
    queryset._iterable_class = template._iterable_class
    queryset._fields = template._fields
    return queryset
