"""The back office: advertising, status, matching and invitations, interest on someone's behalf, selection."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.audit.models import AuditEvent
from coproduce.notifications.models import Message
from coproduce.notifications.selectors import letters_waiting
from coproduce.opportunities.choices import CameIn, InterestStatus, InvitationMethod, Mode, Status
from coproduce.opportunities.models import ExpressionOfInterest, Invitation, Opportunity
from coproduce.people.models import EqualityRecord, Interest, LivedExperienceArea
from coproduce.projects.models import TeamMember
from tests.conftest import sign_in
from tests.core.query_counts import assert_page_queries
from tests.factories import UserFactory

from .factories import InterestFactory, OpportunityFactory, PersonFactory, ProjectFactory, staff_lead_for

pytestmark = pytest.mark.django_db


def advert(**changes):
    closes = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "project": "",
        "title": "Reading panel for easy-read leaflets",
        "description": "Read draft leaflets and tell us what is unclear.",
        "time_commitment": "1 hour a month",
        "ongoing": "on",
        "mode": Mode.ONLINE,
        "location": "",
        "access_support": ["papers_in_advance"],
        "reward_unit": "per_hour",
        "reward_amount": "20.50",
        "places": "6",
        "closes_on_day": str(closes.day),
        "closes_on_month": str(closes.month),
        "closes_on_year": str(closes.year),
        "other_ways": ["phone"],
        "other_ways_detail": "Phone 01632 960 000",
    }
    data.update(changes)
    return data


def test_an_officer_advertises_a_programme_wide_opportunity_as_a_draft(officer_client, officer):
    response = officer_client.post(reverse("opportunities_manage:advertise"), advert())
    opportunity = Opportunity.objects.get()
    assert response.url == reverse("opportunities_manage:detail", args=[opportunity.pk])
    assert opportunity.status == Status.DRAFT and opportunity.project is None
    assert str(opportunity.reward_amount) == "20.50" and opportunity.reward_text == "£20.50 per hour"
    assert AuditEvent.objects.filter(verb="opportunity.advertised").count() == 1
    officer_client.post(
        reverse("opportunities_manage:change_status", args=[opportunity.pk]), {"status": "open"}
    )
    opportunity.refresh_from_db()
    assert opportunity.status == Status.OPEN


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"reward_amount": "", "reward_unit": "per_hour"}, "reward_amount"),
        ({"reward_amount": "12", "reward_unit": "voluntary"}, "reward_amount"),
        ({"reward_amount": "-3"}, "reward_amount"),
        ({"reward_amount": "1e400"}, "reward_amount"),
        ({"reward_amount": "ten pounds"}, "reward_amount"),
        ({"places": "0"}, "places"),
        ({"closes_on_day": "31", "closes_on_month": "2"}, "closes_on"),
        ({"closes_on_year": "2001"}, "closes_on"),
        ({"mode": Mode.IN_PERSON, "location": " "}, "location"),
        ({"ends_on_day": "1", "ends_on_month": "1", "ends_on_year": "2031"}, "ends_on"),
        ({"title": "x" * 151}, "title"),
        ({"access_support": ["teleport"]}, "access_support"),
    ],
)
def test_bad_adverts_say_what_is_wrong_and_save_nothing(officer_client, changes, field):
    response = officer_client.post(reverse("opportunities_manage:advertise"), advert(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Read draft leaflets and tell us what is unclear." in response.content.decode()
    assert not Opportunity.objects.exists()


def test_an_empty_advert_says_what_each_field_needs(officer_client):
    response = officer_client.post(reverse("opportunities_manage:advertise"), {"title": ""})
    errors = {name: list(messages) for name, messages in response.context["form"].errors.items()}
    assert errors == {
        "title": ["Enter the role title"],
        "description": ["Say what people would do"],
        "time_commitment": ["Say how much time it takes"],
        "mode": ["Choose how people take part"],
        "reward_unit": ["Choose the payment or recognition offered"],
        "places": ["Enter the number of places"],
        "closes_on": ["Enter the closing date"],
    }
    assert "This field is required" not in response.content.decode()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"places": "six"}, "places", "Enter the number of places as a whole number, like 6"),
        ({"places": "1000"}, "places", "There can be at most 999 places"),
        ({"reward_amount": "ten pounds"}, "reward_amount", "Enter the amount in pounds, like 25 or 25.50"),
        ({"mode": "teleport"}, "mode", "Choose how people take part"),
        ({"description": "x" * 5001}, "description", "Keep this to 5,000 characters or fewer"),
    ],
)
def test_odd_advert_input_gets_a_message_a_person_understands(officer_client, changes, field, message):
    response = officer_client.post(reverse("opportunities_manage:advertise"), advert(**changes))
    assert response.context["form"].errors[field] == [message]
    assert not Opportunity.objects.exists()


def test_a_project_lead_advertises_only_for_their_own_projects(client):
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    own, other = ProjectFactory(requested_by=lead), ProjectFactory()
    sign_in(client, lead)
    url = reverse("opportunities_manage:advertise")
    response = client.post(url, advert(project=""))
    assert "project" in response.context["form"].errors
    response = client.post(url, advert(project=str(other.pk)))
    assert "project" in response.context["form"].errors
    client.post(url, advert(project=str(own.pk)))
    assert Opportunity.objects.get().project == own


def test_a_staff_lead_manages_their_projects_opportunities_but_not_others_or_officers_work(client):
    user = UserFactory(roles=[Role.MEMBER])
    project = ProjectFactory()
    staff_lead_for(project, user)
    theirs, not_theirs = OpportunityFactory(project=project), OpportunityFactory(project=ProjectFactory())
    sign_in(client, user)
    listing = client.get(reverse("opportunities_manage:list"))
    assert [row["id"] for row in listing.context["page"]] == [theirs.pk]
    assert client.get(reverse("opportunities_manage:detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("opportunities_manage:detail", args=[not_theirs.pk])).status_code == 404
    assert client.get(reverse("opportunities_manage:edit", args=[not_theirs.pk])).status_code == 404
    assert client.get(reverse("opportunities_manage:selection", args=[theirs.pk])).status_code == 403
    detail = client.get(reverse("opportunities_manage:detail", args=[theirs.pk]))
    assert "matches" not in detail.context


def test_changing_an_opportunity_is_audited_with_field_names(officer_client):
    opportunity = OpportunityFactory()
    form = officer_client.get(reverse("opportunities_manage:edit", args=[opportunity.pk])).context["form"]
    data = advert(title="New title", mode=Mode.HYBRID, location="Oakhollow Library")
    officer_client.post(reverse("opportunities_manage:edit", args=[opportunity.pk]), data)
    opportunity.refresh_from_db()
    assert opportunity.title == "New title"
    event = AuditEvent.objects.get(verb="opportunity.changed")
    assert "title" in event.changed_fields
    assert form.initial["title"] != "New title"


def test_the_manage_list_costs_the_same_however_many(officer_client):
    for _ in range(3):
        InterestFactory(opportunity=OpportunityFactory(project=ProjectFactory()))
    assert_page_queries(officer_client, reverse("opportunities_manage:list"), "opportunities_manage:list")
    for _ in range(30):
        OpportunityFactory(project=ProjectFactory())
    assert_page_queries(officer_client, reverse("opportunities_manage:list"), "opportunities_manage:list")


# --- Matching ----------------------------------------------------------------------------------------------


@pytest.fixture
def area():
    return LivedExperienceArea.objects.create(name="Sight loss (test)")


@pytest.fixture
def topic():
    return Interest.objects.create(name="Libraries (test)")


def matched_names(response):
    return [match.person.full_name for match in response.context["matches"]]


def test_matches_are_only_people_who_consented_fit_and_have_not_applied(officer_client, area, topic):
    opportunity = OpportunityFactory(lived_experience=[area], interests=[topic], mode=Mode.ONLINE)
    PersonFactory(full_name="Best Fit", lived_experience=[area], interests=[topic])
    PersonFactory(full_name="Topic Only", interests=[topic])
    PersonFactory(full_name="No Consent", lived_experience=[area], consents_to_contact=False)
    PersonFactory(full_name="Erased", lived_experience=[area], erased_at=timezone.now())
    PersonFactory(full_name="Offline Only", lived_experience=[area], online=False)
    PersonFactory(full_name="Nothing In Common")
    InterestFactory(
        opportunity=opportunity, person=PersonFactory(full_name="Applied", lived_experience=[area])
    )
    response = officer_client.get(reverse("opportunities_manage:detail", args=[opportunity.pk]))
    assert matched_names(response) == ["Best Fit", "Topic Only"]
    best = response.context["matches"][0]
    assert (
        best.areas == ["Sight loss (test)"]
        and best.interests == ["Libraries (test)"]
        and best.ways == ["online"]
    )
    text = response.content.decode()
    assert "Lived experience: Sight loss (test)" in text and "Can take part online" in text
    assert [match.score for match in response.context["matches"]] == [3, 1]


def test_the_matches_cost_the_same_however_many_people_fit(officer_client, area, topic):
    opportunity = OpportunityFactory(lived_experience=[area], interests=[topic])
    url = reverse("opportunities_manage:detail", args=[opportunity.pk])
    for _ in range(3):
        InterestFactory(opportunity=opportunity, person=PersonFactory(lived_experience=[area]))
        PersonFactory(lived_experience=[area], interests=[topic])
    few = assert_page_queries(officer_client, url, 14)
    for _ in range(30):
        PersonFactory(lived_experience=[area], interests=[topic])
        InterestFactory(opportunity=opportunity)
    many = assert_page_queries(officer_client, url, 14, data={"page": "2"})
    assert len(few.context["matches"]) == 3 and len(many.context["matches"]) == 13


def test_an_officer_invites_by_email_or_letter_and_it_is_recorded(officer_client, officer):
    opportunity = OpportunityFactory(other_ways_detail="Drop in at Sloeby library on Tuesdays")
    person = PersonFactory(full_name="Ivy Invitee", address="2 Orchard Close\nSloeby", postcode="WY3 4CD")
    url = reverse("opportunities_manage:invite", args=[opportunity.pk, person.pk])
    officer_client.post(url, {"method": InvitationMethod.EMAIL})
    response = officer_client.post(url, {"method": InvitationMethod.LETTER})
    assert response.url == reverse("opportunities_manage:detail", args=[opportunity.pk])
    letter = Invitation.objects.get(method=InvitationMethod.LETTER)
    # The letter is one of the day's letters (the batch PDF is its printable page), not a page of its own.
    [waiting] = letters_waiting()
    assert waiting.event_key == f"opportunities.invitation:{letter.pk}" and waiting.person == person
    for expected in ("Ivy Invitee", "2 Orchard Close", "WY3 4CD"):
        assert expected in waiting.address
    assert "Drop in at Sloeby library" in waiting.body and "phone us on" in waiting.body
    by_email = Message.objects.get(event_key__startswith="opportunities.invitation:", channel="email")
    assert by_email.address == person.email
    assert Invitation.objects.filter(person=person, invited_by=officer).count() == 2
    assert AuditEvent.objects.filter(verb="opportunity.invited").count() == 2


def test_inviting_someone_who_did_not_consent_shows_the_reason(officer_client):
    opportunity = OpportunityFactory()
    person = PersonFactory(consents_to_contact=False)
    url = reverse("opportunities_manage:invite", args=[opportunity.pk, person.pk])
    assert "cannot invite them" in officer_client.get(url).content.decode()
    response = officer_client.post(url, {"method": InvitationMethod.EMAIL})
    assert "has not agreed to be contacted" in response.content.decode()
    assert not Invitation.objects.exists()


# --- On someone's behalf -----------------------------------------------------------------------------------


def test_an_officer_records_interest_that_came_in_by_phone(officer_client, officer):
    opportunity = OpportunityFactory()
    person = PersonFactory(full_name="Phoebe Phone", access_needs=["hearing_loop"], preferred_contact="phone")
    url = reverse("opportunities_manage:on_behalf", args=[opportunity.pk])
    found = officer_client.get(url, {"q": "phoebe"})
    assert [p.pk for p in found.context["results"]] == [person.pk]
    form = officer_client.get(url, {"person": person.pk}).context["form"]
    assert form.initial["access_needs"] == ["hearing_loop"]
    data = {
        "person": person.pk,
        "came_in": CameIn.PHONE,
        "came_in_note": "Rang on Tuesday",
        "why": "Told me she loves the library",
        "brings": "Uses it every week",
        "access_needs": ["hearing_loop"],
        "contact_method": "phone",
    }
    officer_client.post(url, data)
    interest = ExpressionOfInterest.objects.get()
    assert (interest.person, interest.came_in, interest.recorded_by) == (person, CameIn.PHONE, officer)
    again = officer_client.post(url, data)
    assert "already said they are interested" in again.content.decode()


def test_recording_interest_for_someone_says_what_is_missing(officer_client):
    opportunity = OpportunityFactory()
    person = PersonFactory()
    url = reverse("opportunities_manage:on_behalf", args=[opportunity.pk])
    response = officer_client.post(url, {"person": person.pk})
    errors = {name: list(messages) for name, messages in response.context["form"].errors.items()}
    assert errors == {
        "came_in": ["Choose how it came in"],
        "why": ["Say why they are interested"],
        "brings": ["Say what they would bring"],
        "contact_method": ["Choose how they would like us to get back to them"],
    }
    assert not ExpressionOfInterest.objects.exists()


# --- Selection ---------------------------------------------------------------------------------------------


def selection_url(opportunity):
    return reverse("opportunities_manage:selection", args=[opportunity.pk])


def test_checking_the_make_up_without_javascript_counts_the_ticked_group(officer_client, area):
    other = LivedExperienceArea.objects.create(name="Carers (test)")
    opportunity = OpportunityFactory(lived_experience=[area], places=3)
    one = InterestFactory(opportunity=opportunity, person=PersonFactory(lived_experience=[area, other]))
    two = InterestFactory(opportunity=opportunity, person=PersonFactory(lived_experience=[area]))
    InterestFactory(opportunity=opportunity, person=PersonFactory(lived_experience=[other]))
    response = officer_client.post(
        selection_url(opportunity), {"chosen": [one.pk, two.pk], "action": "check"}
    )
    assert dict(response.context["make_up"]) == {"Sight loss (test)": 2, "Carers (test)": 1}
    assert not ExpressionOfInterest.objects.exclude(status=InterestStatus.ACTIVE).exists()
    partial = officer_client.post(
        selection_url(opportunity), {"chosen": [one.pk]}, headers={"HX-Request": "true"}
    )
    assert partial.content.decode().lstrip().startswith('<div id="group-make-up"')
    assert dict(partial.context["make_up"]) == {"Sight loss (test)": 1, "Carers (test)": 1}


def grant_equality_permission(user):
    user.user_permissions.add(
        Permission.objects.get(codename="view_equality_answers", content_type__app_label="people")
    )


def test_permitted_officers_see_equality_aggregates_against_the_census_always_suppressed(
    officer_client, officer
):
    grant_equality_permission(officer)
    opportunity = OpportunityFactory(places=15)
    chosen = []
    for _ in range(12):
        interest = InterestFactory(opportunity=opportunity)
        EqualityRecord.objects.create(person=interest.person, sex="Female", religion="Buddhist")
        chosen.append(interest.pk)
    response = officer_client.post(selection_url(opportunity), {"chosen": chosen[:3]})
    sex = next(p for p in response.context["equality"] if p.field == "sex")
    assert {row.count for row in sex.rows} == {"fewer than 10"}
    response = officer_client.post(selection_url(opportunity), {"chosen": chosen})
    sex = next(p for p in response.context["equality"] if p.field == "sex")
    assert dict((row.value, row.count) for row in sex.rows)["Female"] == 12
    text = response.content.decode()
    assert "Buddhist" not in text.split("Religion")[0]
    assert "Oxfordshire census (%)" in text and "equality-not-shown" not in text


def test_officers_without_the_equality_permission_see_lived_experience_and_a_note_only(officer_client, area):
    opportunity = OpportunityFactory(places=15, lived_experience=[area])
    chosen = []
    for _ in range(12):
        interest = InterestFactory(opportunity=opportunity, person=PersonFactory(lived_experience=[area]))
        EqualityRecord.objects.create(person=interest.person, sex="Female")
        chosen.append(interest.pk)
    response = officer_client.post(selection_url(opportunity), {"chosen": chosen})
    assert response.context["equality"] == [] and not response.context["equality_permitted"]
    assert dict(response.context["make_up"]) == {"Sight loss (test)": 12}
    text = response.content.decode()
    assert "shown only to staff with the equality-data permission" in text
    assert "Oxfordshire census" not in text and "Sex" not in text
    partial = officer_client.post(
        selection_url(opportunity), {"chosen": chosen}, headers={"HX-Request": "true"}
    )
    assert "Oxfordshire census" not in partial.content.decode()


def test_confirming_selects_tells_everyone_and_shows_the_outcome(officer_client):
    opportunity = OpportunityFactory(project=ProjectFactory(), places=1)
    chosen = InterestFactory(opportunity=opportunity)
    other = InterestFactory(opportunity=opportunity)
    response = officer_client.post(
        selection_url(opportunity),
        {"chosen": [chosen.pk], "action": "confirm", "note": "First meeting 3 March"},
        follow=True,
    )
    assert "1 person selected and 1 told" in response.content.decode()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == InterestStatus.SELECTED and "First meeting 3 March" in chosen.outcome_message
    assert other.status == InterestStatus.NOT_SELECTED
    assert TeamMember.objects.get().person == chosen.person


def test_confirming_more_people_than_places_shows_a_clear_error(officer_client):
    opportunity = OpportunityFactory(places=1)
    ids = [InterestFactory(opportunity=opportunity).pk for _ in range(2)]
    response = officer_client.post(selection_url(opportunity), {"chosen": ids, "action": "confirm"})
    assert response.status_code == 200
    assert "There is 1 place and you have chosen 2 people" in response.content.decode()
    assert response.context["chosen_ids"] == set(ids)
    assert not ExpressionOfInterest.objects.exclude(status=InterestStatus.ACTIVE).exists()


def test_confirming_with_nobody_ticked_tells_nobody_until_the_officer_says_so(officer_client):
    opportunity = OpportunityFactory(places=2)
    ids = [InterestFactory(opportunity=opportunity).pk for _ in range(3)]
    response = officer_client.post(selection_url(opportunity), {"action": "confirm"})
    assert response.status_code == 200
    assert "Tick the people you are choosing" in response.content.decode()
    assert set(ExpressionOfInterest.objects.values_list("status", flat=True)) == {InterestStatus.ACTIVE}
    response = officer_client.post(
        selection_url(opportunity), {"action": "confirm", "choose_nobody": "on"}, follow=True
    )
    assert "0 people selected and 3 told" in response.content.decode()
    statuses = ExpressionOfInterest.objects.filter(pk__in=ids).values_list("status", flat=True)
    assert set(statuses) == {InterestStatus.NOT_SELECTED}


def test_each_outcome_goes_by_the_persons_channel_and_only_calls_and_unreached_are_listed(officer_client):
    opportunity = OpportunityFactory(places=1)
    by_email = InterestFactory(opportunity=opportunity, person=PersonFactory(preferred_contact="email"))
    by_post = InterestFactory(opportunity=opportunity, person=PersonFactory(preferred_contact="post"))
    by_phone = InterestFactory(
        opportunity=opportunity, person=PersonFactory(preferred_contact="phone", phone="01632 960123")
    )
    nowhere = InterestFactory(
        opportunity=opportunity, person=PersonFactory(email="", address="", postcode="", phone="")
    )
    page = officer_client.get(selection_url(opportunity)).content.decode()
    assert "Outcomes still to pass on" not in page  # nobody decided yet
    officer_client.post(selection_url(opportunity), {"chosen": [by_post.pk], "action": "confirm"})
    outcomes = Message.objects.filter(template="opportunity_outcome")
    assert {(m.person_id, m.channel) for m in outcomes} == {
        (by_email.person_id, "email"),
        (by_post.person_id, "letter"),
        (by_phone.person_id, "phone"),
        (nowhere.person_id, "email"),
    }
    response = officer_client.get(selection_url(opportunity))
    listed = [(m.person_id, m.channel, m.status) for m in response.context["to_pass_on"]]
    assert listed == [(by_phone.person_id, "phone", "queued"), (nowhere.person_id, "email", "unreachable")]
    page = response.content.decode()
    assert "Outcomes still to pass on" in page and "Tell these people" not in page
    assert "Letter to print" not in page  # the post goes in the day's letter batch
    assert [m.person_id for m in letters_waiting()] == [by_post.person_id]


def test_nonsense_selection_input_is_an_error_not_a_crash(officer_client):
    opportunity = OpportunityFactory()
    InterestFactory(opportunity=opportunity)
    response = officer_client.post(
        selection_url(opportunity), {"chosen": ["abc", "99999"], "action": "confirm"}
    )
    assert response.status_code == 200 and response.context["form"].errors


# Without the equality permission: no profile. With it: one query grouped by every topic and one for the
# census baseline on top. One of each is the handbook's "Help with this step" link, one the decided outcomes
# still to pass on.
@pytest.mark.parametrize("permitted, queries", [(False, 13), (True, 15)])
def test_the_selection_page_costs_the_same_however_many_applicants(
    officer_client, officer, area, permitted, queries
):
    if permitted:
        grant_equality_permission(officer)
    opportunity = OpportunityFactory(lived_experience=[area])
    for status in (InterestStatus.SELECTED, InterestStatus.ACTIVE):  # the selected make a group to profile
        InterestFactory(opportunity=opportunity, person=PersonFactory(lived_experience=[area]), status=status)
    few = assert_page_queries(officer_client, selection_url(opportunity), queries)
    for number in range(10):
        status = InterestStatus.NOT_SELECTED if number % 2 else InterestStatus.ACTIVE
        InterestFactory(opportunity=opportunity, person=PersonFactory(lived_experience=[area]), status=status)
    many = assert_page_queries(officer_client, selection_url(opportunity), queries)
    assert len(few.context["applicants"]) == 2 and len(many.context["applicants"]) == 12


def test_an_open_opportunity_past_its_closing_date_says_so(officer_client):
    OpportunityFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    assert (
        "(closing date passed)" in officer_client.get(reverse("opportunities_manage:list")).content.decode()
    )
