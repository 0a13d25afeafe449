"""Every URL declares who may open it, and every role gets exactly what the declared policy says.

The patterns are read from the URL configuration, so a URL added anywhere is checked without editing this:
- it fails the build until its view declares a policy (``@access(...)`` or ``access_policy = ...``);
- it is requested as anonymous, as a user holding each single role, as a user holding several roles and as
  a superuser; the response must match ``policy.allows(user)``.

A URL with parameters is requested with sample values (``1`` for ints and strings, a fixed UUID); a view
that cannot find object 1 answers 404, which still shows the policy let the request through. Give a URL
better values in SAMPLE_KWARGS, or (rarely, with a reason) list it in NOT_REQUESTED.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize
from rest_framework.test import APIClient

from coproduce.accounts.models import Role
from coproduce.core.access import Policy, PolicyPermission, is_api_view, policy_for_view
from tests.conftest import sign_in
from tests.factories import UserFactory, totp_device


def _totp_device_id():
    return totp_device(UserFactory()).pk


def _sample_person_id():
    from coproduce.people.models import Person

    return Person.objects.create(full_name="Sample Person").pk


def _sample_project_id():
    from tests.projects.factories import accepted

    return accepted().pk


def _sample_published_slug():
    from coproduce.projects.services import set_publishing
    from tests.projects.factories import accepted

    project = accepted()
    return set_publishing(
        project, is_published=True, sections=["about", "team"], actor=project.requested_by
    ).slug


def _sample_opportunity_id():
    from tests.opportunities.factories import OpportunityFactory

    return OpportunityFactory().pk


def _sample_meeting_id():
    """A board meeting that started an hour ago, with someone registered: organisers' pages render fully."""
    import datetime

    from django.utils import timezone

    from coproduce.meetings.models import Body, Meeting, Registration, Venue
    from coproduce.people.models import Person

    organiser = UserFactory(roles=[Role.OFFICER])
    start = timezone.now() - datetime.timedelta(hours=1)
    meeting = Meeting.objects.create(
        body=Body.objects.get(slug="board"),
        title="Sample board meeting",
        purpose="Sample",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue=Venue.objects.create(name="Sample venue", address="1 Sample Street"),
        organiser=organiser,
        created_by=organiser,
    )
    Registration.objects.create(
        meeting=meeting, person=Person.objects.create(full_name="Sample"), status="registered"
    )
    return meeting.pk


def _sample_action_id():
    from coproduce.meetings.models import Action, Meeting
    from coproduce.people.models import Person

    meeting = Meeting.objects.get(pk=_sample_meeting_id())
    return Action.objects.create(
        meeting=meeting,
        body=meeting.body,
        description="Sample",
        owner=Person.objects.create(full_name="Owner"),
        created_by=meeting.organiser,
    ).pk


def _sample_agenda_item_id():
    from coproduce.meetings.models import AgendaItem

    return AgendaItem.objects.create(meeting_id=_sample_meeting_id(), title="Sample item").pk


def _sample_paper_id():
    from coproduce.meetings.models import Meeting, Paper

    meeting = Meeting.objects.get(pk=_sample_meeting_id())
    return Paper.objects.create(
        meeting=meeting,
        title="Sample paper",
        file="meetings/papers/sample.pdf",
        original_name="sample.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=meeting.organiser,
    ).pk


def _sample_decision_id():
    from coproduce.meetings import services
    from coproduce.meetings.models import Meeting

    meeting = Meeting.objects.get(pk=_sample_meeting_id())
    return services.add_decision(meeting, "Sample decision", actor=meeting.organiser).pk


def _sample_venue_id():
    from coproduce.meetings.models import Venue

    return Venue.objects.create(name="Sample venue", address="1 Sample Street").pk


def _sample_payment_batch_id():
    from coproduce.payments.models import PaymentBatch

    return PaymentBatch.objects.create(
        reference=f"PB-SAMPLE-{uuid.uuid4().hex[:8]}", created_by=UserFactory()
    ).pk


