"""The officers' member directory: search, filters, sorting, pages, who may open it, and its cost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.people.models import Interest, LivedExperienceArea, Person
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries, load_baselines

from .manage_support import make_many, make_person

URL = "/manage/people/"


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


def names(response):
    return [person.full_name for person in response.context["page"]]


def test_the_directory_url_is_named():
    assert reverse("people_manage:directory") == URL


def test_it_refuses_members(client, member):
    sign_in(client, member)
    assert client.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/account/sign-in" in response["Location"] or "sign" in response["Location"]


def test_it_asks_an_unverified_officer_for_two_factor(client, officer):
    sign_in(client, officer, verified=False)
    response = client.get(URL)
    assert response.status_code == 302
    assert "two-factor" in response["Location"] or "two_factor" in response["Location"]


def test_it_lists_current_people_but_not_erased_ones(officer_client):
    make_person(full_name="Ann Able")
    make_person(full_name="Gone Person", erased_at=timezone.now())
    response = officer_client.get(URL)
    assert names(response) == ["Ann Able"]
    assert b"Everyone in the network (1)" in response.content


@pytest.mark.parametrize(
    "query",
    [
        "sam",
        "Sam Sm",
        "smith",
        "SMI",
        "sam.smith@",
        "sam.smi",
        "SAM.SMITH@EXAMPLE.TEST",
        "07700 900",
        "+44 7700 900555",
        "OX4",
        "ox4 1",
    ],
)
def test_it_finds_by_name_surname_email_phone_and_postcode(officer_client, query):
    make_person(
        full_name="Sam Smith", email="sam.smith@example.test", phone="07700 900555", postcode="OX4 1ZZ"
    )
    make_person(full_name="Pat Jones", email="pat@example.test", phone="01865 123456", postcode="RG1 1AA")
    assert names(officer_client.get(URL, {"q": query})) == ["Sam Smith"]


def test_a_search_that_matches_nobody_says_so(officer_client):
    make_person(full_name="Sam Smith")
    response = officer_client.get(URL, {"q": "zzz"})
    assert names(response) == []
    assert b"No one matches your search and filters." in response.content


def test_it_filters_by_lived_experience_and_interest(officer_client):
    area = LivedExperienceArea.objects.create(name="Test area")
    interest = Interest.objects.create(name="Test interest")
    make_person(full_name="Has Both", lived_experience=[area], interests=[interest])
    make_person(full_name="Has Area", lived_experience=[area])
    make_person(full_name="Has Neither")
    assert names(officer_client.get(URL, {"area": area.pk})) == ["Has Area", "Has Both"]
    assert names(officer_client.get(URL, {"area": area.pk, "interest": interest.pk})) == ["Has Both"]


def test_it_filters_by_format_access_need_and_day(officer_client):
    make_person(
        full_name="Easy Reader", formats=["easy_read"], access_needs=["step_free"], available_days=["mon"]
    )
    make_person(
        full_name="Large Printer", formats=["large_print"], access_needs=["breaks"], available_days=["tue"]
    )
    assert names(officer_client.get(URL, {"format": "easy_read"})) == ["Easy Reader"]
    assert names(officer_client.get(URL, {"access_need": "breaks"})) == ["Large Printer"]
    assert names(officer_client.get(URL, {"day": "mon"})) == ["Easy Reader"]
    assert names(officer_client.get(URL, {"day": "sun"})) == []


def test_it_filters_by_online_in_person_and_consent_to_contact(officer_client):
    make_person(full_name="Online Olive", online=True, consents_to_contact=True)
    make_person(full_name="Inperson Ian", in_person=True)
    assert names(officer_client.get(URL, {"mode": "online"})) == ["Online Olive"]
    assert names(officer_client.get(URL, {"mode": "in_person"})) == ["Inperson Ian"]
    assert names(officer_client.get(URL, {"contact": "yes"})) == ["Online Olive"]
    assert names(officer_client.get(URL, {"contact": "no"})) == ["Inperson Ian"]


def test_it_filters_by_last_involvement(officer_client):
    today = timezone.localdate()
    make_person(full_name="Recent Rae", last_involved_at=today - datetime.timedelta(days=20))
    make_person(full_name="Middle Mo", last_involved_at=today - datetime.timedelta(days=250))
    make_person(full_name="Old Olga", last_involved_at=today - datetime.timedelta(days=800))
    make_person(full_name="Never Ned")
    assert names(officer_client.get(URL, {"involved": "3"})) == ["Recent Rae"]
    assert names(officer_client.get(URL, {"involved": "12"})) == ["Middle Mo", "Recent Rae"]
    assert names(officer_client.get(URL, {"involved": "over12"})) == ["Old Olga"]
    assert names(officer_client.get(URL, {"involved": "never"})) == ["Never Ned"]


def test_it_sorts_by_each_column_and_says_so_with_aria_sort(officer_client):
    today = timezone.localdate()
    make_person(full_name="Alex A", last_involved_at=today - datetime.timedelta(days=5))
    make_person(full_name="Blake B", last_involved_at=today - datetime.timedelta(days=50))
    make_person(full_name="Casey C")
    response = officer_client.get(URL)
    assert names(response) == ["Alex A", "Blake B", "Casey C"]
    assert b'aria-sort="ascending"' in response.content
    response = officer_client.get(URL, {"sort": "name", "dir": "desc"})
    assert names(response) == ["Casey C", "Blake B", "Alex A"]
    assert b'aria-sort="descending"' in response.content
    # Never involved sorts last either way.
    assert names(officer_client.get(URL, {"sort": "last_involved", "dir": "asc"})) == [
        "Blake B",
        "Alex A",
        "Casey C",
    ]
    assert names(officer_client.get(URL, {"sort": "last_involved", "dir": "desc"})) == [
        "Alex A",
        "Blake B",
        "Casey C",
    ]
    assert names(officer_client.get(URL, {"sort": "registered", "dir": "desc"})) == [
        "Casey C",
        "Blake B",
        "Alex A",
    ]


def test_the_sort_links_keep_the_filters(officer_client):
    make_person(full_name="Alex A", formats=["audio"])
    response = officer_client.get(URL, {"format": "audio", "q": "al"})
    header = response.context["headers"]["last_involved"]
    assert (
        "format=audio" in header["url"] and "q=al" in header["url"] and "sort=last_involved" in header["url"]
    )


def test_the_filter_form_keeps_its_values(officer_client):
    response = officer_client.get(URL, {"q": "sam", "format": "bsl", "involved": "never"})
    content = response.content.decode()
    assert 'value="sam"' in content
    assert '<option value="bsl" selected>' in content
    assert '<option value="never" selected>' in content


@pytest.mark.parametrize(
    "params",
    [
        {"area": "abc"},
        {"format": "nope"},
        {"sort": "evil"},
        {"dir": "sideways"},
        {"page": "99999"},
        {"page": "x"},
        {"q": "\x00"},
        {"q": "%"},
        {"q": "a" * 500},
        {"interest": "999999"},
    ],
)
def test_it_never_fails_on_odd_input(officer_client, params):
    make_person(full_name="Sam Smith")
    assert officer_client.get(URL, params).status_code == 200


def test_it_pages_fifty_at_a_time_and_the_links_keep_the_filters(officer_client):
    make_many(120)
    response = officer_client.get(URL, {"contact": "yes"})
    assert len(response.context["page"]) == 50
    assert b"contact=yes&amp;page=2" in response.content
    assert b"Page 1 of 2" in response.content


def test_the_query_count_does_not_grow_with_the_number_of_people(officer_client):
    make_many(5)
    officer_client.get(URL)  # fills the site-wide caches (programme settings), as any earlier page would
    assert_page_queries(officer_client, URL, "people_manage:directory")
    make_many(200, start=5)
    response = assert_page_queries(officer_client, URL, "people_manage:directory")
    assert len(response.context["page"]) == 50
    # Filters cost no query per row: only checking the chosen area exists, once.
    baseline = load_baselines()["people_manage:directory"]
    area = LivedExperienceArea.objects.first().pk
    officer_client.get(URL, {"format": "easy_read", "area": area})  # its total is counted once, then shared
    response = assert_page_queries(
        officer_client, URL, baseline + 1, data={"format": "easy_read", "area": area}
    )
    assert len(response.context["page"]) > 0


def test_the_register_link_is_on_the_page(officer_client):
    assert reverse("people_manage:register").encode() in officer_client.get(URL).content


def test_administrators_may_use_it_too(client, administrator):
    sign_in(client, administrator)
    assert client.get(URL).status_code == 200


def test_a_person_made_in_bulk_is_found_like_one_saved(officer_client):
    make_many(3)
    assert Person.objects.count() == 3
    assert names(officer_client.get(URL, {"q": "bulk person000001"})) == ["Bulk Person000001"]


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, "area", "interest", "999"])
def test_the_filter_lists_read_in_one_query_are_written_as_their_querysets_wrote_them(chosen):
    from django.http import QueryDict

    from coproduce.people.forms import DirectoryFilterForm
    from coproduce.people.selectors import directory_filter_options

    LivedExperienceArea.objects.create(name="Zeta <care>", order=0)
    area = LivedExperienceArea.objects.create(name="Alpha & co", order=0)
    LivedExperienceArea.objects.create(name="Hidden", order=0, active=False)
    interest = Interest.objects.create(name="Beta", order=2)
    Interest.objects.create(name="Gamma", order=1)
    data = {
        None: "",
        "area": f"area={area.pk}",
        "interest": f"interest={interest.pk}",
        "999": "area=999&interest=999",
    }[chosen]
    by_querysets = DirectoryFilterForm(QueryDict(data))
    by_options = DirectoryFilterForm(QueryDict(data), options=directory_filter_options())
    for name in ("area", "interest"):
        assert str(by_options[name].as_field_group()) == str(by_querysets[name].as_field_group())
    assert by_options.filters() == by_querysets.filters()
    assert "Hidden" not in str(by_options["area"])
