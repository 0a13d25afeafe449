"""Equality monitoring in the browser: a member consents, answers, reviews, changes and deletes; an officer
reads the network profile; an officer with the permission reads one person's answers; an administrator
gives the permission. axe runs on every page."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from coproduce.accounts.models import Role
from coproduce.people import selectors as people_selectors
from coproduce.people import services as people_services
from coproduce.people.models import EqualityRecord, Person
from coproduce.people.services import set_special_permissions

from .support import sign_in, submit, visit

pytestmark = pytest.mark.browser


def _profile_for(user):
    person = Person(user=user, full_name=user.full_name, email=user.email)
    person.save()
    return person


def test_a_member_answers_reviews_changes_and_deletes_their_equality_answers(page, person):
    user, _ = person(Role.MEMBER, full_name="Eve Quality")
    member = _profile_for(user)
    sign_in(page, user)
    visit(page, reverse("people:equality"))
    main = page.locator("main")
    assert "Prefer not to say" in main.inner_text()

    submit(page, main.get_by_role("button", name="Continue"))
    assert page.title().startswith("Error: ")
    main.get_by_label("I agree that the programme keeps my equality monitoring answers").check()
    submit(page, main.get_by_role("button", name="Continue"))
    assert page.url.endswith(reverse("people:equality_questions"))

    main.locator("input[name=sex][value=Female]").check()
    submit(page, main.get_by_role("button", name="Save your answers"))
    assert page.title().startswith("Error: ")
    assert main.locator("input[name=sex][value=Female]").is_checked()
    for field in people_selectors.FIELDS:
        main.locator(f"input[name={field}][value=prefer_not]").check()
    main.locator("input[name=ethnic_group][value='White: Irish']").check()
    submit(page, main.get_by_role("button", name="Save your answers"))
    assert "White: Irish" in main.inner_text()
    assert EqualityRecord.objects.get(person=member).ethnic_group == "White: Irish"

    submit(page, main.get_by_role("link", name="Change your answers"))
    main.locator("input[name=religion][value=Christian]").check()
    submit(page, main.get_by_role("button", name="Save your answers"))
    assert "Christian" in main.inner_text()

    submit(page, main.get_by_role("link", name="Delete your answers"))
    submit(page, main.get_by_role("button", name="Delete my answers"))
    assert "have been deleted" in page.locator("body").inner_text()
    assert not EqualityRecord.objects.filter(person=member).exists()


def test_officers_see_the_network_profile_and_permitted_officers_one_persons_answers(page, person):
    call_command("load_census")
    administrator, _ = person(Role.ADMINISTRATOR)
    officer, device = person(Role.OFFICER, full_name="Olive Officer")
    member_user, _ = person(Role.MEMBER, full_name="Mo Member")
    member = _profile_for(member_user)
    from coproduce.people.services import record_consent

    record_consent(member, "keep_equality_data", True, method="online", actor=member_user)
    people_services.save_equality_answers(
        member, {"sex": "Female", "religion": "Buddhist"}, actor=member_user
    )
    set_special_permissions(officer, ["view_equality_answers"], actor=administrator)

    sign_in(page, officer, device=device)
    visit(page, reverse("people_manage:equality_profile"))
    main = page.locator("main")
    assert "fewer than 10" in main.inner_text()
    assert main.locator("table caption").count() == len(people_selectors.TOPICS)
    visit(page, reverse("people_manage:equality_answers", args=[member.pk]))
    assert "Buddhist" in main.inner_text()


def test_an_administrator_gives_an_officer_the_equality_permission(page, person):
    administrator, device = person(Role.ADMINISTRATOR)
    officer, _ = person(Role.OFFICER, full_name="Pat Permitted")
    sign_in(page, administrator, device=device)
    visit(page, reverse("people_manage:permissions"))
    main = page.locator("main")
    submit(page, main.get_by_role("link", name=re.compile("Pat Permitted")))
    main.get_by_label("See individuals’ equality monitoring answers").check()
    submit(page, main.get_by_role("button", name="Save permissions"))
    assert "See individuals’ equality monitoring answers" in main.inner_text()
    assert type(officer).objects.get(pk=officer.pk).has_perm("people.view_equality_answers")
