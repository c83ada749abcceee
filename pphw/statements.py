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
nothing about the user, the date or a list whose length varies, except as the
lists below.

:func:`statement_rows` does the same for a statement that takes lists: ids
(:class:`Ids`) or days (:class:`Days`), each filtered with :class:`AnyOf` (or
:class:`BeforeAll`), which sends a whole list to the database as one array
parameter, so that the SQL is the same however long the list is: a user's teams,
for instance. The report's counts per team, worked out
again by every write to a care record, are read this way.

On PostgreSQL a statement that looks up one record (:func:`record_rows`,
:func:`record_models`, or a call with ``prepare=True``) is also prepared on each
database connection the first time that connection runs it, and then executed
by name: PostgreSQL parses it once per connection and, once it judges a generic
plan as good as one made for the values, plans it once too. Planning these
joins took longer than running them (docs/performance.md).

:func:`replace_rows` keeps a table of such rows: it makes the rows of some keys
those a QuerySet gives, in one statement built once per process (PostgreSQL's
``INSERT … ON CONFLICT`` beside a ``DELETE`` in one ``WITH``), where reading the
rows, deleting the old ones and writing the new took several.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Lookup, Model, QuerySet

# An id no row has: a primary key is never negative.
STAND_IN = -7_318_530_041
# A day no record is on: the year 1.
STAND_IN_DAY = datetime.date(1, 1, 1)
# A text no QuerySet holds as a constant of its own (it starts with a control character).
STAND_IN_TEXT = "\x1fpphw-stand-in-"


class Ids(tuple):
    """A list of ids for :func:`statement_rows`."""


class Days(tuple):
    """A list of days for :func:`statement_rows`."""


class _ListLookup(Lookup):
    """A lookup whose right-hand side is a list sent as one parameter: an array on
    PostgreSQL (``array_sql``), JSON read by ``json_each`` elsewhere (``json_sql``,
    with the list's parameter before the column's when ``json_list_first``)."""

    prepare_rhs = False
    array_sql = ""
    json_sql = ""
    json_list_first = False

    def as_sql(self, compiler, connection) -> tuple[str, tuple]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection) for value in self.rhs]
        if connection.vendor == "postgresql":
            return self.array_sql.format(lhs=lhs), (*lhs_params, values)
        # lhs is the column's SQL as Django compiled it; the values are a parameter.
        listed = json.dumps(values, default=str)
        params = (listed, *lhs_params) if self.json_list_first else (*lhs_params, listed)
        return self.json_sql.format(lhs=lhs), params


class AnyOf(_ListLookup):
    """``AnyOf(F("field"), values)`` in a filter: the field's value is one of ``values``.

    ``field__in=values`` sends one parameter per value, so its SQL changes with the
    number of values; this sends the list as one parameter (an array on
    PostgreSQL, JSON read by ``json_each`` elsewhere), so the SQL is the same for
    any list, an empty one included.
    """

    lookup_name = "any_of"
    array_sql = "{lhs} = ANY(%s)"
    json_sql = "{lhs} IN (SELECT value FROM json_each(%s))"


class BeforeAll(_ListLookup):
    """``BeforeAll(F("field"), days)`` in a filter: the field's value is before every one
    of ``days`` (before the day, for a list of one; every row, for none), sent as one
    list parameter as :class:`AnyOf` sends its own, so that a statement comparing with
    today's date can be built once. PostgreSQL checks it row by row (its indexes take
    ``= ANY``, not ``< ALL``): use it beside a condition an index answers."""

    lookup_name = "before_all"
    array_sql = "{lhs} < ALL(%s)"
    # As ALL: true for no days at all.
    json_sql = "NOT EXISTS (SELECT 1 FROM json_each(%s) WHERE value <= {lhs})"
    json_list_first = True


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
    return _rows(
        name, model, lambda record_id: build(record_id), {"record_id": record_id}, prepare=True
    )


