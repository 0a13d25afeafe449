"""core.prepared: a rule built with Slots is compiled once per shape and bound for each use, giving the
same rows as the queryset built for that user directly."""

import pytest
from django.db import connection

from coproduce.accounts.models import User
from coproduce.core.prepared import Compiled, Prepared, PreparedRows, Slot, _Marker, adapt_datetime
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


def test_prepared_rows_are_the_rows_the_queryset_gives_converted_and_sliced(db):
    # Dates come back as aware datetimes (SQLite stores text), a datetime Slot is bound as the ORM adapts one,
    # and the order and slice are the queryset's.
    import datetime

    from django.db.models import DateTimeField
    from django.utils import timezone

    users = UserFactory.create_batch(4)
    for n, user in enumerate(users):
        User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - datetime.timedelta(days=n))
    builds = []

    def joined_since():
        builds.append(1)
        since = Slot("since", output_field=DateTimeField())
        found = User.objects.filter(date_joined__gte=since).exclude(pk=Slot("user"))
        return found.order_by("-date_joined", "id").values_list("email", "date_joined", "is_active")[:2]

    rows = PreparedRows(joined_since)
    since = timezone.now() - datetime.timedelta(days=2, hours=1)
    for user in users:
        expected = list(
            User.objects.filter(date_joined__gte=since)
            .exclude(pk=user.pk)
            .order_by("-date_joined", "id")
            .values_list("email", "date_joined", "is_active")[:2]
        )
        found = rows.rows(user=user.pk, since=adapt_datetime(since))
        assert found == expected and isinstance(found[0][1], datetime.datetime)
    assert builds == [1]
