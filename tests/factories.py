import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from coproduce.accounts.models import RoleGrant, User

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    email_confirmed_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            RoleGrant.objects.create(user=self, role=role)
        self.__dict__.pop("roles", None)


def totp_device(user, *, confirmed=True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed)
