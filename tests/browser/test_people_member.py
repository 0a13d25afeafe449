"""A new member walks the whole join journey, then uses their profile page: axe runs on every page."""

import pytest
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.people.models import LivedExperienceArea, Person

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def _continue(page):
    submit(page, page.locator("main").get_by_role("button", name="Continue"))


def test_a_member_joins_the_network_and_manages_their_profile(page, person):
    area = LivedExperienceArea.objects.filter(active=True).first() or LivedExperienceArea.objects.create(
        name="Mental health"
    )
    user, _ = person(Role.MEMBER, email="newcomer@example.test", full_name="New Comer")
    sign_in(page, user)
    visit(page, reverse("accounts:account"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Complete your profile to join the network"))
    submit(page, page.locator("main").get_by_role("button", name="Start now"))

    main = page.locator("main")
    main.get_by_label("Full name").fill("New Comer")
    main.get_by_label("What would you like us to call you? (optional)").fill("Nico")
    _continue(page)

    # An error is shown with a summary and the page keeps what was typed.
    main.get_by_label("Phone number (optional)").fill("07700 900982")
    _continue(page)
    assert page.title().startswith("Error: ")
    assert main.get_by_label("Phone number (optional)").input_value() == "07700 900982"
    assert main.get_by_label("Email address (optional)").input_value() == "newcomer@example.test"
    main.get_by_label("Text message").check()
    _continue(page)

    main.get_by_label("Large print").check()
    _continue(page)
    main.get_by_label("Step-free access").check()
    main.get_by_label("Anything else we should know? (optional)").fill("A chair with arms")
    _continue(page)
    main.get_by_role("group", name="Do you have a support person or carer?").get_by_label("No").check()
    _continue(page)
    main.get_by_label(area.name).check()
    _continue(page)
    _continue(page)  # interests are optional
    main.get_by_label("Tuesday").check()
    main.get_by_label("Online").check()
    _continue(page)
    main.get_by_label("A voucher").check()
    main.get_by_label("Prefer not to say").check()
    assert "independent benefits advice" in main.inner_text()
    _continue(page)

    assert not main.locator("input[type=radio]:checked").count(), "no consent answer may be chosen in advance"
    for group in main.locator("fieldset").all():
        group.get_by_label("No").check()
    main.get_by_role("group", name="Contact me about opportunities to get involved").get_by_label(
        "Yes"
    ).check()
    _continue(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    assert "A chair with arms" in main.inner_text()
    submit(page, main.get_by_role("link", name="Change your name"))
    assert main.get_by_label("Full name").input_value() == "New Comer"
    main.get_by_label("Full name").fill("Nico Comer")
    _continue(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    submit(page, main.get_by_role("button", name="Accept and join"))
    assert "You have joined the network" in main.inner_text()
    assert Person.objects.get(user=user).full_name == "Nico Comer"

    submit(page, page.get_by_role("link", name="Your profile").first)
    assert page.get_by_role("heading", level=1).inner_text() == "Your profile"
    assert "Nothing is recorded yet" in main.inner_text()
    submit(page, main.get_by_role("link", name="Change contact details"))
    submit(page, main.get_by_role("button", name="Save changes"))
    submit(page, main.get_by_role("link", name="Change what you agree to"))
    submit(page, main.get_by_role("button", name="Save your choices"))
    visit(page, reverse("people:me_download"))
    visit(page, reverse("people:me_delete"))
    submit(page, main.get_by_role("button", name="Delete my account"))
    assert page.title().startswith("Error: ")
