"""The project pages: requesting support, triage, stage changes, the team, the team's own pages, and who
may open which project (a member changing the id in the address sees nothing)."""

import datetime

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.projects.choices import Rung, Stage, TriageState
from coproduce.projects.models import Project
from tests.conftest import sign_in
from tests.factories import UserFactory

from .factories import (
    PRINCIPLE_NOTES,
    accepted,
    at_stage,
    member_on,
    organisation,
    person,
    project_lead,
    requested,
    service_area,
)


@pytest.fixture
def lead_client(client, db):
    lead = project_lead(full_name="Lee Lead")
    sign_in(client, lead)
    client.user = lead
    return client


@pytest.fixture
def officer_client(client, officer):
    sign_in(client, officer)
    client.user = officer
    return client


def request_post(**overrides):
    data = {
        "title": "Carers' breaks review",
        "summary": "How short breaks for carers are offered.",
        "affects": "Unpaid carers.",
        "can_change": "How breaks are booked.",
        "cannot_change": "",
        "decision_deadline_day": "30",
        "decision_deadline_month": "6",
        "decision_deadline_year": "2027",
        "involvement_budget": "2500.50",
        "hoped_rung": str(Rung.CO_PRODUCING),
        "service_area": str(service_area("Carers").pk),
        "organisation": str(organisation().pk),
    }
    data.update(overrides)
    return data


