"""The directory's search rows (PersonNameWord, PersonListValue): written with the person in every way a
person is written, read by the name search and the list filters, and the rows the page writes in Python."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.people import selectors, services
from coproduce.people.models import LivedExperienceArea, Person, PersonListValue, PersonNameWord
from coproduce.people.selectors import DirectoryFilters, directory, directory_ids

from .manage_support import make_many, make_person

pytestmark = pytest.mark.django_db


def words_of(person):
    return set(PersonNameWord.objects.filter(person=person).values_list("text", flat=True))


def values_of(person):
    return set(PersonListValue.objects.filter(person=person).values_list("entry", "name_search"))


def test_saving_a_person_writes_the_name_from_each_word_on_and_each_list_value():
    person = make_person(
        full_name="Ann  Marie Smith",
        preferred_name="Annie",
        formats=["easy_read", "audio"],
        access_needs=["breaks"],
        available_days=["mon"],
        available_times=["morning"],
    )
    assert words_of(person) == {"ann marie smith annie", "marie smith annie", "smith annie", "annie"}
    name = "ann marie smith annie"
    assert values_of(person) == {
        ("formats:easy_read", name),
        ("formats:audio", name),
        ("access_needs:breaks", name),
        ("available_days:mon", name),
    }


def test_a_changed_name_or_list_rewrites_the_rows_and_other_changes_leave_them(officer):
    person = make_person(full_name="Sam Smith", formats=["easy_read"])
    person = Person.objects.get(pk=person.pk)
    with CaptureQueriesContext(connection) as queries:
        services.update_profile(person, {"pronouns": "they/them"}, actor=officer)
    assert not [q for q in queries if "people_personnameword" in q["sql"] or "personlistvalue" in q["sql"]]
    services.update_profile(person, {"full_name": "Sam Jones", "formats": ["audio"]}, actor=officer)
    assert words_of(person) == {"sam jones", "jones"}
    assert values_of(person) == {("formats:audio", "sam jones")}


def test_an_erased_person_has_no_rows(officer):
    person = make_person(full_name="Gone Soon", formats=["bsl"])
    services.erase_person(person, actor=officer)
    assert words_of(person) == set() and values_of(person) == set()


def test_people_made_in_bulk_have_rows_and_bulk_changes_to_their_names_are_refused():
    first, *_ = make_many(3)
    assert words_of(first) == {"bulk person000000", "person000000"}
    assert ("formats:easy_read", "bulk person000000") in values_of(first)
    with pytest.raises(TypeError):
        Person.objects.filter(pk=first.pk).update(full_name="Someone Else")
    with pytest.raises(TypeError):
        Person.objects.bulk_update([first], ["formats"])


def test_the_migration_fills_the_rows_of_current_people():
    kept = make_person(full_name="Pat Kept", formats=["audio"])
    erased = make_person(full_name="Pat Erased", formats=["audio"], erased_at=timezone.now())
    PersonNameWord.objects.all().delete()
    PersonListValue.objects.all().delete()
    migration = importlib.import_module("coproduce.people.migrations.0007_search_index_rows")
    migration.fill(apps, None)
    assert words_of(kept) == {"pat kept", "kept"} and values_of(kept) == {("formats:audio", "pat kept")}
    assert words_of(erased) == set() and values_of(erased) == set()


@pytest.mark.parametrize("query", ["marie smi", "smith", "ann", "annie"])
def test_a_name_is_found_from_the_start_of_any_word(query):
    make_person(full_name="Ann Marie Smith", preferred_name="Annie")
    make_person(full_name="Rosemarie Brown")
    found = Person.objects.filter(selectors.search_q(query)).values_list("full_name", flat=True)
    assert list(found) == ["Ann Marie Smith"]


@pytest.mark.parametrize(
    "query",
    [
        "ann",
        "smith",
        "marie smi",
        "ann.smith@",
        "ANN.SMITH",
        "0770",
        "sw1a",
        "SW1A 1AA",
        "meeting",
        "–",
        "%_",
    ],
)
def test_search_ids_finds_whom_search_q_finds(query):
    """Site search reads search_ids (a union of the index ranges); the directory reads search_q (one OR)."""
    make_person(
        full_name="Ann Marie Smith", email="ann.smith@example.org", phone="07700 900123", postcode="SW1A 1AA"
    )
    make_person(full_name="Rosemarie Brown", email="rb@example.org", phone="07800 900456", postcode="M1 1AE")
    make_person(full_name="Meeting Room Smithers", email="x@example.org")
    expected = set(Person.objects.filter(selectors.search_q(query)).values_list("pk", flat=True))
    ids = selectors.search_ids(query)
    found = set() if ids is None else set(Person.objects.filter(id__in=ids).values_list("pk", flat=True))
    assert found == expected
    assert query != "ann" or len(found) == 1


@pytest.mark.parametrize("query", ["rie", "mith", "marie brown"])
def test_the_middle_of_a_word_finds_nobody(query):
    make_person(full_name="Ann Marie Smith")
    make_person(full_name="Rosemarie Brown")
    assert not Person.objects.filter(selectors.search_q(query)).exists()


def test_one_search_finds_by_name_email_and_postcode_start_each_person_once():
    make_person(full_name="Ashley Brown", email="ashley@example.test")
    make_person(full_name="Kim Ashworth", email="kim@example.test")
    make_person(full_name="Lee Jones", email="ash.lee@example.test")
    make_person(full_name="Sam Roe", email="sam@example.test", postcode="AS1 2AB")
    make_person(full_name="Pat Dee", email="pat@example.test")
    found = Person.objects.filter(selectors.search_q("ash")).order_by("full_name")
    assert list(found.values_list("full_name", flat=True)) == ["Ashley Brown", "Kim Ashworth", "Lee Jones"]
    by_postcode = Person.objects.filter(selectors.search_q("AS1 2"))
    assert list(by_postcode.values_list("full_name", flat=True)) == ["Sam Roe"]
    assert not Person.objects.filter(selectors.search_q("meeting")).exists()


@pytest.mark.parametrize(
    "filters",
    [
        DirectoryFilters(format="easy_read"),
        DirectoryFilters(format="easy_read", contact="yes"),
        DirectoryFilters(format="easy_read", contact="yes", direction="desc"),
        DirectoryFilters(access_need="breaks", day="mon"),
        DirectoryFilters(day="sat", q="bulk person00001"),
        DirectoryFilters(day="mon", sort="registered"),
    ],
)
def test_the_pages_read_from_the_list_rows_hold_the_directorys_people_in_its_order(filters):
    make_many(120)
    make_person(full_name="Bulk Person000001 Erased", formats=["easy_read"], erased_at=timezone.now())
    expected = list(directory(filters).values_list("pk", flat=True))
    assert expected  # each case matches someone
    everyone = Person.objects.filter(erased_at__isnull=True)
    by_python = [
        person
        for person in everyone
        if (not filters.format or filters.format in person.formats)
        and (not filters.access_need or filters.access_need in person.access_needs)
        and (not filters.day or filters.day in person.available_days)
        and (not filters.contact or person.consents_to_contact == (filters.contact == "yes"))
        and (not filters.q or filters.q in person.name_search)
    ]
    assert set(expected) == {person.pk for person in by_python}
    assert list(directory_ids(filters)) == expected
    assert list(directory_ids(filters)[50:100]) == expected[50:100]


# The row as the directory's template wrote it before DirectoryRow.html did.
ROW_TEMPLATE = """<tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{{ row.url }}">{{ row.full_name }}</a>{% if row.preferred_name %}<br><span class="govuk-body-s">Likes to be called {{ row.preferred_name }}</span>{% endif %}</td>
      <td class="govuk-table__cell">{{ row.contact|join:"<br>" }}</td>
      <td class="govuk-table__cell">{{ row.lived_experience }}</td>
      <td class="govuk-table__cell">{{ row.agreed_to_contact }}</td>
      <td class="govuk-table__cell">{% if row.last_involved %}<time datetime="{{ row.last_involved.iso }}">{{ row.last_involved.text }}</time>{% else %}Never{% endif %}</td>
      <td class="govuk-table__cell"><time datetime="{{ row.registered.iso }}">{{ row.registered.text }}</time></td>
    </tr>"""  # noqa: E501


def test_a_row_is_written_as_the_template_wrote_it():
    area = LivedExperienceArea.objects.create(name="Care & <support>")
    odd = make_person(
        full_name='Jo "JJ" <O\'Neil> & Co',
        preferred_name="<b>Jo</b>",
        email="jo&co@example.test",
        phone="",
        postcode="OX1 <1AA>",
        last_involved_at=timezone.localdate(),
        lived_experience=[area],
        consents_to_contact=True,
    )
    plain = make_person(full_name="Plain Person", preferred_name="", email="", phone="", postcode="")
    rows = selectors.directory_rows([odd.pk, plain.pk])
    assert [row.full_name for row in rows] == [odd.full_name, "Plain Person"]
    template = engines["django"].from_string(ROW_TEMPLATE)
    for row in rows:
        assert row.html == template.render({"row": row})
    assert "&lt;b&gt;Jo&lt;/b&gt;" in rows[0].html and "Care &amp; &lt;support&gt;" in rows[0].html
