"""The back-office, member and public pages: they render, bad input is explained by the field and nothing is
saved, and each page is for the people it names."""

import datetime

import pytest

from coproduce.accounts.models import Role
from coproduce.programme import services
from coproduce.programme.choices import BoardRole
from coproduce.programme.models import BoardTerm, Challenge, Programme, Recruitment, Signature
from tests.conftest import sign_in
from tests.opportunities.factories import OpportunityFactory

from . import factories as f

DAY = datetime.timedelta(days=1)


def date_fields(name, day):
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


@pytest.fixture
def world(db):
    """A programme with a board, a challenge in each state and a concordat."""
    actor = f.officer()
    programme = f.programme(actor)
    co_chair_user, co_chair = f.member_with_profile(Role.BOARD_MEMBER)
    f.term(BoardRole.CO_CHAIR_LIVED, who=co_chair, actor=actor)
    f.term(BoardRole.STAFF, actor=actor)
    services.approve_terms_of_reference(
        actor=actor, text="We meet", what_changed="", decision=f.board_decision()
    )
    meeting = f.board_meeting(days=10, actor=actor)
    services.plan_item(actor=actor, meeting=meeting, title="Budget for next year")
    waiting, answered, closed = f.challenge(), f.challenge(), f.challenge()
    services.respond_to_challenge(answered, actor=actor, response="We did")
    services.record_outcome(closed, actor=actor, outcome="changed")
    services.start_recruitment(actor=actor, person=f.person(), interest_on=f.today())
    version = f.concordat(actor=actor)
    services.sign_concordat(
        version, actor=actor, kind="organisation", name="Wyvern Mind", organisation="Wyvern Mind", listed=True
    )
    services.sign_concordat(version, actor=actor, kind="person", name="Quiet Person", listed=False)
    return {"programme": programme, "co_chair_user": co_chair_user, "meeting": meeting, "waiting": waiting}


BACK_OFFICE = [
    "/manage/programme/",
    "/manage/programme/record/",
    "/manage/board/",
    "/manage/board/members/",
    "/manage/board/members/new/",
    "/manage/board/terms-of-reference/",
    "/manage/board/terms-of-reference/new/",
    "/manage/board/recruitment/",
    "/manage/board/recruitment/new/",
    "/manage/board/forward-plan/",
    "/manage/board/forward-plan/new/",
    "/manage/board/challenges/",
    "/manage/board/challenges/?show=overdue",
    "/manage/board/challenges/new/",
    "/manage/board/concordat/",
    "/manage/board/concordat/new/",
    "/manage/board/concordat/signatures/add/",
    "/manage/programme/sponsors/add/",
    "/manage/programme/commitments/add/",
    "/manage/programme/team/add/",
]


def test_every_back_office_page_renders_for_an_officer(client, world, officer):
    sign_in(client, officer)
    for url in BACK_OFFICE:
        assert client.get(url).status_code == 200, url
    page = client.get("/manage/programme/").content.decode()
    assert "Senior-level commitment" in page and "Evaluation of the whole programme" in page
    assert client.get(f"/manage/board/challenges/{world['waiting'].pk}/").status_code == 200
    assert client.get(f"/manage/board/meetings/{world['meeting'].pk}/pack/").status_code == 200


