"""Group profiles: one GROUP BY per topic, small numbers suppressed (with secondary suppression), census
columns alongside."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from coproduce.people import selectors as people_selectors
from coproduce.people.models import Person

from .equality_support import FULL_ANSWERS, people_with_answers, profile_for

pytestmark = pytest.mark.django_db

SUPPRESSED = "fewer than 10"


def rows_by_value(profile):
    return {row.value: row for row in profile.rows}


def test_counts_under_ten_are_shown_as_fewer_than_ten_with_no_percent():
    people_with_answers(30, sex="Female")
    people_with_answers(20, sex="Male")
    people_with_answers(3, sex="prefer_not")
    rows = rows_by_value(profile_for("sex"))
    assert rows["prefer_not"].count == SUPPRESSED
    assert rows["prefer_not"].percent is None
    assert rows["prefer_not"].suppressed


def test_when_one_count_is_hidden_the_next_smallest_is_hidden_too():
    people_with_answers(30, sex="Female")
    people_with_answers(20, sex="Male")
    people_with_answers(3, sex="prefer_not")
    profile = profile_for("sex")
    rows = rows_by_value(profile)
    # Otherwise 53 - 30 - 20 would give the hidden 3 away.
    assert rows["Male"].count == SUPPRESSED
    assert rows["Male"].percent is None
    assert rows["Female"].count == 30
    assert rows["Female"].percent == Decimal("56.6")
    assert profile.answered == 53


def test_secondary_suppression_picks_the_smallest_shown_count():
    people_with_answers(40, religion="No religion")
    people_with_answers(25, religion="Christian")
    people_with_answers(12, religion="Muslim")
    people_with_answers(15, religion="Hindu")
    people_with_answers(10, religion="Buddhist")
    people_with_answers(11, religion="Jewish")
    people_with_answers(13, religion="Sikh")
    people_with_answers(14, religion="Other religion")
    people_with_answers(4, religion="prefer_not")
    rows = rows_by_value(profile_for("religion"))
    hidden = {value for value, row in rows.items() if row.suppressed}
    assert hidden == {"prefer_not", "Buddhist"}
    assert rows["Jewish"].count == 11


def test_no_secondary_suppression_when_two_or_more_are_already_hidden():
    people_with_answers(30, sex="Female")
    people_with_answers(5, sex="Male")
    # "prefer_not" has 0, which is under 10 too: two hidden, so Female stays shown.
    rows = rows_by_value(profile_for("sex"))
    assert rows["Male"].count == SUPPRESSED
    assert rows["prefer_not"].count == SUPPRESSED
    assert rows["Female"].count == 30


def test_a_question_answered_by_fewer_than_ten_people_hides_everything():
    people_with_answers(4, sex="Female")
    profile = profile_for("sex")
    assert profile.answered == SUPPRESSED
    assert all(row.suppressed for row in profile.rows)


def test_an_empty_group_is_all_suppressed_without_errors():
    profiles = people_selectors.equality_profile(Person.objects.none())
    assert len(profiles) == len(people_selectors.TOPICS)
    assert all(profile.answered == SUPPRESSED for profile in profiles)


def test_percent_is_of_people_who_answered_that_question():
    people_with_answers(60, **FULL_ANSWERS)
    people_with_answers(20, **{**FULL_ANSWERS, "religion": ""})  # skipped one question
    people_with_answers(20, **{**FULL_ANSWERS, "religion": "Christian"})
    rows = rows_by_value(profile_for("religion"))
    assert profile_for("religion").answered == 80
    assert rows["No religion"].percent == Decimal("75.0")
    assert rows["Christian"].percent == Decimal("25.0")


def test_only_people_in_the_given_queryset_are_counted():
    inside = people_with_answers(12, sex="Female")
    people_with_answers(50, sex="Male")
    group = Person.objects.filter(pk__in=[person.pk for person in inside])
    profile = profile_for("sex", group)
    assert profile.answered == 12
    assert rows_by_value(profile)["Female"].count == 12
    assert rows_by_value(profile)["Male"].count == SUPPRESSED  # the 50 outside the group are not counted


def test_every_choice_appears_in_questionnaire_order():
    people_with_answers(15, **FULL_ANSWERS)
    profile = profile_for("ethnic_group")
    assert [row.value for row in profile.rows] == [value for value, _ in people_selectors.TOPICS[3].choices]
    assert profile.rows[-1].label == "Prefer not to say"


def test_census_percentages_sit_beside_each_answer():
    call_command("load_census")
    people_with_answers(15, **FULL_ANSWERS)
    rows = rows_by_value(profile_for("ethnic_group"))
    assert rows["White: Irish"].oxfordshire == Decimal("1.10")
    assert rows["White: Irish"].england == Decimal("1.02")
    age = rows_by_value(profile_for("age_band"))
    assert age["35-49"].oxfordshire == Decimal("23.83")  # the 16+ distribution, not all residents (19.55)
    assert age["under-16"].oxfordshire is None
    religion = rows_by_value(profile_for("religion"))
    assert religion["prefer_not"].england == Decimal("5.91")  # census "Not answered"
    gender = rows_by_value(profile_for("gender_identity"))
    assert gender["Non-binary"].oxfordshire == Decimal("0.10")
    assert gender["Non-binary"].england is None  # England merges non-binary and other identities


def test_without_the_census_the_comparison_columns_are_empty():
    people_with_answers(15, **FULL_ANSWERS)
    assert all(row.oxfordshire is None for row in profile_for("sex").rows)


@pytest.mark.parametrize("size", [5, 120])
def test_query_count_does_not_grow_with_the_group(size, django_assert_num_queries):
    people_with_answers(size, **FULL_ANSWERS)
    # One count grouped by every topic's answer, and one for the census baseline.
    with django_assert_num_queries(2):
        people_selectors.equality_profile(Person.objects.current())


def test_many_people_give_real_counts_and_percentages():
    people_with_answers(300, **FULL_ANSWERS)
    people_with_answers(100, **{**FULL_ANSWERS, "age_band": "65-74", "disability": "prefer_not"})
    age = rows_by_value(profile_for("age_band"))
    assert age["35-49"].count == 300
    assert age["65-74"].count == 100
    assert age["35-49"].percent == Decimal("75.0")
    disability = rows_by_value(profile_for("disability"))
    assert disability["prefer_not"].count == 100
    assert sum(row.count for row in disability.values() if not row.suppressed) == 400