# Values for URL parameters that the generic samples cannot satisfy, keyed by URL name (or route if unnamed):
# a string, or a function that builds the object the page needs and returns its id.
SAMPLE_KWARGS: dict[str, dict[str, str | Callable[[], object]]] = {
    "admin:app_list": {"app_label": "auth"},
    # django-otp's admin pages crash (DoesNotExist) for a device that does not exist.
    "admin:otp_totp_totpdevice_config": {"pk": _totp_device_id},
    "admin:otp_totp_totpdevice_qrcode": {"pk": _totp_device_id},
    "people_manage:equality_answers": {"pk": _sample_person_id},
    "people_manage:record": {"pk": _sample_person_id},
    "people_manage:edit_section": {"pk": _sample_person_id, "section": "contact"},
    "people_manage:add_note": {"pk": _sample_person_id},
    "people_manage:change_consent": {"pk": _sample_person_id},
    "api:person-detail": {"pk": _sample_person_id},
    "opportunities:detail": {"pk": _sample_opportunity_id},
    "opportunities:express_interest": {"pk": _sample_opportunity_id},
    "opportunities_manage:detail": {"pk": _sample_opportunity_id},
    "opportunities_manage:edit": {"pk": _sample_opportunity_id},
    "opportunities_manage:on_behalf": {"pk": _sample_opportunity_id},
    "opportunities_manage:selection": {"pk": _sample_opportunity_id},
    "opportunities_manage:invite": {"pk": _sample_opportunity_id, "person_pk": _sample_person_id},
    "api:opportunity-detail": {"pk": _sample_opportunity_id},
    "api:opportunity-expressions": {"pk": _sample_opportunity_id},
    "people_manage:permission_edit": {"user_id": lambda: UserFactory(roles=[Role.OFFICER]).pk},
    "projects:public_detail": {"slug": _sample_published_slug},
    **{
        f"projects_manage:{name}": {"pk": _sample_project_id}
        for name in ("project", "triage", "stage", "team", "rate", "publishing")
    },
    "api:project-detail": {"pk": _sample_project_id},
    "api:project-publishing": {"pk": _sample_project_id},
    "api:project-agreement": {"pk": _sample_project_id},
    **{
        f"api:project-{name}-list": {"project_pk": _sample_project_id}
        for name in ("rating", "output", "update", "jargon")
    },
    "api:opportunity-invitations": {"pk": _sample_opportunity_id},
    **{
        f"meetings_manage:{name}": {"pk": _sample_meeting_id}
        for name in (
            "overview",
            "edit",
            "cancel",
            "invite",
            "agenda_add",
            "paper_add",
            "support",
            "attendance",
            "minutes",
            "decision_add",
            "action_add",
            "agenda",
            "on_behalf",
        )
    },
    **{
        f"meetings_manage:agenda_{name}": {"pk": _sample_agenda_item_id}
        for name in ("edit", "delete", "move")
    },
    "meetings_manage:paper_edit": {"pk": _sample_paper_id},
    "meetings_manage:paper_delete": {"pk": _sample_paper_id},
    "meetings_manage:action_edit": {"pk": _sample_action_id},
    "meetings_manage:venue_edit": {"pk": _sample_venue_id},
    "meetings:detail": {"pk": _sample_meeting_id},
    "meetings:reply": {"pk": _sample_meeting_id},
    "meetings:calendar_file": {"pk": _sample_meeting_id},
    "meetings:update_action": {"pk": _sample_action_id},
    "meetings:body_meetings": {"key": "board"},
    "meetings_manage:body_members": {"slug": "board"},
    "meetings_manage:body_member_add": {"slug": "board"},
    "meetings_manage:body_member_remove": {"slug": "board"},
    "meetings:body_actions": {"key": "board"},
    "meetings:body_decisions": {"key": "board"},
    "api:meeting-detail": {"pk": _sample_meeting_id},
    "api:meeting-registrations": {"pk": _sample_meeting_id},
    "api:meeting-attendance": {"pk": _sample_meeting_id},
    "api:decision-detail": {"pk": _sample_decision_id},
    "api:action-detail": {"pk": _sample_action_id},
    "payments_manage:add_rate": {"kind": "activity"},
    "payments_manage:batch": {"pk": _sample_payment_batch_id},
    "payments_manage:batch_export": {"pk": _sample_payment_batch_id, "file_kind": "bank"},
    "payments_manage:person": {"pk": _sample_person_id},
    "payments_manage:change_choice": {"pk": _sample_person_id},
    "payments_manage:start_claim_for": {"pk": _sample_person_id},
    "payments_manage:change_bank": {"pk": _sample_person_id},
}