def test_a_staff_lead_requests_support_and_sees_its_status(lead_client):
    response = lead_client.post(reverse("projects:request_new"), request_post())
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "projects:request", args=[project.pk]
    )
    assert (
        str(project.involvement_budget) == "2500.50" and project.decision_deadline.isoformat() == "2027-06-30"
    )
    page = lead_client.get(reverse("projects:requests")).content.decode()
    assert "Carers&#x27; breaks review" in page and "Awaiting triage" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("involvement_budget", "lots", "Enter the budget as an amount of money"),
        ("involvement_budget", "-5", "cannot be less than £0"),
        ("involvement_budget", "10.555", "only have pence"),
        ("decision_deadline_day", "31", "The decision deadline must be a real date"),
        ("decision_deadline_month", "", "The decision deadline must include a month"),
        ("title", "", "Enter a name for the project"),
        ("decision_deadline_year", "2020", "The decision deadline must be today or in the future"),
        ("hoped_rung", "99", "Choose the level of involvement you hope for"),
        ("service_area", "999999", "Choose a service area from the list"),
    ],
)
def test_bad_input_to_the_request_form_is_explained_and_kept(lead_client, field, value, message):
    response = lead_client.post(reverse("projects:request_new"), request_post(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert "How short breaks for carers are offered." in page  # what was typed is kept
    assert not Project.objects.exists()


def test_members_cannot_request_support(client, member):
    sign_in(client, member)
    assert client.get(reverse("projects:request_new")).status_code == 403


def test_a_requester_sees_the_question_and_answers_by_resubmitting(lead_client, officer):
    project = requested(actor=lead_client.user)
    from coproduce.projects import services

    services.ask_for_more_information(project, question="Who decides in the end?", actor=officer)
    page = lead_client.get(reverse("projects:request", args=[project.pk])).content.decode()
    assert "Who decides in the end?" in page and "Change your request to answer" in page
    edit = reverse("projects:request_edit", args=[project.pk])
    assert "Who decides in the end?" in lead_client.get(edit).content.decode()
    lead_client.post(edit, request_post(title=project.title, can_change="The cabinet member decides."))
    project.refresh_from_db()
    assert (
        project.triage_state == TriageState.AWAITING and project.can_change == "The cabinet member decides."
    )


def test_a_deadline_that_passed_while_waiting_stays_when_the_request_is_resubmitted(lead_client, officer):
    from coproduce.projects import services

    project = requested(actor=lead_client.user, decision_deadline=datetime.date(2020, 1, 31))
    services.ask_for_more_information(project, question="Who decides?", actor=officer)
    edit = reverse("projects:request_edit", args=[project.pk])
    past = {"decision_deadline_day": "31", "decision_deadline_month": "1", "decision_deadline_year": "2020"}
    lead_client.post(edit, request_post(title=project.title, can_change="The cabinet.", **past))
    project.refresh_from_db()
    assert project.triage_state == TriageState.AWAITING and project.can_change == "The cabinet."
    moved = request_post(title=project.title, decision_deadline_day="30", decision_deadline_year="2020")
    services.ask_for_more_information(project, question="And when?", actor=officer)
    response = lead_client.post(edit, moved)
    assert "The decision deadline must be today or in the future" in response.content.decode()


def test_a_requester_sees_the_decline_reason(lead_client, officer):
    from coproduce.projects import services

    project = requested(actor=lead_client.user)
    services.decline_request(project, reason="Already decided by cabinet.", actor=officer)
    page = lead_client.get(reverse("projects:request", args=[project.pk])).content.decode()
    assert "Already decided by cabinet." in page
    response = lead_client.get(reverse("projects:request_edit", args=[project.pk]))
    assert response.status_code == 302  # nothing to change on a declined request


def test_a_requester_cannot_open_someone_elses_request(lead_client):
    other = requested()
    assert lead_client.get(reverse("projects:request", args=[other.pk])).status_code == 404
    assert lead_client.get(reverse("projects:request_edit", args=[other.pk])).status_code == 404


def triage_post(**overrides):
    data = {"decision": "accept", "target_rung": str(Rung.CO_PRODUCING), "justification": "Shared decisions."}
    data.update({f"principle_{key}": note for key, note in PRINCIPLE_NOTES.items()})
    data.update(overrides)
    return data


def test_the_officer_sees_the_queue_and_accepts_a_request(officer_client):
    project = requested(title="Home care charging review")
    listing = officer_client.get(reverse("projects_manage:list")).content.decode()
    assert "Home care charging review" in listing and "Requests to triage (1)" in listing
    url = reverse("projects_manage:triage", args=[project.pk])
    response = officer_client.post(url, triage_post())
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.SCOPING and project.target_rung == Rung.CO_PRODUCING


def test_triage_errors_are_shown_next_to_the_fields_and_nothing_is_saved(officer_client):
    project = requested()
    url = reverse("projects_manage:triage", args=[project.pk])
    page = officer_client.post(url, triage_post(principle_diversity="", justification="")).content.decode()
    assert "Write a note on diversity" in page and "Say why this is the right target" in page
    page = officer_client.post(url, {"decision": "decline"}).content.decode()
    assert "Give the reason for declining" in page
    page = officer_client.post(url, {"decision": "more_information"}).content.decode()
    assert "Write what more you need to know" in page
    project.refresh_from_db()
    assert project.stage == Stage.REQUESTED and project.triage_state == TriageState.AWAITING


def test_a_target_below_co_designing_is_flagged_and_needs_a_reason(officer_client):
    project = requested()
    url = reverse("projects_manage:triage", args=[project.pk])
    assert "Consulting (consultation, not co-production)" in officer_client.get(url).content.decode()
    page = officer_client.post(url, triage_post(target_rung=str(Rung.CONSULTING))).content.decode()
    assert "This target is consultation, not co-production." in page
    assert "say why it is still taken on" in page
    officer_client.post(
        url, triage_post(target_rung=str(Rung.CONSULTING), below_co_production_reason="A start.")
    )
    project.refresh_from_db()
    assert project.stage == Stage.SCOPING
    page = officer_client.get(reverse("projects_manage:project", args=[project.pk])).content.decode()
    assert "Consultation, not co-production" in page and "A start." in page


def test_a_project_lead_cannot_triage(lead_client):
    project = requested(actor=lead_client.user)
    response = lead_client.post(reverse("projects_manage:triage", args=[project.pk]), triage_post())
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.stage == Stage.REQUESTED


def test_stage_page_moves_one_step_and_refuses_a_stale_move(officer_client):
    project = accepted()
    url = reverse("projects_manage:stage", args=[project.pk])
    page = officer_client.get(url).content.decode()
    assert "Move on to designing" in page and "Stop the project" in page and "Move back" not in page
    response = officer_client.post(url, {"to_stage": "delivering", "expected": "scoping"})
    assert "Choose one of the moves listed" in response.content.decode()
    moved = officer_client.post(url, {"to_stage": "designing", "expected": "scoping"}, follow=True)
    assert "The project is now at the designing stage." in moved.content.decode()
    # A second officer's form still says "scoping": their move is refused with a clear message.
    response = officer_client.post(url, {"to_stage": "stopped", "expected": "scoping", "reason": "x"})
    assert "Someone else has just moved this project" in response.content.decode()
    page = officer_client.post(url, {"to_stage": "scoping", "expected": "designing"}).content.decode()
    assert "Give the reason for moving back" in page
    project.refresh_from_db()
    assert project.stage == Stage.DESIGNING
    detail = officer_client.get(reverse("projects_manage:project", args=[project.pk])).content.decode()
    assert "Scoping to designing" in detail and "Olu Officer" in detail


def test_the_team_screen_warns_when_staff_outnumber_lived_experience(officer_client):
    project = accepted()
    url = reverse("projects_manage:team", args=[project.pk])
    staff = person("Sally Staff")
    officer_client.post(
        reverse("projects_manage:team_add", args=[project.pk]), {"person": staff.pk, "role": "staff_lead"}
    )
    assert "Staff outnumber people with lived experience" in officer_client.get(url).content.decode()
    _, membership = member_on(project, "co_lead")
    assert "Staff outnumber" not in officer_client.get(url).content.decode()
    facilitator = person("Fran Facilitator")
    officer_client.post(
        reverse("projects_manage:team_add", args=[project.pk]),
        {"person": facilitator.pk, "role": "facilitator"},
    )
    assert "Staff outnumber" in officer_client.get(url).content.decode()
    officer_client.post(
        reverse("projects_manage:team_role", args=[project.pk, project.team.get(person=facilitator).pk]),
        {"role": "member"},
    )
    assert "Staff outnumber" not in officer_client.get(url).content.decode()
    officer_client.post(reverse("projects_manage:team_remove", args=[project.pk, membership.pk]))
    assert project.team.current().count() == 2


def test_the_team_search_finds_people_by_name_only(officer_client):
    project = accepted()
    person("Gwen Griffiths")
    page = officer_client.get(
        reverse("projects_manage:team", args=[project.pk]), {"q": "grif"}
    ).content.decode()
    assert "Gwen Griffiths" in page
    page = officer_client.get(
        reverse("projects_manage:team", args=[project.pk]), {"q": "zzz"}
    ).content.decode()
    assert "Nobody not already on the team matches" in page


def test_the_team_search_says_when_it_shows_only_the_first_matches(officer_client):
    project = accepted()
    url = reverse("projects_manage:team", args=[project.pk])
    for n in range(20):
        person(f"Morgan Tester{n:02d}")
    page = officer_client.get(url, {"q": "morgan"}).content.decode()
    assert "People found (20)" in page and "Type more of the name" not in page

    person("Morgan Tester20")
    page = officer_client.get(url, {"q": "morgan"}).content.decode()
    assert "People found (the first 20)" in page and "Type more of the name" in page


def test_bad_team_input_changes_nothing(officer_client):
    project = accepted()
    someone = person()
    add = reverse("projects_manage:team_add", args=[project.pk])
    officer_client.post(add, {"person": someone.pk, "role": "boss"})
    officer_client.post(add, {"person": "nonsense", "role": "member"})
    assert not project.team.exists()


def test_the_staff_lead_manages_their_own_team_but_not_another(lead_client):
    own = accepted(actor=lead_client.user)
    other = accepted()
    assert lead_client.get(reverse("projects_manage:team", args=[own.pk])).status_code == 200
    assert lead_client.get(reverse("projects_manage:project", args=[own.pk])).status_code == 200
    assert lead_client.get(reverse("projects_manage:team", args=[other.pk])).status_code == 404
    assert lead_client.get(reverse("projects_manage:project", args=[other.pk])).status_code == 404
    someone = person()
    lead_client.post(
        reverse("projects_manage:team_add", args=[other.pk]), {"person": someone.pk, "role": "member"}
    )
    assert not other.team.exists()


def test_a_member_sees_their_projects_and_the_team_page(client, db):
    project = accepted(title="Direct payments made simple")
    user, _ = member_on(project, "co_lead")
    sign_in(client, user)
    page = client.get(reverse("projects:your_projects")).content.decode()
    assert "Direct payments made simple" in page and "Co-lead with lived experience" in page
    page = client.get(reverse("projects:team_project", args=[project.pk])).content.decode()
    assert "Direct payments made simple" in page and "Change the group agreement" in page
    assert "Opportunities" in page and "Meetings" in page and "Payments" in page and "Evaluation" in page


def test_a_member_cannot_see_an_unpublished_project_they_are_not_on_by_changing_the_id(client, db):
    mine = accepted()
    not_mine = accepted(title="Secret reorganisation")
    user, _ = member_on(mine)
    sign_in(client, user)
    for name in ("team_project", "agreement", "jargon", "output_add", "update_add"):
        response = client.get(reverse(f"projects:{name}", args=[not_mine.pk]))
        assert response.status_code == 404, name
        assert b"Secret reorganisation" not in response.content
    assert client.get(reverse("projects:team_project", args=[mine.pk])).status_code == 200


def test_a_member_who_left_the_team_loses_the_project_page(client, db):
    from coproduce.projects import services

    project = accepted()
    user, membership = member_on(project)
    sign_in(client, user)
    services.remove_team_member(membership, actor=project.requested_by)
    assert client.get(reverse("projects:team_project", args=[project.pk])).status_code == 404


def test_any_team_member_edits_the_agreement_and_jargon_but_only_leads_edit_outputs(client, db):
    project = accepted()
    user, _ = member_on(project, "member")
    sign_in(client, user)
    response = client.post(
        reverse("projects:agreement", args=[project.pk]),
        {"statements": "We listen\n\n  One voice at a time  \n"},
    )
    assert response.status_code == 302
    assert list(project.agreement.values_list("text", flat=True)) == ["We listen", "One voice at a time"]
    client.post(
        reverse("projects:jargon", args=[project.pk]),
        {"term": "EHCP", "meaning": "Education, health and care plan"},
    )
    assert project.jargon.get().term == "EHCP"
    assert client.get(reverse("projects:output_add", args=[project.pk])).status_code == 404
    assert client.get(reverse("projects:update_add", args=[project.pk])).status_code == 404


def test_a_co_lead_adds_and_changes_outputs_and_updates(client, db):
    project = accepted()
    user, _ = member_on(project, "co_lead")
    sign_in(client, user)
    url = reverse("projects:output_add", args=[project.pk])
    page = client.post(
        url, {"kind": "document", "title": "", "description": "x", "date_day": "1"}
    ).content.decode()
    assert "Enter a title" in page and "must include a month and year" in page
    data = {
        "kind": "decision",
        "title": "New charging policy",
        "description": "Agreed by cabinet.",
        "date_day": "3",
        "date_month": "2",
        "date_year": "2026",
        "link": "example.org/policy",
    }
    assert client.post(url, data).status_code == 302
    output = project.outputs.get()
    assert output.link == "https://example.org/policy"
    client.post(
        reverse("projects:output_edit", args=[project.pk, output.pk]), {**data, "title": "Fairer charging"}
    )
    output.refresh_from_db()
    assert output.title == "Fairer charging"
    client.post(
        reverse("projects:update_add", args=[project.pk]),
        {
            "you_said": "Forms are long",
            "we_did": "Cut to one page",
            "date_day": "1",
            "date_month": "3",
            "date_year": "2026",
        },
    )
    assert project.updates.get().we_did == "Cut to one page"


def test_agreement_rejects_an_overlong_statement(client, db):
    project = accepted()
    user, _ = member_on(project)
    sign_in(client, user)
    page = client.post(
        reverse("projects:agreement", args=[project.pk]), {"statements": "ok\n" + "x" * 201}
    ).content.decode()
    assert "line 2 is longer" in page and not project.agreement.exists()


def test_the_ladder_report_lists_target_and_achieved(officer_client):
    from coproduce.projects import services

    project = at_stage(Stage.REVIEWING, title="Respite review")
    services.rate_project(
        project, moment="close", rung=Rung.ENGAGING, evidence="Minutes", actor=officer_client.user
    )
    page = officer_client.get(reverse("projects_manage:report")).content.decode()
    assert "Respite review" in page and "Engaging" in page and "Below target" in page


def test_rating_page_refuses_before_review_and_requires_evidence(officer_client):
    project = at_stage(Stage.DELIVERING)
    url = reverse("projects_manage:rate", args=[project.pk])
    assert "when it reaches the reviewing stage" in officer_client.get(url).content.decode()
    project = at_stage(Stage.REVIEWING)
    url = reverse("projects_manage:rate", args=[project.pk])
    page = officer_client.post(url, {"moment": "review", "rung": "6", "evidence": ""}).content.decode()
    assert "Give the evidence for this rung" in page
    assert officer_client.post(url, {"moment": "review", "rung": "6", "evidence": "Notes"}).status_code == 302
    project.refresh_from_db()
    assert project.achieved_rung == Rung.CO_DESIGNING


def test_non_officers_cannot_reach_the_officers_pages(client, member):
    sign_in(client, member)
    assert client.get(reverse("projects_manage:list")).status_code == 403
    lead = UserFactory(roles=[Role.PROJECT_LEAD])
    sign_in(client, lead)
    assert client.get(reverse("projects_manage:list")).status_code == 403


def test_posting_to_a_request_already_dealt_with_changes_nothing(officer_client):
    from coproduce.projects import services

    project = requested()
    services.decline_request(project, reason="Out of scope.", actor=officer_client.user)
    response = officer_client.post(reverse("projects_manage:triage", args=[project.pk]), triage_post())
    page = response.content.decode()
    assert response.status_code == 200 and "This request has been dealt with" in page
    assert "There is a problem" not in page
    project.refresh_from_db()
    assert project.stage == Stage.DECLINED


def test_a_long_triage_queue_shows_the_fifty_waiting_longest_without_counting_them_all(officer_client):
    oldest = requested(title="Oldest request")
    for n in range(50):
        requested(title=f"Later request {n}")
    earlier = oldest.requested_at - datetime.timedelta(days=30)
    Project.objects.filter(pk=oldest.pk).update(requested_at=earlier)
    response = officer_client.get(reverse("projects_manage:list"))
    listing = response.content.decode()
    assert "Requests to triage (more than 50)" in listing and "The 50 waiting longest are shown." in listing
    assert len(response.context["queue"]) == 50 and "Oldest request" in listing


# The officers' list rows as its template wrote them before they were written in Python (decision 0011).
OLD_QUEUE_ROW = (
    '\n    <tr class="govuk-table__row">\n      <td class="govuk-table__cell"><a class="govuk-l'
    "ink\" href=\"{% if triages %}{% url 'projects_manage:triage' project.pk %}{% else %}{% url"
    " 'projects_manage:project' project.pk %}{% endif %}\">{{ project.title }}</a><br><span cl"
    'ass="govuk-body-s">{{ project.service_area.name }}</span></td>\n      <td class="govuk-ta'
    'ble__cell">{{ project.requested_by.display_name }}<br><span class="govuk-body-s">{{ proj'
    'ect.organisation.name }}</span></td>\n      <td class="govuk-table__cell">{{ project.requ'
    'ested_at|date:"j M Y" }}</td>\n      <td class="govuk-table__cell">{% if project.triage_s'
    'tate == "more_information" %}<strong class="govuk-tag govuk-tag--yellow">More informatio'
    'n asked for</strong>{% else %}<strong class="govuk-tag govuk-tag--blue">Awaiting triage<'
    "/strong>{% endif %}</td>\n    </tr>\n  "
)
OLD_PROJECT_ROW = (
    '\n    <tr class="govuk-table__row">\n      <td class="govuk-table__cell"><a class="govuk-l'
    'ink" href="{% url \'projects_manage:project\' project.pk %}">{{ project.title }}</a><br><s'
    'pan class="govuk-body-s">{{ project.service_area.name }}</span></td>\n      <td class="go'
    'vuk-table__cell"><strong class="govuk-tag {{ project.stage_tag_class }}">{{ project.get_'
    'stage_display }}</strong></td>\n      <td class="govuk-table__cell">{{ project.get_target'
    '_rung_display|default:"–" }}</td>\n      <td class="govuk-table__cell">{{ project.is_publ'
    'ished|yesno:"Yes,No" }}</td>\n    </tr>\n  '
)


@pytest.mark.parametrize("triages", [True, False])
def test_the_officers_list_rows_are_the_old_templates_markup(db, triages):
    from django.template import engines

    from coproduce.projects import selectors

    awkward = service_area('Care <& "homes">')
    lead = project_lead(full_name="Ann <O'Neil>", preferred_name="")
    asking = requested(title='Ask <b>&"more"', service_area=awkward, organisation=organisation("A & <B>"))
    asking.triage_state = TriageState.MORE_INFORMATION
    asking.save()
    requested(actor=lead, title="Plain")
    accepted(title='Run <i>&"now"', service_area=awkward)
    Project.objects.filter(title__startswith="Run").update(is_published=True)
    accepted(title="Untargeted")
    Project.objects.filter(title="Untargeted").update(target_rung=None)
    at_stage(Stage.CLOSED, title="Closed one")

    def old(template, project):
        return engines["django"].from_string(template).render({"project": project, "triages": triages})

    queue = Project.objects.filter(stage=Stage.REQUESTED).order_by("requested_at", "id")
    expected = [old(OLD_QUEUE_ROW, project) for project in queue]
    assert selectors.queue_rows(selectors.requests_waiting(51), triages=triages) == expected
    assert "&lt;O&#x27;Neil&gt;" in "".join(expected) and "A &amp; &lt;B&gt;" in "".join(expected)
    listed = Project.objects.exclude(stage=Stage.REQUESTED).order_by("title", "id")
    expected = [old(OLD_PROJECT_ROW, project) for project in listed]
    assert selectors.project_rows(selectors.projects_past_request()) == expected
    assert len(expected) == 3 and "govuk-tag--grey" in "".join(expected) and "Yes" in "".join(expected)
    assert '<td class="govuk-table__cell">–</td>' in "".join(expected)
