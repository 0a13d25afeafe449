from django.urls import reverse

from coproduce.accounts.models import Role, User
from tests.factories import UserFactory

from .conftest import verbs

GOOD = {
    "full_name": "Sam Newcomer",
    "email": "Sam.Newcomer@Example.test",
    "new_password1": "plum orchard lantern",
    "new_password2": "plum orchard lantern",
}


def test_it_creates_a_member_account_signs_in_and_goes_on_to_join(client, db, outbox):
    response = client.post(reverse("accounts:sign_up"), GOOD)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:join_check")
    user = User.objects.get(email="sam.newcomer@example.test")
    assert int(client.session["_auth_user_id"]) == user.pk
    # The join carries straight on at its first question, with the name given here.
    first = client.get(response["Location"], follow=True)
    assert first.redirect_chain[-1][0] == reverse("people:join_name")
    assert "Sam Newcomer" in first.content.decode() and "you are signed in" in first.content.decode()
    assert user.full_name == "Sam Newcomer"
    assert user.check_password("plum orchard lantern")
    assert user.roles == {Role.MEMBER}
    assert user.email_confirmed_at is None
    assert len(outbox) == 1
    assert outbox[0].to == ["sam.newcomer@example.test"]
    assert "/account/confirm-email/" in outbox[0].body
    assert "accounts.signed_up" in verbs()


def test_it_refuses_passwords_shorter_than_12_characters(client, db):
    data = {**GOOD, "new_password1": "short pass", "new_password2": "short pass"}
    response = client.post(reverse("accounts:sign_up"), data)
    assert response.status_code == 200
    assert b"at least 12 characters" in response.content
    assert not User.objects.exists()


def test_it_refuses_common_passwords(client, db):
    data = {**GOOD, "new_password1": "password1234", "new_password2": "password1234"}
    response = client.post(reverse("accounts:sign_up"), data)
    assert b"too common" in response.content
    assert not User.objects.exists()


def test_it_has_no_composition_rules(client, db):
    data = {**GOOD, "new_password1": "alllowercaseletters", "new_password2": "alllowercaseletters"}
    assert client.post(reverse("accounts:sign_up"), data).status_code == 302
    assert User.objects.filter(email="sam.newcomer@example.test").exists()


def test_it_refuses_passwords_that_do_not_match(client, db):
    data = {**GOOD, "new_password2": "something else entirely"}
    response = client.post(reverse("accounts:sign_up"), data)
    assert b"The passwords do not match" in response.content
    assert not User.objects.exists()


def test_it_keeps_what_was_typed_but_never_the_password(client, db):
    data = {**GOOD, "new_password2": "something else entirely"}
    html = client.post(reverse("accounts:sign_up"), data).content.decode()
    assert 'value="Sam Newcomer"' in html
    assert 'value="Sam.Newcomer@Example.test"' in html
    assert "plum orchard lantern" not in html
    assert "something else entirely" not in html
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_new_password2"' in html


def test_it_uses_autocomplete_attributes(client, db):
    html = client.get(reverse("accounts:sign_up")).content.decode()
    assert 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2


def test_it_does_not_reveal_that_an_email_already_has_an_account(client, db, outbox):
    from django.test import Client

    UserFactory(email="taken@example.test", full_name="Existing Owner")
    fresh = Client().post(reverse("accounts:sign_up"), {**GOOD, "email": "fresh@example.test"})
    taken = client.post(reverse("accounts:sign_up"), {**GOOD, "email": "TAKEN@example.test"})
    assert fresh.status_code == taken.status_code == 302
    assert fresh["Location"] == taken["Location"]
    assert User.objects.filter(email="taken@example.test").get().full_name == "Existing Owner"
    assert User.objects.filter(email="taken@example.test").count() == 1
    note = outbox[-1]
    assert note.to == ["taken@example.test"]
    assert "Someone tried" in note.subject
    assert "confirm-email" not in note.body


def test_check_your_email_page_explains_what_to_do(client, db):
    response = client.get(reverse("accounts:check_email"))
    assert b"Check your email" in response.content
    assert b"3 days" in response.content


def test_signed_in_people_are_sent_to_their_account(client, member):
    from tests.conftest import sign_in

    response = sign_in(client, member).get(reverse("accounts:sign_up"))
    assert response["Location"] == reverse("accounts:account")