def statement_rows(
    name: str,
    model: type[Model],
    build: Callable[..., QuerySet],
    *,
    prepare: bool = False,
    **arguments: Ids | Days | datetime.date | int | str,
) -> list[tuple[Any, ...]]:
    """The rows of ``build(**arguments)``, a ``values_list`` QuerySet of ``model``, as tuples.

    Each argument is an :class:`Ids` or a :class:`Days` that ``build`` filters on
    with :class:`AnyOf`, a single day it compares a date column with, a single id,
    or a text compared whole with a column (a key); the SQL
    is built once per process, with a stand-in for each (a day in the year 1 for
    a day), as :func:`record_rows` builds its own. Elsewhere than on PostgreSQL
    the QuerySet is built and run each time.

    ``prepare`` prepares it on each connection, as :func:`record_rows` does: for a
    statement one plan serves whatever its values, one that finds a record by its id
    or reads the rows of at most a page of ids; not for one whose best plan depends
    on how long its lists are (a lead's teams).
    """
    alias = router.db_for_read(model) or "default"
    if connections[alias].vendor != "postgresql":
        return list(build(**arguments).using(alias))
    return _rows(name, model, build, arguments, prepare=prepare)


def replace_rows(
    name: str,
    model: type[Model],
    build: Callable[..., QuerySet],
    *,
    columns: tuple[str, ...],
    scope: dict[str, str],
    key: tuple[str, ...] | None = None,
    returning: str | None = None,
    **arguments: Ids | Days,
) -> set[Any]:
    """Make the rows of ``model`` in ``scope`` exactly the rows ``build(**arguments)`` gives.

    ``build`` returns a ``values_list`` QuerySet whose columns are ``columns`` of
    ``model``. ``scope`` maps columns of ``model`` to the arguments their values are
    among: the rows kept there and not given are deleted, those given written. A
    row is known by ``key``, columns that are unique together (by default the
    first), and one whose other columns are unchanged is left as it is (but for a key
    holding a NULL, which matches no kept row: such a row is deleted and written
    again). With
    ``returning``, the values of that column before and after.

    On PostgreSQL this is one statement, built once per process as :func:`statement_rows`
    builds its own; elsewhere a read, a delete and an insert.
    """
    key = key or columns[:1]
    alias = router.db_for_write(model) or "default"
    connection = connections[alias]
    if not _in_one_statement(connection):
        return _replace_each(
            model, build(**arguments).using(alias), columns, scope, returning, arguments
        )
    built = _built.get((name, alias))
    if built is None:
        stand_ins = {
            argument: _stand_in(n, value) for n, (argument, value) in enumerate(arguments.items())
        }
        built = _built[(name, alias)] = _build_replace(
            model, build(**stand_ins).using(alias), stand_ins, columns, scope, key, returning
        )
    sql, params, positions, _ = built
    values = list(params)
    for position, argument in positions:
        values[position] = _parameter(arguments[argument])
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return {value for (value,) in cursor.fetchall()}


def _in_one_statement(connection) -> bool:
    return connection.vendor == "postgresql"


def _build_replace(
    model: type[Model],
    queryset: QuerySet,
    stand_ins: dict[str, Any],
    columns: tuple[str, ...],
    scope: dict[str, str],
    key: tuple[str, ...],
    returning: str | None,
) -> tuple[str, tuple, tuple[tuple[int, str], ...], dict]:
    select, params, positions, _ = _build(queryset, stand_ins)
    quote = connections[queryset.db].ops.quote_name
    table = quote(model._meta.db_table)

    def column(name: str) -> str:
        return quote(model._meta.get_field(name).column)

    listed = ", ".join(column(name) for name in columns)
    keys = ", ".join(column(name) for name in key)
    others = [column(name) for name in columns if name not in key]
    same = " AND ".join(f"fresh.{k} = {table}.{k}" for k in map(column, key))
    within = " AND ".join(f"{column(name)} = ANY(%s)" for name in scope)
    if others:
        old = ", ".join(f"{table}.{other}" for other in others)
        new = ", ".join(f"EXCLUDED.{other}" for other in others)
        changed = ", ".join(f"{other} = EXCLUDED.{other}" for other in others)
        kept = f"DO UPDATE SET {changed} WHERE ({old}) IS DISTINCT FROM ({new})"
    else:
        kept = "DO NOTHING"
    # Every name is the model's own, quoted; every value is a parameter.
    sql = (
        f"WITH fresh ({listed}) AS ({select}), "  # noqa: S608
        f"gone AS (DELETE FROM {table} WHERE {within} "
        f"AND NOT EXISTS (SELECT 1 FROM fresh WHERE {same})), "
        f"put AS (INSERT INTO {table} ({listed}) SELECT {listed} FROM fresh "
        f"ON CONFLICT ({keys}) {kept}) "
    )
    arguments = list(scope.values())
    if returning:
        given = column(returning)
        sql += (
            f"SELECT {given} FROM {table} WHERE {within} "  # noqa: S608
            f"UNION SELECT {given} FROM fresh"
        )
        arguments *= 2
    else:
        sql += "SELECT NULL WHERE FALSE"
    at = len(params)
    extra = tuple((at + n, argument) for n, argument in enumerate(arguments))
    return sql, (*params, *(None for _ in arguments)), (*positions, *extra), {}


