import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.accounts.models import Role, RoleGrant
from coproduce.accounts.services import LastAdministratorError, grant_role, revoke_role
from tests.conftest import sign_in
from tests.factories import UserFactory

from .conftest import last_event

LIST = "/manage/accounts/"


def roles_url(user):
    return reverse("accounts_manage:roles", args=[user.pk])


def test_it_is_mounted_under_manage():
    assert reverse("accounts_manage:list") == LIST


def test_members_and_officers_are_refused(client, member, officer):
    assert sign_in(client, member).get(LIST).status_code == 403
    client.logout()
    assert sign_in(client, officer).get(LIST).status_code == 403


def test_administrators_must_have_verified_two_factor(client, administrator):
    response = sign_in(client, administrator, verified=False).get(LIST)
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_the_menu_shows_accounts_to_administrators_only(client, administrator, officer):
    html = sign_in(client, administrator).get("/").content.decode()
    assert f'href="{LIST}"' in html
    client.logout()
    assert f'href="{LIST}"' not in sign_in(client, officer).get("/").content.decode()


def test_it_lists_and_searches_accounts(client, administrator, member, officer):
    sign_in(client, administrator)
    html = client.get(LIST).content.decode()
    assert "Morgan Member" in html and "Olu Officer" in html
    html = client.get(LIST, {"q": "OLU"}).content.decode()
    assert "Olu Officer" in html and "Morgan Member" not in html
    html = client.get(LIST, {"q": "member@example"}).content.decode()
    assert "Morgan Member" in html and "Olu Officer" not in html


def test_it_paginates(client, administrator):
    UserFactory.create_batch(30, roles=[Role.MEMBER])
    sign_in(client, administrator)
    first = client.get(LIST).content.decode()
    assert "Page 1 of 2" in first
    assert client.get(LIST, {"page": "2"}).status_code == 200
    assert client.get(LIST, {"page": "999"}).status_code == 200
    assert client.get(LIST, {"page": "nonsense"}).status_code == 200


def test_the_list_costs_the_same_number_of_queries_whatever_the_number_of_accounts(client, administrator):
    sign_in(client, administrator)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    UserFactory.create_batch(20, roles=[Role.MEMBER, Role.CHAMPION])
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


def test_an_administrator_grants_and_revokes_roles_with_audit(client, administrator, member):
    sign_in(client, administrator)
    response = client.post(roles_url(member), {"roles": [Role.MEMBER, Role.CHAMPION]})
    assert response["Location"] == roles_url(member)
    assert set(RoleGrant.objects.filter(user=member).values_list("role", flat=True)) == {"member", "champion"}
    grant = RoleGrant.objects.get(user=member, role=Role.CHAMPION)
    assert grant.granted_by == administrator
    event = last_event("accounts.role_granted.champion")
    assert event.actor_id == administrator.pk and event.object_id == str(member.pk)

    client.post(roles_url(member), {"roles": [Role.CHAMPION]})
    assert set(RoleGrant.objects.filter(user=member).values_list("role", flat=True)) == {"champion"}
    assert last_event("accounts.role_revoked.member").actor_id == administrator.pk


def test_the_last_administrator_cannot_be_removed(client, administrator):
    sign_in(client, administrator)
    response = client.post(roles_url(administrator), {"roles": [Role.MEMBER]})
    assert response.status_code == 200
    assert b"there must be at least one administrator" in response.content
    assert administrator.has_role(Role.ADMINISTRATOR)
    assert RoleGrant.objects.filter(user=administrator, role=Role.ADMINISTRATOR).exists()
    assert not RoleGrant.objects.filter(user=administrator, role=Role.MEMBER).exists()  # all or nothing


def test_an_administrator_can_step_down_when_another_remains(administrator, user_with_role):
    other = user_with_role(Role.ADMINISTRATOR)
    assert revoke_role(administrator, Role.ADMINISTRATOR, actor=other)
    with pytest.raises(LastAdministratorError):
        revoke_role(other, Role.ADMINISTRATOR, actor=other)


def test_granting_an_unknown_role_is_refused(client, administrator, member):
    sign_in(client, administrator)
    response = client.post(roles_url(member), {"roles": ["emperor"]})
    assert response.status_code == 200
    assert b"Select roles from the list" in response.content
    with pytest.raises(ValueError):
        grant_role(member, "emperor", actor=administrator)


def test_an_unknown_account_is_not_found(client, administrator):
    sign_in(client, administrator)
    assert client.get("/manage/accounts/999999/").status_code == 404