# URLs the matrix does not request (their policy is still checked by the first test). Keep this short.
NOT_REQUESTED: dict[str, str] = {
    "admin:autocomplete": (
        "Django's autocomplete view itself answers 403 unless the query names a model field that an admin "
        "declares in autocomplete_fields, and none does"
    ),
}

SAMPLE_BY_CONVERTER = {IntConverter: "1", UUIDConverter: str(uuid.UUID(int=1))}


@dataclass(frozen=True)
class Endpoint:
    key: str  # "namespace:name", or the route when the pattern has no name
    route: str
    namespace: str
    callback: object
    chain: tuple  # the pattern objects from the root include down to the URLPattern

    @property
    def policy(self) -> Policy | None:
        return policy_for_view(self.callback, self.namespace)

    @property
    def is_api(self) -> bool:
        return is_api_view(self.callback)


def _walk(patterns, chain=(), namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, (*chain, entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            full_chain = (*chain, entry.pattern)
            route = "".join(str(part) for part in full_chain)
            key = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
            yield Endpoint(key, route, namespace, entry.callback, full_chain)


@cache
def endpoints() -> tuple[Endpoint, ...]:
    return tuple(_walk(get_resolver().url_patterns))


def _sample_value(endpoint: Endpoint, name: str, converter, *, build_objects: bool) -> str:
    override = SAMPLE_KWARGS.get(endpoint.key, {}).get(name)
    if callable(override):
        return str(override()) if build_objects else "1"
    return override or SAMPLE_BY_CONVERTER.get(type(converter), "1")


def _sample_path(endpoint: Endpoint, *, build_objects: bool = False) -> str | None:
    """A path that resolves to this very pattern, or None if the samples cannot reach it."""
    path = "/"
    for part in endpoint.chain:
        converters = getattr(part, "converters", {})
        template, params = normalize(part.regex.pattern)[0]
        values = {
            name: _sample_value(endpoint, name, converters.get(name), build_objects=build_objects)
            for name in params
        }
        path += template % values
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return path if match.func is endpoint.callback else None


# --- Every URL declares a policy ------------------------------------------------------------------------


def test_every_url_declares_an_access_policy():
    missing = [f"{e.key} ({e.route})" for e in endpoints() if e.policy is None]
    assert not missing, "These URLs have no access policy; add @access(...) or access_policy:\n" + "\n".join(
        missing
    )


def test_every_api_view_declares_its_own_policy_and_enforces_it():
    problems = []
    api_endpoints = [e for e in endpoints() if e.is_api]
    assert api_endpoints, "expected the API to have endpoints"
    for endpoint in api_endpoints:
        view_class = endpoint.callback.cls
        if not isinstance(getattr(view_class, "access_policy", None), Policy):
            problems.append(f"{endpoint.key}: {view_class.__name__} has no access_policy")
        permissions = view_class().get_permissions()
        if not any(isinstance(permission, PolicyPermission) for permission in permissions):
            problems.append(f"{endpoint.key}: {view_class.__name__} does not use PolicyPermission")
    assert not problems, "\n".join(problems)


def test_django_admin_is_for_superusers_only():
    admin = [e for e in endpoints() if e.namespace == "admin"]
    assert admin
    assert {e.policy.name for e in admin} == {"superusers (data repair only)"}


def test_every_url_is_requested_by_the_matrix_or_listed_with_a_reason():
    unreachable = [
        f"{e.key} ({e.route})" for e in endpoints() if e.key not in NOT_REQUESTED and _sample_path(e) is None
    ]
    assert not unreachable, (
        "The matrix cannot build a URL for these; add SAMPLE_KWARGS for them:\n" + "\n".join(unreachable)
    )
    stale = set(NOT_REQUESTED) - {e.key for e in endpoints()}
    assert not stale, f"NOT_REQUESTED lists URLs that no longer exist: {sorted(stale)}"


# --- The role matrix --------------------------------------------------------------------------------------

IDENTITIES = [
    "anonymous",
    *Role.values,
    "several roles",
    "superuser",
]


def _make_user(identity):
    if identity == "anonymous":
        return AnonymousUser()
    if identity == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    roles = [Role.MEMBER, Role.OFFICER, Role.FINANCE_APPROVER] if identity == "several roles" else [identity]
    return UserFactory(roles=roles)


class PageVisitor:
    """A browser session for one identity, signed in again if a page ends the session."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.signed_in = False

    def get(self, path):
        if self.user.is_authenticated and not self._still_signed_in():
            sign_in(self.client, self.user, verified=True)
            self.signed_in = True
        return self.client.get(path)

    def _still_signed_in(self) -> bool:
        session = self.client.session
        if not self.signed_in or session.get("_auth_user_id") != str(self.user.pk):
            return False
        return not self.user.requires_two_factor or "otp_device_id" in session


def _api_get(user, path):
    client = APIClient()
    if user.is_authenticated:
        client.force_authenticate(user)
    return client.get(path)


def _is_sign_in_redirect(response, path) -> bool:
    """Sent to sign in, to come back here afterwards: how the policy turns away anonymous visitors.

    (A page may also send someone to the sign-in page on its own terms, e.g. the two-factor step when no
    sign-in is under way; that is the page's behaviour, not a refusal, and carries no `next`.)
    """
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    location = urlsplit(response["Location"])
    return location.path == reverse(settings.LOGIN_URL) and parse_qs(location.query).get("next") == [path]


def _refused_by_middleware(response) -> bool:
    return (
        response.status_code == 403
        and bool(getattr(response, "context", None))
        and "reason" in response.context
    )


def _verdict(endpoint, user, path, response) -> str | None:
    """Why `response` contradicts the policy for `user`, or None when it agrees."""
    allowed = endpoint.policy.allows(user)
    if endpoint.is_api:
        refused = response.status_code in (401, 403)
    elif endpoint.namespace == "admin":
        # Django admin applies its own per-model permissions after our policy (read-only admins answer 403
        # to "add" even for a superuser), so only the policy's own refusal counts here.
        refused = _refused_by_middleware(response) or _is_sign_in_redirect(response, path)
    else:
        refused = response.status_code == 403 or _is_sign_in_redirect(response, path)
    if allowed and refused:
        return f"policy allows, but the response was {response.status_code} {response.get('Location', '')}"
    if not allowed and not refused:
        return f"policy refuses, but the response was {response.status_code}"
    if (
        not allowed
        and not endpoint.is_api
        and not user.is_authenticated
        and not _is_sign_in_redirect(response, path)
    ):
        return f"anonymous visitors should be sent to sign in, got {response.status_code}"
    return None


@pytest.mark.parametrize("identity", IDENTITIES)
def test_each_identity_gets_exactly_what_each_policy_says(db, identity):
    user = _make_user(identity)
    visitor = PageVisitor(user)
    mismatches = []
    for endpoint in endpoints():
        if endpoint.key in NOT_REQUESTED:
            continue
        path = _sample_path(endpoint, build_objects=True)
        assert path is not None, f"no sample URL for {endpoint.key}"
        try:
            response = _api_get(user, path) if endpoint.is_api else visitor.get(path)
        except Exception as error:  # noqa: BLE001 - a crash is reported like any other mismatch
            mismatches.append(f"{endpoint.key} GET {path}: raised {error!r}")
            continue
        problem = _verdict(endpoint, user, path, response)
        if problem:
            mismatches.append(f"{endpoint.key} GET {path} [{endpoint.policy}]: {problem}")
    assert not mismatches, f"As {identity}:\n" + "\n".join(mismatches)


def test_the_matrix_sees_both_outcomes_for_every_identity(db):
    """Guard against a matrix that passes because every policy says yes (or no) to everyone."""
    for identity in IDENTITIES:
        user = _make_user(identity)
        outcomes = {e.policy.allows(user) for e in endpoints()}
        assert outcomes == {True, False}, identity
