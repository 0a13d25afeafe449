import pytest

from tests.conftest import sign_in
from tests.people.member_factories import joined_member


@pytest.fixture
def officer_client(client, officer):
    return sign_in(client, officer)


@pytest.fixture
def joined(db):
    """A member with a profile: (user, person)."""
    return joined_member(
        account_name="Morgan Member",
        email="morgan@example.test",
        access_needs=["step_free", "quiet_room"],
        access_needs_detail="Afternoons are better",
        preferred_contact="phone",
    )


@pytest.fixture
def member_client(client, joined):
    return sign_in(client, joined[0])
