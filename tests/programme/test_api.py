"""The programme API follows the page rules and refuses what the pages refuse, by field."""

import datetime

from coproduce.accounts.models import Role
from coproduce.programme.models import BoardTerm, Challenge, Recruitment, Signature
from tests.api.conftest import api_client, token_for  # noqa: F401  (fixtures)
from tests.opportunities.factories import OpportunityFactory

from . import factories as f

DAY = datetime.timedelta(days=1)


def test_the_programme_summary_is_for_the_team_and_the_board(as_user, db, board_cochair, member):
    f.programme()
    body = as_user(board_cochair).get("/api/programme/").json()
    assert [s["shift"] for s in body["shifts"]][0] == "senior_commitment"
    assert body["money"] == {"committed": "0.00", "paid": "0.00"}
    assert as_user(member).get("/api/programme/").status_code == 403


def test_a_board_member_raises_a_challenge_and_a_past_date_is_refused_by_field(as_user, db, board_cochair):
    project = f.project()
    client = as_user(board_cochair)
    data = {"project": project.pk, "kind": "question", "text": "Who took part?"}
    data["respond_by"] = str(f.today() - DAY)
    response = client.post("/api/board/challenges/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"respond_by": "The date for a response must be today or in the future"}
    data["respond_by"] = str(f.today() + 7 * DAY)
    assert client.post("/api/board/challenges/", data, format="json").status_code == 201
    assert Challenge.objects.get().raised_by == board_cochair


def test_only_the_lead_responds_and_a_closed_challenge_is_a_conflict(as_user, db, board_cochair, officer):
    challenge = f.challenge()
    lead = challenge.lead
    lead.role_grants.get_or_create(role=Role.PROJECT_LEAD)
    url = f"/api/board/challenges/{challenge.pk}/"
    assert as_user(board_cochair).post(f"{url}respond/", {"response": "x"}, format="json").status_code == 403
    lead_client = as_user(lead)
    assert lead_client.get("/api/board/challenges/").json()["count"] == 1
    assert lead_client.post(f"{url}respond/", {"response": "We did"}, format="json").status_code == 200
    outcome = as_user(officer).post(f"{url}outcome/", {"outcome": "accepted"}, format="json")
    assert outcome.status_code == 200 and outcome.json()["status"] == "closed"
    again = as_user(officer).post(f"{url}outcome/", {"outcome": "closed"}, format="json")
    assert again.status_code == 409


def test_terms_are_refused_when_they_end_before_they_start(as_user, db, officer):
    who = f.person(email="rhiannon@example.test")
    data = {"email": who.email, "role": "lived", "starts_on": str(f.today()), "ends_on": str(f.today() - DAY)}
    response = as_user(officer).post("/api/board/terms/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"ends_on": "The term must end after it starts"}
    assert not BoardTerm.objects.exists()
    data["ends_on"] = str(f.today() + 365 * DAY)
    assert as_user(officer).post("/api/board/terms/", data, format="json").status_code == 201


def test_the_concordat_is_public_and_a_second_signature_is_refused(as_user, api_client, db):  # noqa: F811
    f.concordat()
    assert api_client.get("/api/concordat/versions/").json()["results"][0]["number"] == 1
    user, who = f.member_with_profile()
    client = as_user(user)
    assert client.post("/api/concordat/sign/", {"listed": True}, format="json").status_code == 201
    second = client.post("/api/concordat/sign/", {"listed": True}, format="json")
    assert second.status_code == 400 and "already signed" in second.json()["name"]
    assert Signature.objects.count() == 1
    assert api_client.get("/api/concordat/versions/1/signatories/").json()[0]["name"] == who.full_name


def test_recruitment_names_the_opportunity_and_the_observed_meeting_and_is_kept_by_the_keepers(
    as_user, db, officer, member
):
    advert = OpportunityFactory(title="Join the co-production board")
    observed = f.board_meeting(days=-2, actor=officer)
    who = f.person(email="ffion@example.test")
    client = as_user(officer)
    data = {"email": who.email, "interest_on": str(f.today() + DAY), "opportunity": advert.pk}
    response = client.post("/api/board/recruitment/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"interest_on": "The date they expressed interest must be today or in the past"}
    data["interest_on"] = str(f.today() - 5 * DAY)
    created = client.post("/api/board/recruitment/", data, format="json")
    assert created.status_code == 201 and created.json()["opportunity"] == advert.pk
    url = f"/api/board/recruitment/{created.json()['id']}/step/"
    wrong = client.post(url, {"on": str(f.today()), "meeting": observed.pk + 1000}, format="json")
    assert wrong.status_code == 400 and "meeting" in wrong.json()
    step = client.post(url, {"on": str(f.today()), "meeting": observed.pk}, format="json")
    assert step.status_code == 200
    assert (step.json()["step"], step.json()["observed_meeting"]) == ("observed", observed.pk)
    assert Recruitment.objects.get().observed_meeting == observed
    assert as_user(member).get("/api/board/recruitment/").status_code == 403
