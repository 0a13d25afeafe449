"""Rules compiled once per process: a queryset whose shape is fixed and whose only varying values are a few
ids (the user's), built with a `Slot` for each, compiled to SQL the first time and bound on each use.

Building and compiling a queryset of a few joins and subqueries costs the ORM about 0.5-3 ms of Python
(decision 0011, session 10): site search compiled one per kind on every request, a member's visible
meetings a union of five. Bound from the compiled text it costs microseconds.

    def _rule(board_member: bool):              # the shape: every choice the rule makes
        user = Slot("user")
        return Meeting.objects.filter(organiser_id=user).values("pk")

    rule = Prepared(_rule)
    rule(user.has_role("board_member")).bind(user=user.pk)   # -> Bound(sql, params)

The builder sees only its shape arguments and Slots, never the user, so a rule cannot make a choice the
cache key does not hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import Expression, IntegerField
from django.db.models.expressions import RawSQL


class _Marker:
    __slots__ = ("name", "many")

    def __init__(self, name: str, many: bool):
        self.name, self.many = name, many

    def __repr__(self) -> str:
        return f"<slot {self.name}>"


class Slot(Expression):
    """A value the compiled query is given when it is bound (an id, by default). `many`: a list of ids, for
    `field__in=Slot(name, many=True)` (never empty): bound as one placeholder each on SQLite, and on
    PostgreSQL as one array, `field = ANY(%s::bigint[])`, as its planner weighs each listed value on its own
    (a member's 221 meetings in three of site search's arms: that query 8.2 -> 7.3 ms)."""

    def __init__(self, name: str, output_field=None, *, many: bool = False):
        super().__init__(output_field=output_field or IntegerField())
        self.name, self.many = name, many

    def as_sql(self, compiler, connection):
        return "%s", [_Marker(self.name, self.many)]

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"


@dataclass(frozen=True)
class Bound:
    """SQL with its parameters, ready to run or to use inside a queryset (`as_expression`)."""

    sql: str
    params: tuple

    def as_expression(self) -> RawSQL:
        # The SQL is the ORM's own compilation of a rule; the parameters are bound, never joined in.
        return RawSQL(self.sql, self.params)  # noqa: S611


# A placeholder in the ORM's SQL ("%%" is a literal percent sign), or a list of one (`field__in=Slot`).
_PLACEHOLDER = re.compile(r"%%| IN \(%s\)|%s")


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple
    vendor: str = "sqlite"

    def bind(self, **values) -> Bound:
        names = {param.name for param in self.params if isinstance(param, _Marker)}
        if names != set(values):
            raise TypeError(f"This rule binds {sorted(names)}, given {sorted(values)}")
        if not self._lists:
            bound = (values[param.name] if isinstance(param, _Marker) else param for param in self.params)
            return Bound(self.sql, tuple(bound))
        params, placeholders = [], iter(self.params)

        def expand(match):
            if match.group() == "%%":
                return "%%"
            listed = match.group() != "%s"
            param = next(placeholders)
            if not isinstance(param, _Marker) or not param.many:
                params.append(values[param.name] if isinstance(param, _Marker) else param)
                return match.group()
            many = list(values[param.name])
            if not many:
                # SQL has no empty list, and no stand-in means "nothing" both in IN and NOT IN.
                raise ValueError(f"{param.name}: an empty list cannot be bound; decide without the query")
            if listed and self.vendor == "postgresql":
                params.append(many)
                return " = ANY(%s::bigint[])"
            params.extend(many)
            placeholders_for_many = ", ".join(["%s"] * len(many))
            return f" IN ({placeholders_for_many})" if listed else placeholders_for_many

        return Bound(_PLACEHOLDER.sub(expand, self.sql), tuple(params))

    @cached_property
    def _lists(self) -> bool:
        return any(isinstance(param, _Marker) and param.many for param in self.params)


class Prepared:
    """`build(*shape)` compiled once per shape and database vendor (a process holds a handful)."""

    def __init__(self, build: Callable):
        self.build = build
        self._compiled: dict[tuple, Compiled] = {}

    def __call__(self, *shape) -> Compiled:
        key = (connection.vendor, *shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = self.build(*shape).order_by()  # a rule's rows in no order: no sort in a subquery
            sql, params = queryset.query.get_compiler(connection=connection).as_sql()
            compiled = self._compiled[key] = Compiled(sql, tuple(params), connection.vendor)
        return compiled


@dataclass(frozen=True)
class _CompiledRows:
    compiled: Compiled
    columns: tuple  # the selected expressions, in the SQL's order (their converters are the database's)


class PreparedRows:
    """A page's own read (a `values_list` of a person's rows, sorted and sliced as it wants them) compiled
    once per shape and vendor, and run with its Slots bound: the rows the queryset would give, with the
    database's converters applied (dates, decimals), at the cost of the query alone. A page that shows a
    dozen such reads spent about 0.3 ms of Python building and compiling each (decision 0011, session 13).

        def _upcoming():
            registrations = Registration.objects.filter(person_id=Slot("person"))
            return registrations.order_by("id").values_list("meeting_id", "status")[:5]

        UPCOMING = PreparedRows(_upcoming)
        UPCOMING.rows(person=person.pk)       # -> [(meeting_id, status), ...]

    A datetime Slot is bound with `adapt_datetime(value)` (a date Slot with `adapt_date`), as the ORM adapts
    the value it compares."""

    def __init__(self, build: Callable):
        self.build = build
        self._compiled: dict[tuple, _CompiledRows] = {}

    def _compile(self, shape: tuple) -> _CompiledRows:
        key = (connection.vendor, *shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = self.build(*shape)
            query = queryset.query
            compiler = query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            # Django 5.2 selects a values_list's names in the order asked, fields and annotations alike.
            columns = tuple(expression for expression, _, _ in compiler.select[: compiler.col_count])
            compiled = self._compiled[key] = _CompiledRows(
                Compiled(sql, tuple(params), connection.vendor), columns
            )
        return compiled

    def rows(self, *shape, **values) -> list[tuple]:
        compiled = self._compile(shape)
        bound = compiled.compiled.bind(**values)
        with connection.cursor() as cursor:
            cursor.execute(bound.sql, bound.params)
            rows = cursor.fetchall()
        width = len(compiled.columns)
        converters = []
        for index, expression in enumerate(compiled.columns):
            found = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if found:
                converters.append((index, found, expression))
        result = []
        for row in rows:
            row = list(row[:width])
            for index, found, expression in converters:
                value = row[index]
                for converter in found:
                    value = converter(value, expression, connection)
                row[index] = value
            result.append(tuple(row))
        return result


def adapt_datetime(value):
    """A datetime as the database's driver takes it (SQLite: text in UTC), for a datetime Slot."""
    return connection.ops.adapt_datetimefield_value(value)


def adapt_date(value):
    """A date as the database's driver takes it (SQLite: ISO text), for a date Slot."""
    return connection.ops.adapt_datefield_value(value)
