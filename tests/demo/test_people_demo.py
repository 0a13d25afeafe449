"""The demo's people: about 2,000 at scale 1, linked to the member accounts, varied, deterministic."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from coproduce.accounts.models import Role, RoleGrant, User
from coproduce.audit.selectors import verify_chain
from coproduce.people.choices import NoteKind
from coproduce.people.models import Consent, EqualityRecord, Person, PersonNote
from demo.generators import accounts
from demo.generators import people as people_generator
from demo.logins import DEMO_LOGIN_BY_ROLE
from tests.demo.support import delete_demo_rows

pytestmark = pytest.mark.django_db


def load(*args):
    call_command("load_demo", *args, stdout=StringIO())


def _staff_with_profiles_from_other_generators():
    """The projects generator adds a profile for each staff lead and officer it puts on a project team, and
    the meetings generator one each for the board's two co-chairs (the board demo login and a senior officer)
    and the champion demo login."""
    logins = Q(
        user__email__in=[DEMO_LOGIN_BY_ROLE[role].email for role in (Role.BOARD_MEMBER, Role.CHAMPION)]
    )
    # A co-chair who is a member with lived experience is one of the generated people, not an added profile.
    members = RoleGrant.objects.filter(role=Role.MEMBER).values("user_id")
    staff_co_chairs = Q(user__person__body_memberships__role="co_chair") & ~Q(user__in=members)
    staff = Q(role__in=[Role.PROJECT_LEAD, Role.OFFICER]) | logins | staff_co_chairs
    return RoleGrant.objects.filter(staff).values("user_id")


def test_the_scale_multiplies_the_accounts_and_the_people():
    load("--scale", "0.1")
    assert User.objects.count() == sum(max(1, round(base * 0.1)) for base in accounts.POPULATION.values())
    delete_demo_rows()
    load("--scale", "0.5")
    assert User.objects.count() == sum(max(1, round(base * 0.5)) for base in accounts.POPULATION.values())
    staff = _staff_with_profiles_from_other_generators()
    assert Person.objects.exclude(user__in=staff).count() == max(
        people_generator.PEOPLE // 2, RoleGrant.objects.filter(role=Role.MEMBER).count()
    )


@pytest.mark.usefixtures("demo_programme")
class TestOneLoadOfTheDemo:
    """These tests only read the demo (scale 1): one load is shared by every such test (conftest.py)."""

    def test_scale_one_makes_about_two_thousand_people_linked_to_the_member_accounts(self):
        staff = _staff_with_profiles_from_other_generators()
        assert Person.objects.exclude(user__in=staff).count() == 2000
        member_ids = set(RoleGrant.objects.filter(role=Role.MEMBER).values_list("user_id", flat=True))
        linked = set(
            Person.objects.exclude(user=None).exclude(user__in=staff).values_list("user_id", flat=True)
        )
        assert linked == member_ids
        demo_member = User.objects.get(email="member@demo.coproduce.test")
        assert demo_member.person.full_name == demo_member.full_name
        officers = set(RoleGrant.objects.filter(role=Role.OFFICER).values_list("user_id", flat=True))
        unlinked = Person.objects.filter(user=None)
        assert unlinked.count() == 2000 - len(member_ids)
        assert set(unlinked.values_list("registered_by", flat=True)) <= officers
        assert verify_chain() == []

    def test_the_people_are_varied(self):
        total = Person.objects.count()
        with_format = sum(1 for formats in Person.objects.values_list("formats", flat=True) if formats)
        with_needs = sum(1 for needs in Person.objects.values_list("access_needs", flat=True) if needs)
        assert 0.2 * total < with_format < 0.6 * total
        assert 0.4 * total < with_needs < 0.95 * total
        assert Person.objects.exclude(support_person_name="").count() > 0.05 * total
        assert Person.objects.filter(last_involved_at=None).count() > 0.05 * total
        years = {
            d.year
            for d in Person.objects.exclude(last_involved_at=None).values_list("last_involved_at", flat=True)
        }
        assert len(years) >= 3
        assert set(Person.objects.values_list("recognition", flat=True)) >= {
            "payment",
            "voucher",
            "volunteer",
        }
        assert set(Person.objects.values_list("benefits_limit", flat=True)) >= {"yes", "no", "prefer_not"}
        assert Person.lived_experience.through.objects.values("livedexperiencearea").distinct().count() >= 10
        assert set(Consent.objects.values_list("method", flat=True)) == {
            "online",
            "phone",
            "paper",
            "in_person",
        }
        assert Consent.objects.filter(purpose="contact", given=False).exists()
        assert PersonNote.objects.filter(kind=NoteKind.GENERAL).count() > 100
        assert 0 < PersonNote.objects.filter(kind=NoteKind.SAFEGUARDING).count() < 60
        # Online joiners recorded their own consent; officers recorded the rest.
        online = Consent.objects.filter(method="online").select_related("person")
        assert all(c.recorded_by_id == c.person.user_id for c in online[:200])

    def test_about_forty_percent_have_equality_answers_only_with_consent_to_keep_them(self):
        records = EqualityRecord.objects.count()
        assert 0.33 * 2000 < records < 0.47 * 2000
        keeps = {
            person_id
            for person_id, given in Consent.objects.filter(purpose="keep_equality_data").values_list(
                "person", "given"
            )
            if given
        }
        assert set(EqualityRecord.objects.values_list("person", flat=True)) <= keeps
        ethnic = Counter(EqualityRecord.objects.values_list("ethnic_group", flat=True))
        white_british = ethnic["White: English, Welsh, Scottish, Northern Irish or British"]
        assert white_british > 0.6 * records  # roughly the Oxfordshire share (about 77%)
        assert len(ethnic) >= 5

    def test_the_search_columns_are_set_as_save_would_set_them(self):
        for person in Person.objects.all()[:50]:
            expected = (person.name_search, person.email_search, person.phone_search, person.postcode_search)
            person.save()
            person.refresh_from_db()
            assert (
                person.name_search,
                person.email_search,
                person.phone_search,
                person.postcode_search,
            ) == expected
