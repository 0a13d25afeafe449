from django.urls import reverse

from tests.conftest import sign_in


def test_it_needs_signing_in(client, db):
    response = client.get(reverse("accounts:account"))
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_it_shows_name_email_roles_and_links(client, officer):
    html = sign_in(client, officer).get(reverse("accounts:account")).content.decode()
    assert "Olu Officer" in html
    assert "officer@example.test" in html
    assert "Co-production officer" in html
    for name in ["accounts:change_password", "accounts:two_factor_reset", "accounts:sessions"]:
        assert f'href="{reverse(name)}"' in html
    assert 'href="/account/api-tokens/"' in html
    assert html.count("<h1") == 1


def test_it_offers_two_factor_set_up_to_people_without_it(client, member):
    html = sign_in(client, member).get(reverse("accounts:account")).content.decode()
    assert f'href="{reverse("accounts:two_factor_setup")}"' in html
    assert "Off" in html
