"""core.prepared: a rule built with Slots is compiled once per shape and bound for each use, giving the
same rows as the queryset built for that user directly."""

import pytest
from django.db import connection

from coproduce.accounts.models import User
from coproduce.core.prepared import Compiled, Prepared, Slot, _Marker
from tests.factories import UserFactory


def _ids(bound) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(bound.sql, bound.params)
        return {row[0] for row in cursor.fetchall()}


def test_a_bound_rule_finds_what_the_queryset_finds(db):
    users = UserFactory.create_batch(4)
    builds = []

    def others_than(exclude_many: bool):
        builds.append(exclude_many)
        found = User.objects.exclude(pk=Slot("user"))
        if exclude_many:
            found = found.exclude(pk__in=Slot("others", many=True))
        return found.values("pk")

    rule = Prepared(others_than)
    for user in users:
        expected = set(User.objects.exclude(pk=user.pk).values_list("pk", flat=True))
        assert _ids(rule(False).bind(user=user.pk)) == expected
        also = [other.pk for other in users if other != user][:2]
        assert _ids(rule(True).bind(user=user.pk, others=also)) == expected - set(also)
    assert builds == [False, True]  # compiled once per shape, however many users


def test_an_empty_list_is_refused(db):
    # `IN (NULL)` would match nothing, but so would `NOT IN (NULL)`: the caller decides without the query.
    users = UserFactory.create_batch(2)
    rule = Prepared(lambda: User.objects.exclude(pk__in=Slot("ids", many=True)).values("pk"))
    assert _ids(rule().bind(ids=[users[0].pk])) == {users[1].pk}
    with pytest.raises(ValueError, match="empty list"):
        rule().bind(ids=[])


def test_binding_needs_every_slot_and_no_other():
    compiled = Compiled("SELECT %s, %s", (_Marker("a", False), 3))
    assert compiled.bind(a=1).params == (1, 3)
    with pytest.raises(TypeError):
        compiled.bind()
    with pytest.raises(TypeError):
        compiled.bind(a=1, b=2)


def test_a_list_expands_to_one_placeholder_each_and_a_literal_percent_stays():
    compiled = Compiled("SELECT '%%s' WHERE x IN (%s) AND y = %s", (_Marker("ids", True), "y"))
    bound = compiled.bind(ids=[4, 5, 6])
    assert bound.sql == "SELECT '%%s' WHERE x IN (%s, %s, %s) AND y = %s"
    assert bound.params == (4, 5, 6, "y")


def test_on_postgresql_a_list_is_one_array():
    compiled = Compiled("SELECT '%%s' WHERE x IN (%s) AND y = %s", (_Marker("ids", True), "y"), "postgresql")
    bound = compiled.bind(ids=[4, 5, 6])
    assert bound.sql == "SELECT '%%s' WHERE x = ANY(%s::bigint[]) AND y = %s"
    assert bound.params == ([4, 5, 6], "y")


def test_a_rule_compiled_here_knows_its_database(db):
    rule = Prepared(lambda: User.objects.filter(pk__in=Slot("ids", many=True)).values("pk"))
    assert rule().vendor == connection.vendor
