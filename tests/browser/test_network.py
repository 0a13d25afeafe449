"""The champions network in a browser: anyone books a public event; a champion logs activity (a future date is
refused by the field); an officer's network pages fit a phone. axe runs on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.network.models import Activity, EventBooking
from tests.meetings import factories as mf
from tests.network import factories as nf

from .support import screenshot, sign_in, submit, visit

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def test_anyone_books_a_public_event_with_their_access_needs(page):
    event = mf.meeting(body=mf.board(), title="Co-production week drop-in", is_public=True)
    visit(page, reverse("network:events"))
    visit(page, reverse("network:event", args=[event.pk]))
    visit(page, reverse("network:book", args=[event.pk]))
    page.get_by_label("Your name").fill("Ada Brook")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_label("Step-free access").check()
    submit(page, page.get_by_role("button", name="Book my place"))
    assert "You have booked a place" in page.content()
    assert EventBooking.objects.get().access_needs == ["step_free"]


def test_a_champion_records_activity_and_a_future_date_is_refused(page, person):
    user, _ = person(Role.MEMBER, full_name="Cass Champion")
    champion = nf.champion(mf.person(user=user, full_name="Cass Champion", email=user.email))
    visit_user = champion.person.user
    sign_in(page, visit_user)
    visit(page, reverse("network:home"))
    visit(page, reverse("network:record_activity"))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("A talk or presentation").check()
    page.get_by_label("Day").fill(str(tomorrow.day))
    page.get_by_label("Month").fill(str(tomorrow.month))
    page.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_label("How many people did it reach?").fill("20")
    submit(page, page.get_by_role("button", name="Record it"))
    assert "must be today or in the past" in page.content()
    assert not Activity.objects.exists()


def test_an_officers_network_pages_fit_a_phone(new_context, person):
    user, device = person(Role.OFFICER, full_name="Olwen Officer")
    champion = nf.champion(area_=nf.area("Kestrel Down"), organisation_=nf.organisation("Housing Options"))
    nf.activity(champion)
    partner = nf.partner(name="Larchmere Age Concern")
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, user, device=device)
    pages = {
        "dashboard": reverse("network_manage:dashboard"),
        "register": reverse("network_manage:register"),
        "champion": reverse("network_manage:champion", args=[champion.pk]),
        "activity": reverse("network_manage:activity"),
        "partners": reverse("network_manage:partners"),
        "partner": reverse("network_manage:partner", args=[partner.pk]),
        "newsletters": reverse("network_manage:newsletters"),
        "new-voices": reverse("network_manage:new_voices"),
    }
    too_wide = []
    for name, url in pages.items():
        visit(page, url)
        screenshot(page, f"network-375px-{name}")
        if page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            too_wide.append(name)
    assert too_wide == []