def _replace_each(
    model: type[Model],
    queryset: QuerySet,
    columns: tuple[str, ...],
    scope: dict[str, str],
    returning: str | None,
    arguments: dict[str, Any],
) -> set[Any]:
    old = model._base_manager.using(queryset.db).filter(
        **{f"{name}__in": arguments[argument] for name, argument in scope.items()}
    )
    before = set(old.values_list(returning, flat=True)) if returning else set()
    old.delete()
    rows = list(queryset)
    model._base_manager.using(queryset.db).bulk_create(
        [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
    )
    if returning:
        before |= {row[columns.index(returning)] for row in rows}
    return before


def _stand_in(number: int, value: Any) -> Any:
    if isinstance(value, Ids):
        return Ids((STAND_IN - number,))
    if isinstance(value, Days):
        return Days((STAND_IN_DAY + datetime.timedelta(days=number),))
    if type(value) is datetime.date:
        return STAND_IN_DAY + datetime.timedelta(days=number)
    if type(value) is str:
        return f"{STAND_IN_TEXT}{number}"
    return STAND_IN - number


def _rows(
    name: str,
    model: type[Model],
    build: Callable[..., QuerySet],
    arguments: dict[str, Any],
    *,
    prepare: bool = False,
) -> list[tuple[Any, ...]]:
    alias = router.db_for_read(model) or "default"
    built = _built.get((name, alias))
    if built is None:
        stand_ins = {key: _stand_in(n, value) for n, (key, value) in enumerate(arguments.items())}
        built = _built[(name, alias)] = _build(build(**stand_ins).using(alias), stand_ins)
    sql, params, positions, converters = built
    values = list(params)
    for position, key in positions:
        values[position] = _parameter(arguments[key])
    connection = connections[alias]
    with connection.cursor() as cursor:
        if prepare and connection.vendor == "postgresql" and settings.PREPARED_STATEMENTS:
            _execute_prepared(connection, cursor, sql, values, params)
        else:
            cursor.execute(sql, values)
        rows = cursor.fetchall()
    if converters:
        rows = [_convert(row, converters, connection) for row in rows]
    return rows


_PLACEHOLDER = re.compile(r"%s|%%")


def _execute_prepared(connection, cursor, sql: str, values: list, stand_ins: tuple) -> None:
    """Run ``sql`` as a statement prepared on this connection, preparing it first if needed.

    The statement's name is drawn from its SQL, so one SQL is prepared once per
    connection whichever function runs it. Prepared statements last as long as the
    database session (a rollback keeps them), so the names prepared are kept with
    the driver's connection object: a new connection starts with none. The first
    run sends ``PREPARE`` and ``EXECUTE`` together, as one statement. Should that
    fail, whether the statement was prepared is not known, so on this connection
    it is run unprepared from then on.
    """
    raw = connection.connection
    prepared = getattr(connection, "_pphw_prepared", None)
    if prepared is None or prepared[0] is not raw:
        prepared = connection._pphw_prepared = (raw, {})
    name = "pphw_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
    state = prepared[1].get(name)
    if state is False:
        cursor.execute(sql, values)
        return
    run = f"EXECUTE {name}({', '.join(['%s'] * len(values))})" if values else f"EXECUTE {name}"
    if state:
        cursor.execute(run, values)
        return
    numbers = iter(range(1, len(values) + 1))
    numbered = _PLACEHOLDER.sub(
        lambda found: f"${next(numbers)}" if found.group() == "%s" else "%%", sql
    )
    types = f"({', '.join(_type(value) for value in stand_ins)})" if stand_ins else ""
    prepared[1][name] = False
    cursor.execute(f"PREPARE {name} {types} AS {numbered}; {run}", values)
    prepared[1][name] = True


def _type(value: Any) -> str:
    """The PostgreSQL type of a parameter, from the value built into the statement."""
    if isinstance(value, list):
        return _type(value[0]) + "[]" if value else "unknown"
    for kind, name in (
        (bool, "boolean"),
        (int, "bigint"),
        (str, "text"),
        (datetime.datetime, "timestamptz"),
        (datetime.date, "date"),
        (float, "double precision"),
    ):
        if isinstance(value, kind):
            return name
    return "unknown"


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
    relations = (related,)
    rows = record_rows(
        name,
        model,
        lambda record_id: build(record_id).values_list(*_selected(model, relations)),
        record_id,
    )
    return _instances(model, relations, rows, ())


def statement_models(
    name: str,
    model: type[Model],
    related: str | tuple[str, ...],
    build: Callable[..., QuerySet],
    *,
    annotations: tuple[str, ...] = (),
    prepare: bool = False,
    **arguments: Ids | Days | int,
) -> list[Model]:
    """As :func:`record_models`, for a QuerySet that takes lists as :func:`statement_rows`'s
    do, with the rows of one foreign key or of several (``related``, a tuple); each
    instance also gets the value of every annotation of ``build`` named in
    ``annotations``, as an attribute of that name."""
    relations = (related,) if isinstance(related, str) else tuple(related)
    rows = statement_rows(
        name,
        model,
        lambda **lists: build(**lists).values_list(*_selected(model, relations), *annotations),
        prepare=prepare,
        **arguments,
    )
    return _instances(model, relations, rows, annotations)


def _selected(model: type[Model], relations: tuple[str, ...]) -> list[str]:
    """The columns read: the model's own, then each relation's, in order."""
    selected = list(_columns(model))
    for related in relations:
        other = model._meta.get_field(related).related_model
        selected += [f"{related}__{column}" for column in _columns(other)]
    return selected


def _instances(
    model: type[Model], relations: tuple[str, ...], rows: list[tuple], annotations: tuple[str, ...]
) -> list[Model]:
    alias = router.db_for_read(model) or "default"
    fields = _columns(model)
    reached = []
    for related in relations:
        key = model._meta.get_field(related)
        reached.append((related, key.attname, key.related_model, _columns(key.related_model)))
    instances = []
    for row in rows:
        instance = model.from_db(alias, fields, row[: len(fields)])
        at = len(fields)
        for related, attname, other, other_fields in reached:
            end = at + len(other_fields)
            found = None
            if getattr(instance, attname) is not None:
                found = other.from_db(alias, other_fields, row[at:end])
            setattr(instance, related, found)
            at = end
        for name, value in zip(annotations, row[at:], strict=True):
            setattr(instance, name, value)
        instances.append(instance)
    return instances


def _columns(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _build(
    queryset: QuerySet, stand_ins: dict[str, Any]
) -> tuple[str, tuple, tuple[tuple[int, str], ...], dict]:
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    positions = tuple(
        (i, key)
        for i, value in enumerate(params)
        for key, stand_in in stand_ins.items()
        if _is_stand_in(value, stand_in)
    )
    for key in stand_ins:
        if key not in {k for _, k in positions}:
            raise StatementShapeError(f"The QuerySet does not take {key} as a parameter.")
    columns = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
    return sql, tuple(params), positions, compiler.get_converters(columns)


def _parameter(value: Any) -> Any:
    """An argument as the database driver takes it: a list for a list."""
    if isinstance(value, Ids | Days):
        return list(value)
    return value


def _is_stand_in(value: Any, stand_in: Any) -> bool:
    """Whether the parameter is the stand-in: an id as itself, a list as AnyOf sends it."""
    if isinstance(stand_in, Ids | Days):
        return type(value) is list and value == list(stand_in)
    if type(stand_in) is datetime.date:
        return type(value) is datetime.date and value == stand_in
    if type(stand_in) is str:
        return type(value) is str and value == stand_in
    return type(value) is int and value == stand_in


def _convert(row: tuple, converters: dict, connection) -> tuple:
    row = list(row)
    for position, (functions, expression) in converters.items():
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)
