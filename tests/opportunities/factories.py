"""Projects (a small stand-in until the projects app has its own factories), opportunities and people for
the opportunities tests."""

import datetime

import factory
from django.utils import timezone

from coproduce.accounts.models import Role
from coproduce.opportunities.choices import CameIn, Mode, Status
from coproduce.opportunities.models import ExpressionOfInterest, Opportunity
from coproduce.opportunities.reward import RewardUnit
from coproduce.people.models import Person
from coproduce.projects.choices import Rung, Stage, TeamRole
from coproduce.projects.models import Organisation, Project, ServiceArea, TeamMember
from tests.factories import UserFactory


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("slug",)

    name = "Adult social care"
    slug = "adult-social-care"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = "Wyvernshire Adult Services"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Day services review {n}")
    slug = factory.Sequence(lambda n: f"day-services-review-{n}")
    service_area = factory.SubFactory(ServiceAreaFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "How day services run"
    affects = "People who use day services and their carers"
    can_change = "Opening hours, activities, transport"
    hoped_rung = Rung.CO_PRODUCING
    requested_by = factory.SubFactory(UserFactory, roles=[Role.PROJECT_LEAD])
    stage = Stage.DESIGNING


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Pat Person {n}")
    email = factory.Sequence(lambda n: f"pat{n}@example.test")
    address = "1 Mill Lane\nWyvernbridge"
    postcode = "WY1 2AB"
    consents_to_contact = True
    online = True
    in_person = True

    @factory.post_generation
    def lived_experience(self, create, extracted, **kwargs):
        if extracted:
            self.lived_experience.set(extracted)

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if extracted:
            self.interests.set(extracted)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Design group member {n}")
    description = "Help redesign day services with people who use them."
    time_commitment = "2 hours a month for 6 months"
    ongoing = True
    mode = Mode.HYBRID
    location = "County Hall, Wyvernbridge"
    access_support = ["step_free", "breaks"]
    reward_amount = factory.LazyFunction(lambda: __import__("decimal").Decimal("25.00"))
    reward_unit = RewardUnit.PER_SESSION
    places = 3
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    other_ways = ["phone", "post"]
    other_ways_detail = "Phone Sam on 01632 960 001"
    status = Status.OPEN
    created_by = factory.SubFactory(UserFactory, roles=[Role.OFFICER])

    @factory.post_generation
    def lived_experience(self, create, extracted, **kwargs):
        if extracted:
            self.lived_experience.set(extracted)

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        if extracted:
            self.interests.set(extracted)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest

    opportunity = factory.SubFactory(OpportunityFactory)
    person = factory.SubFactory(PersonFactory)
    why = "I use day services every week."
    brings = "I know what works on a Monday morning."
    access_needs = ["breaks"]
    contact_method = "email"
    came_in = CameIn.ONLINE
    recorded_by = factory.SubFactory(UserFactory)


def staff_lead_for(project, user) -> TeamMember:
    person = Person.objects.create(full_name=user.full_name, email=user.email, user=user)
    return TeamMember.objects.create(project=project, person=person, role=TeamRole.STAFF_LEAD)
