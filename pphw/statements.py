"""Plain rows of one record, read by a statement whose SQL is built once per process.

Django builds the SQL of a QuerySet again on every evaluation: about a
millisecond of Python for the simplest one, several for one with joins and
subqueries, before any row is read (docs/performance.md). The sections of a
person's record run the same few statements on every request, differing only in
the record's id. :func:`record_rows` builds each of them once per process from
its QuerySet, with a stand-in id that no row has, and on every later call runs
the same SQL with the record's id put in the stand-in's place.

So the rows are still chosen by a QuerySet (its filters, ordering and limits
are its own), and the statement is the one the QuerySet would run. Only a
QuerySet whose parameters are constants besides the id may be used this way:
nothing about the user, the date or a list whose length varies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

# An id no row has: a primary key is never negative.
STAND_IN = -7_318_530_041


class StatementShapeError(Exception):
    """The QuerySet does not take the record's id as a parameter."""


# (name, database alias) -> (SQL, parameters, positions of the id, converters by column)
_built: dict[tuple[str, str], tuple[str, tuple, tuple[int, ...], dict]] = {}


def record_rows(
    name: str, model: type[Model], build: Callable[[int], QuerySet], record_id: int
) -> list[tuple[Any, ...]]:
    """The rows of ``build(record_id)``, a ``values_list`` QuerySet of ``model``, as tuples.

    ``name`` identifies the statement in this process: one name, one ``build``.
    """
    alias = router.db_for_read(model) or "default"
    built = _built.get((name, alias))
    if built is None:
        built = _built[(name, alias)] = _build(build(STAND_IN).using(alias))
    sql, params, positions, converters = built
    values = list(params)
    for position in positions:
        values[position] = record_id
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    if converters:
        rows = [_convert(row, converters, connection) for row in rows]
    return rows


def record_models(
    name: str,
    model: type[Model],
    related: str,
    build: Callable[[int], QuerySet],
    record_id: int,
) -> list[Model]:
    """The rows of ``build(record_id)``, a QuerySet of ``model``, as instances of it, each
    with the row its foreign key ``related`` reaches (None for none), as ``select_related``
    would give them: one statement, built once per process as :func:`record_rows`'s are.
    """
    key = model._meta.get_field(related)
    other = key.related_model
    fields, other_fields = _columns(model), _columns(other)
    alias = router.db_for_read(model) or "default"

    def build_values(record_id: int) -> QuerySet:
        return build(record_id).values_list(
            *fields, *(f"{related}__{column}" for column in other_fields)
        )

    split = len(fields)
    instances = []
    for row in record_rows(name, model, build_values, record_id):
        instance = model.from_db(alias, fields, row[:split])
        reached = None
        if getattr(instance, key.attname) is not None:
            reached = other.from_db(alias, other_fields, row[split:])
        setattr(instance, related, reached)
        instances.append(instance)
    return instances


def _columns(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _build(queryset: QuerySet) -> tuple[str, tuple, tuple[int, ...], dict]:
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    positions = tuple(i for i, value in enumerate(params) if _is_stand_in(value))
    if not positions:
        raise StatementShapeError("The QuerySet does not filter by the record's id.")
    columns = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
    return sql, tuple(params), positions, compiler.get_converters(columns)


def _is_stand_in(value: Any) -> bool:
    return type(value) is int and value == STAND_IN


def _convert(row: tuple, converters: dict, connection) -> tuple:
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)