def test_the_board_pack_is_a_pdf_too(client, world, officer):
    sign_in(client, officer)
    response = client.get(f"/manage/board/meetings/{world['meeting'].pk}/pack.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pack = client.get(f"/manage/board/meetings/{world['meeting'].pk}/pack/").content.decode()
    assert "Budget for next year" in pack and "Who did you ask?" in pack


def test_a_co_chair_keeps_the_board_but_not_the_programme_record(client, world):
    sign_in(client, world["co_chair_user"])
    assert client.get("/manage/board/members/new/").status_code == 200
    assert client.get("/manage/programme/").status_code == 200
    assert client.get("/manage/programme/record/").status_code == 403
    assert client.get("/board/you/").status_code == 200


def test_members_and_the_public_cannot_open_the_back_office(client, world, member):
    sign_in(client, member)
    assert client.get("/manage/programme/").status_code == 403
    assert client.get("/manage/board/challenges/new/").status_code == 403


def test_a_term_ending_before_it_starts_is_explained_by_the_field(client, world, officer):
    who = f.person(email="gwen@example.test")
    sign_in(client, officer)
    data = {
        "person": "gwen@example.test",
        "role": "lived",
        **date_fields("starts_on", f.today()),
        **date_fields("ends_on", f.today() - DAY),
    }
    response = client.post("/manage/board/members/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_on": ["The term must end after it starts"]}
    assert 'value="gwen@example.test"' in response.content.decode()
    assert not BoardTerm.objects.filter(person=who).exists()
    data.update(date_fields("ends_on", f.today() + 300 * DAY))
    assert client.post("/manage/board/members/new/", data).status_code == 302
    assert BoardTerm.objects.filter(person=who).exists()


def test_a_response_date_in_the_past_is_explained_by_the_field(client, world, board_cochair):
    project = f.project()
    sign_in(client, board_cochair)
    data = {
        "project": str(project.pk),
        "kind": "concern",
        "text": "Few carers took part",
        **date_fields("respond_by", f.today() - DAY),
    }
    response = client.post("/manage/board/challenges/new/", data)
    assert response.context["form"].errors == {
        "respond_by": ["The date for a response must be today or in the future"]
    }
    assert not Challenge.objects.filter(project=project).exists()
    data.update(date_fields("respond_by", f.today() + 10 * DAY))
    assert client.post("/manage/board/challenges/new/", data).status_code == 302
    assert Challenge.objects.get(project=project).raised_by == board_cochair


def test_the_lead_answers_a_challenge_sent_to_them_and_nobody_else_does(client, world, user_with_role):
    challenge = world["waiting"]
    lead = challenge.lead
    lead.role_grants.get_or_create(role=Role.PROJECT_LEAD)
    sign_in(client, lead)
    assert client.get("/manage/board/challenges/?show=mine").context["page"].object_list[0] == challenge
    response = client.post(f"/manage/board/challenges/{challenge.pk}/respond/", {"response": ""})
    assert response.context["form"].errors == {"response": ["Write the project's response"]}
    client.post(f"/manage/board/challenges/{challenge.pk}/respond/", {"response": "We will widen it"})
    challenge.refresh_from_db()
    assert challenge.status == "responded"
    other_lead = user_with_role(Role.PROJECT_LEAD)
    sign_in(client, other_lead)
    assert client.get(f"/manage/board/challenges/{challenge.pk}/").status_code == 404


def test_the_public_concordat_lists_only_those_who_agreed(client, world):
    page = client.get("/concordat/").content.decode()
    assert "Wyvern Mind" in page and "Quiet Person" not in page
    assert "<h1" in page and "We agree" in page
    assert client.get("/concordat/versions/").status_code == 200
    assert client.get("/concordat/versions/1/").status_code == 200
    assert client.get("/concordat/versions/9/").status_code == 404


def test_a_member_signs_once_and_a_second_signature_is_refused(client, world):
    user, who = f.member_with_profile()
    sign_in(client, user)
    response = client.post("/concordat/sign/", {"listed": "on"})
    assert "agree" in response.context["form"].errors
    client.post("/concordat/sign/", {"listed": "on", "agree": "on"})
    assert Signature.objects.filter(person=who, listed=True).count() == 1
    page = client.get("/concordat/sign/").content.decode()
    assert "You signed version 1" in page
    client.post("/concordat/sign/", {"agree": "on"})
    assert Signature.objects.filter(person=who).count() == 1


def test_an_officer_records_a_second_signature_and_is_told_by_the_field(client, world, officer):
    sign_in(client, officer)
    data = {
        "kind": "organisation",
        "name": "Wyvern Mind",
        "organisation": "Wyvern Mind",
        **date_fields("signed_on", f.today()),
    }
    response = client.post("/manage/board/concordat/signatures/add/", data)
    assert response.context["form"].errors == {"name": ["Wyvern Mind has already signed version 1"]}


def test_the_programme_record_is_created_then_changed(client, db, officer):
    sign_in(client, officer)
    assert "no record yet" in client.get("/manage/programme/").content.decode()
    data = {
        "name": "Wyvernshire together",
        **date_fields("started_on", datetime.date(2024, 4, 1)),
        "budget": "abc",
    }
    response = client.post("/manage/programme/record/", data)
    assert "budget" in response.context["form"].errors and not Programme.objects.exists()
    data["budget"] = "125000"
    assert client.post("/manage/programme/record/", data).status_code == 302
    assert Programme.objects.get().shifts.count() == 7


def test_the_project_page_shows_its_challenges(client, world, officer):
    challenge = world["waiting"]
    sign_in(client, officer)
    page = client.get(f"/manage/projects/{challenge.project_id}/").content.decode()
    assert "Board challenges" in page and "Who did you ask?" in page


def test_overdue_challenges_and_a_due_review_wait_on_the_back_office_home(client, world, officer):
    Challenge.objects.filter(pk=world["waiting"].pk).update(respond_by=f.today() - DAY)
    from coproduce.programme.models import TermsOfReference

    TermsOfReference.objects.update(review_due=f.today() - DAY)
    sign_in(client, officer)
    queues = {q["key"]: q for q in client.get("/manage/").context["queues"]}
    assert queues["programme.challenges_overdue"]["count"] == 1
    assert queues["programme.terms_of_reference_review"]["count"] == 1
    listed = client.get(queues["programme.challenges_overdue"]["url"]).context["page"].object_list
    assert [c.pk for c in listed] == [world["waiting"].pk]
    assert "Response overdue" in client.get("/manage/programme/").content.decode()


def test_a_co_chair_plans_an_item_onto_a_coming_meeting_agenda(client, world):
    sign_in(client, world["co_chair_user"])
    meeting = world["meeting"]
    response = client.post("/manage/board/forward-plan/new/", {"meeting": "", "title": "Annual report"})
    assert response.context["form"].errors == {"meeting": ["Choose the meeting"]}
    client.post("/manage/board/forward-plan/new/", {"meeting": str(meeting.pk), "title": "Annual report"})
    assert meeting.agenda_items.filter(title="Annual report").exists()


def test_interest_from_an_opportunity_then_observing_a_named_board_meeting(client, world, officer):
    opportunity = OpportunityFactory(title="Join the co-production board")
    project_role = OpportunityFactory(title="Design group member", project=f.project())
    observed = f.board_meeting(days=-3, actor=officer)
    f.person(email="rhys@example.test")
    sign_in(client, officer)
    page = client.get("/manage/board/recruitment/new/").content.decode()
    assert "Join the co-production board" in page and "Design group member" not in page
    data = {
        "person": "rhys@example.test",
        "opportunity": str(project_role.pk),
        **date_fields("interest_on", f.today()),
    }
    response = client.post("/manage/board/recruitment/new/", data)
    assert "opportunity" in response.context["form"].errors
    assert not Recruitment.objects.filter(person__email="rhys@example.test").exists()
    data["opportunity"] = str(opportunity.pk)
    assert client.post("/manage/board/recruitment/new/", data).status_code == 302
    row = Recruitment.objects.get(person__email="rhys@example.test")
    assert row.opportunity == opportunity
    step_url = f"/manage/board/recruitment/{row.pk}/step/"
    assert str(observed.pk) in client.get(step_url).content.decode()
    assert (
        client.post(step_url, {"meeting": str(observed.pk), **date_fields("on", f.today())}).status_code
        == 302
    )
    row.refresh_from_db()
    assert row.step == "observed" and row.observed_meeting == observed
    listing = client.get("/manage/board/recruitment/").content.decode()
    assert "Join the co-production board" in listing and observed.title in listing


def test_an_officer_ends_a_senior_sponsorship_and_a_date_before_it_began_is_explained(client, world, officer):
    sponsor = services.add_sponsor(
        world["programme"],
        actor=officer,
        name="Ann Sponsor",
        job_title="Chief executive",
        organisation="Wyvernshire County Council",
        since=f.today() - 300 * DAY,
    )
    sign_in(client, officer)
    url = f"/manage/programme/sponsors/{sponsor.pk}/end/"
    assert url in client.get("/manage/programme/").content.decode()
    response = client.post(url, date_fields("until", f.today() - 301 * DAY))
    assert response.context["form"].errors == {
        "until": ["The end of the sponsorship must be on or after its start"]
    }
    sponsor.refresh_from_db()
    assert sponsor.until is None
    assert client.post(url, date_fields("until", f.today())).status_code == 302
    sponsor.refresh_from_db()
    assert sponsor.until == f.today()
    assert url not in client.get("/manage/programme/").content.decode()
