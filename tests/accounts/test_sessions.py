import datetime
import time

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.middleware import browser_session
from coproduce.accounts.models import Role, RoleGrant, UserSession
from coproduce.audit.models import AuditEvent
from tests.conftest import sign_in
from tests.factories import PASSWORD, UserFactory

from .conftest import last_event

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def signed_in_browser(user, user_agent, ip):
    browser = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)
    browser.post(reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD})
    return browser


def test_signing_in_records_the_browser(member):
    browser = signed_in_browser(member, FIREFOX, "192.0.2.44")
    row = UserSession.objects.get(session_key=browser.session.session_key)
    assert row.user == member
    assert row.user_agent == FIREFOX
    assert row.ip_address == "192.0.2.44"
    assert row.ended_at is None


def test_the_page_lists_where_you_are_signed_in(member):
    signed_in_browser(member, IPHONE, "198.51.100.23")
    here = signed_in_browser(member, FIREFOX, "192.0.2.44")
    html = here.get(reverse("accounts:sessions")).content.decode()
    assert "Where you&#x27;re signed in" in html or "Where you're signed in" in html
    assert "Firefox on Windows" in html
    assert "Safari on iPhone" in html
    assert "198.51.100.x" in html
    assert "198.51.100.23" not in html
    assert html.count("This device") == 1
    assert html.index("Firefox on Windows") < html.index("This device") < html.index("Safari on iPhone")


def test_activity_is_recorded_at_most_every_five_minutes(client, member):
    sign_in(client, member)
    row = UserSession.objects.get(session_key=client.session.session_key)
    recent = timezone.now() - datetime.timedelta(minutes=2)
    UserSession.objects.filter(pk=row.pk).update(last_seen_at=recent)
    client.get(reverse("accounts:account"))
    row.refresh_from_db()
    assert row.last_seen_at == recent

    stale = timezone.now() - datetime.timedelta(minutes=6)
    UserSession.objects.filter(pk=row.pk).update(last_seen_at=stale)
    client.get(reverse("accounts:account"))
    row.refresh_from_db()
    assert row.last_seen_at > stale + datetime.timedelta(minutes=5)


def test_a_session_whose_row_was_ended_is_signed_out(client, member):
    sign_in(client, member)
    UserSession.objects.filter(session_key=client.session.session_key).update(ended_at=timezone.now())
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_a_session_without_a_row_gets_one(client, member):
    sign_in(client, member)
    UserSession.objects.all().delete()
    client.get(reverse("accounts:account"))
    assert UserSession.objects.filter(session_key=client.session.session_key, user=member).exists()


def test_ending_one_session_signs_that_device_out(member):
    phone = signed_in_browser(member, IPHONE, "198.51.100.23")
    here = signed_in_browser(member, FIREFOX, "192.0.2.44")
    phone_key = phone.session.session_key
    row = UserSession.objects.get(session_key=phone_key)
    response = here.post(reverse("accounts:end_session", args=[row.pk]))
    assert response["Location"] == reverse("accounts:sessions")
    assert not Session.objects.filter(session_key=phone_key).exists()
    row.refresh_from_db()
    assert row.ended_at is not None
    assert phone.get(reverse("accounts:account")).status_code == 302
    assert here.get(reverse("accounts:account")).status_code == 200
    assert last_event("accounts.session_ended").actor_id == member.pk


def test_ending_all_other_sessions_keeps_this_one(member):
    others = [signed_in_browser(member, IPHONE, f"198.51.100.{n}") for n in range(3)]
    here = signed_in_browser(member, FIREFOX, "192.0.2.44")
    response = here.post(reverse("accounts:end_other_sessions"))
    assert response.status_code == 302
    assert all(other.get(reverse("accounts:account")).status_code == 302 for other in others)
    assert here.get(reverse("accounts:account")).status_code == 200
    assert UserSession.objects.filter(user=member, ended_at__isnull=True).count() == 1
    assert last_event("accounts.other_sessions_ended").actor_id == member.pk


def test_ending_sessions_needs_a_post(client, member):
    sign_in(client, member)
    assert client.get(reverse("accounts:end_other_sessions")).status_code == 405


def test_nobody_can_end_someone_elses_session(member, officer):
    theirs = signed_in_browser(officer, IPHONE, "198.51.100.23")
    mine = signed_in_browser(member, FIREFOX, "192.0.2.44")
    row = UserSession.objects.get(session_key=theirs.session.session_key)
    assert mine.post(reverse("accounts:end_session", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.ended_at is None


def test_the_current_session_cannot_be_ended_from_the_list(client, member):
    sign_in(client, member)
    row = UserSession.objects.get(session_key=client.session.session_key)
    assert client.post(reverse("accounts:end_session", args=[row.pk])).status_code == 404


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_back_office_session_ends_after_30_minutes_idle(client, officer):
    sign_in(client, officer)
    assert client.get(reverse("core:manage")).status_code == 200
    _age_session(client, seen_at=29 * 60)
    assert client.get(reverse("core:manage")).status_code == 200
    _age_session(client, seen_at=31 * 60)
    response = client.get(reverse("core:manage"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))
    assert "_auth_user_id" not in client.session
    assert UserSession.objects.get(user=officer).ended_at is not None
    assert AuditEvent.objects.filter(verb="accounts.session_expired", changed_fields=["idle"]).exists()


def test_a_back_office_session_ends_after_12_hours_however_active(client, officer):
    sign_in(client, officer)
    client.get(reverse("core:manage"))
    _age_session(client, started_at=12 * 3600 + 60, seen_at=10)
    response = client.get(reverse("core:manage"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_members_session_is_not_ended_after_30_minutes_idle(client, member):
    sign_in(client, member)
    client.get(reverse("accounts:account"))
    _age_session(client, seen_at=3 * 3600, started_at=13 * 3600)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_disabling_an_account_ends_its_sessions(client, member):
    sign_in(client, member)
    assert client.get(reverse("accounts:account")).status_code == 200
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in"))


def test_the_roles_come_with_the_browser_session_row(client, db):
    officer = UserFactory(roles=[Role.OFFICER, Role.FINANCE_APPROVER])
    sign_in(client, officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:account")).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "accounts_rolegrant"')]
    key = client.session.session_key
    officer.__dict__.pop("roles", None)
    assert browser_session(officer, key).user_id == officer.pk
    assert officer.roles == {Role.OFFICER, Role.FINANCE_APPROVER}
    # Someone with no role at all (the outer join's empty row), and a row that is not the user's.
    nobody = UserFactory(roles=[])
    nobody.__dict__.pop("roles", None)
    browser_session(nobody, key)
    assert "roles" not in nobody.__dict__
    UserSession.objects.filter(session_key=key).update(user=nobody)
    browser_session(nobody, key)
    assert nobody.roles == frozenset()


def test_a_role_taken_away_takes_effect_on_the_next_request(client, db):
    officer = UserFactory(roles=[Role.OFFICER])
    sign_in(client, officer)
    assert client.get(reverse("people_manage:directory")).status_code == 200
    RoleGrant.objects.filter(user=officer).delete()
    assert client.get(reverse("people_manage:directory")).status_code in (302, 403)
