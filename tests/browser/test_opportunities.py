"""Opportunities in the browser: a visitor browses and reads one; a member says they are interested (with an
error first) and sees their applications; an officer advertises and publishes, sees matches, invites by
letter and prints it, and chooses people with and without JavaScript. axe runs on every page."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.accounts.models import Role
from coproduce.notifications.choices import Channel
from coproduce.notifications.models import Message
from coproduce.opportunities.choices import InterestStatus, Mode
from coproduce.opportunities.models import ExpressionOfInterest, Opportunity
from coproduce.people.models import LivedExperienceArea, Person
from tests.opportunities.factories import InterestFactory, OpportunityFactory, PersonFactory, ProjectFactory

from .support import screenshot, sign_in, submit, visit

pytestmark = pytest.mark.browser


def _area(name="Unpaid carer"):
    return LivedExperienceArea.objects.get_or_create(name=name)[0]


def test_a_visitor_browses_filters_and_reads_an_opportunity_on_a_phone(new_context):
    OpportunityFactory(title="Join the co-production board", mode=Mode.HYBRID, project=None)
    OpportunityFactory(
        title="Reading panel", mode=Mode.ONLINE, other_ways_detail="Phone Sam on 01632 960 001"
    )
    page = new_context(viewport={"width": 375, "height": 740}).new_page()
    visit(page, reverse("opportunities:list"))
    main = page.locator("main")
    main.get_by_label("Taking part").select_option("in_person")
    submit(page, main.get_by_role("button", name="Apply filters"))
    assert "Join the co-production board" in main.inner_text() and "Reading panel" not in main.inner_text()
    submit(page, main.get_by_role("link", name="Clear filters"))
    submit(page, main.get_by_role("link", name="Reading panel"))
    text = main.inner_text()
    assert "Other ways to say you are interested" in text and "Phone Sam on 01632 960 001" in text
    assert "£25.00 per session" in text
    screenshot(page, "opportunity-phone")


def test_a_member_says_they_are_interested_then_withdraws(page, person):
    user, _ = person(Role.MEMBER, full_name="Mina Member")
    Person.objects.create(user=user, full_name="Mina Member", email=user.email, access_needs=["breaks"])
    opportunity = OpportunityFactory(title="Design group member")
    sign_in(page, user)
    visit(page, reverse("opportunities:detail", args=[opportunity.pk]))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Say you are interested"))
    assert main.get_by_label("Regular breaks").is_checked()
    main.get_by_label("Why are you interested?").fill("I go to the day centre")
    submit(page, main.get_by_role("button", name="Send"))
    assert page.title().startswith("Error: ")
    assert main.get_by_label("Why are you interested?").input_value() == "I go to the day centre"
    main.get_by_label("What would you bring?").fill("Ideas about transport")
    main.get_by_label("Email").check()
    submit(page, main.get_by_role("button", name="Send"))
    assert "Waiting for a decision" in main.inner_text()
    visit(page, reverse("opportunities:applications"))
    submit(page, main.get_by_role("link", name="Design group member"))
    submit(page, main.get_by_role("link", name="Withdraw"))
    submit(page, main.get_by_role("button", name="Yes, withdraw"))
    assert ExpressionOfInterest.objects.get().status == InterestStatus.WITHDRAWN


def test_an_officer_advertises_publishes_and_invites_by_letter(page, person):
    officer, device = person(Role.OFFICER)
    area = _area()
    PersonFactory(
        full_name="Larry Letter",
        email="",
        lived_experience=[area],
        address="3 Quarry Way\nSloeby",
        available_days=["tue", "wed"],
    )
    PersonFactory(full_name="Mona Mondays", lived_experience=[area], available_days=["mon"])
    sign_in(page, officer, device=device)
    visit(page, reverse("opportunities_manage:list"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name="Advertise an opportunity"))
    main.get_by_label("Role title").fill("Carers reference group")
    main.get_by_label("What you would do").fill("Tell us what carers need from respite services.")
    main.get_by_label("Time commitment").fill("2 hours a month")
    main.get_by_label("Online", exact=True).check()
    main.get_by_label("per hour").check()
    main.get_by_label("Amount in pounds").fill("twenty")
    main.get_by_label("Number of places").fill("5")
    closes = timezone.localdate() + datetime.timedelta(days=30)
    closing = main.get_by_role("group", name="Closing date")
    closing.get_by_label("Day").fill(str(closes.day))
    closing.get_by_label("Month").fill(str(closes.month))
    closing.get_by_label("Year").fill(str(closes.year))
    main.get_by_label(area.name).check()
    main.get_by_role("group", name="Days it runs (optional)").get_by_label("Tuesday").check()
    main.get_by_role("group", name="Times of day (optional)").get_by_label("Evenings").check()
    submit(page, main.get_by_role("button", name="Save as a draft"))
    assert page.title().startswith("Error: ")
    main.get_by_label("Amount in pounds").fill("20")
    submit(page, main.get_by_role("button", name="Save as a draft"))
    submit(page, main.get_by_role("button", name="Publish"))
    assert Opportunity.objects.get().status == "open"
    assert "Larry Letter" in main.inner_text() and "Lived experience: Unpaid carer" in main.inner_text()
    assert "Free on Tuesday" in main.inner_text() and "Mona Mondays" not in main.inner_text()
    assert "Tuesday; evenings" in main.inner_text()
    screenshot(page, "officer-opportunity-matches")
    submit(page, main.get_by_role("link", name=re.compile("Invite")))
    main.get_by_label("Printed letter").check()
    submit(page, main.get_by_role("button", name="Send the invitation"))
    # The letter joins the day's letter batch (notifications), addressed for a window envelope.
    assert "A letter inviting Larry Letter is in the letters waiting to be posted" in main.inner_text()
    letter = Message.objects.get(person__full_name="Larry Letter", channel=Channel.LETTER)
    assert "3 Quarry Way" in letter.address
    screenshot(page, "invited-by-letter")


def _selection_setup():
    area, other = _area("Mental health"), _area("Older age")
    opportunity = OpportunityFactory(project=ProjectFactory(), places=2, lived_experience=[area])
    ana = InterestFactory(
        opportunity=opportunity, person=PersonFactory(full_name="Ana", lived_experience=[area])
    )
    InterestFactory(opportunity=opportunity, person=PersonFactory(full_name="Ben", lived_experience=[other]))
    InterestFactory(opportunity=opportunity, person=PersonFactory(full_name="Cy", lived_experience=[area]))
    return opportunity, ana


def _make_up_row(main, name):
    return main.locator("#group-make-up tr", has_text=name).locator("td").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_an_officer_chooses_people_and_sees_the_groups_make_up(new_context, person, javascript):
    officer, device = person(Role.OFFICER)
    if javascript:
        officer.user_permissions.add(
            Permission.objects.get(codename="view_equality_answers", content_type__app_label="people")
        )
    opportunity, ana = _selection_setup()
    page = new_context(java_script_enabled=javascript).new_page()
    sign_in(page, officer, device=device)
    visit(page, reverse("opportunities_manage:selection", args=[opportunity.pk]))
    main = page.locator("main")
    assert _make_up_row(main, "Mental health") == "0"
    main.get_by_label("Choose Ana").check()
    main.get_by_label("Choose Ben").check()
    if javascript:
        # A locator assertion, not wait_for_function: the page's Content-Security-Policy refuses eval.
        expect(page.locator("#group-make-up")).to_contain_text("2 people chosen")
        from .support import check_accessibility

        check_accessibility(page)
    else:
        submit(page, main.get_by_role("button", name="Check group make-up"))
        assert main.get_by_label("Choose Ana").is_checked()
    assert _make_up_row(main, "Mental health") == "1" and _make_up_row(main, "Older age") == "1"
    if javascript:  # this officer holds the equality-data permission
        main.get_by_text("Equality monitoring for the chosen group").click()
        assert "fewer than 10" in main.inner_text()
    else:
        assert "shown only to staff with the equality-data permission" in main.inner_text()
        assert not main.get_by_text("Equality monitoring for the chosen group").count()
    main.get_by_label("Choose Cy").check()
    submit(page, main.get_by_role("button", name="Confirm and tell everyone"))
    assert "There are 2 places and you have chosen 3 people" in main.inner_text()
    main.get_by_label("Choose Cy").uncheck()
    submit(page, main.get_by_role("button", name="Confirm and tell everyone"))
    assert "2 people selected and 1 told" in page.locator("body").inner_text()
    ana.refresh_from_db()
    assert ana.status == InterestStatus.SELECTED
    screenshot(page, f"selection-{'js' if javascript else 'nojs'}")


def test_an_officer_must_mean_to_choose_nobody_then_everyone_is_told_by_their_channel(page, person):
    officer, device = person(Role.OFFICER)
    opportunity = OpportunityFactory(places=1)
    InterestFactory(opportunity=opportunity, person=PersonFactory(full_name="Eve Email"))
    InterestFactory(
        opportunity=opportunity,
        contact_method="post",
        person=PersonFactory(
            full_name="Pip Post", address="2 Mill Lane", postcode="WY2 2BB", preferred_contact="post"
        ),
    )
    sign_in(page, officer, device=device)
    visit(page, reverse("opportunities_manage:selection", args=[opportunity.pk]))
    main = page.locator("main")
    submit(page, main.get_by_role("button", name="Confirm and tell everyone"))
    assert "Tick the people you are choosing" in page.locator(".govuk-error-summary").inner_text()
    assert not ExpressionOfInterest.objects.exclude(status=InterestStatus.ACTIVE).exists()
    main.get_by_label("I am choosing nobody").check()
    submit(page, main.get_by_role("button", name="Confirm and tell everyone"))
    assert "0 people selected and 2 told" in page.locator("body").inner_text()
    # Each person is told once, by the way they chose: Pip by letter in the day's batch, Eve by email.
    outcomes = Message.objects.filter(template="opportunity_outcome")
    told = dict(outcomes.values_list("person__full_name", "channel"))
    assert told == {"Pip Post": Channel.LETTER, "Eve Email": Channel.EMAIL}
