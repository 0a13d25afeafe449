"""A person's board terms, way onto the board and concordat signatures are in their download, and erasure
takes their name off signatures and the public page."""

from coproduce.people import personal_data
from coproduce.people.services import erase_person
from coproduce.programme import selectors, services
from coproduce.programme.models import Signature

from . import factories as f


def test_the_download_holds_terms_recruitment_and_signatures(db):
    user, who = f.member_with_profile()
    f.term(who=who)
    services.start_recruitment(actor=f.officer(), person=who, interest_on=f.today(), notes="Met at the fair")
    version = f.concordat()
    services.sign_concordat(version, actor=user, kind="person", person=who, name=who.full_name, listed=True)
    parts = personal_data.downloaded_parts(who)
    assert parts["board_terms"][0]["role"] == "Member with lived experience"
    assert parts["board_recruitment"][0]["notes"] == "Met at the fair"
    assert parts["concordat_signatures"][0]["name"] == who.full_name


def test_erasure_takes_the_name_off_the_public_list_and_keeps_the_count(db, client):
    user = f.UserFactory(full_name="Tamsin Greyfriars", roles=["member"])
    who = f.person(user=user, full_name=user.full_name, email=user.email)
    version = f.concordat()
    services.sign_concordat(version, actor=user, kind="person", person=who, name=who.full_name, listed=True)
    services.start_recruitment(actor=f.officer(), person=who, interest_on=f.today(), notes="Private note")
    erase_person(who, actor=f.officer())
    signature = Signature.objects.get()
    assert "Tamsin" not in signature.name and not signature.listed and signature.email == ""
    assert not selectors.listed_signatories(version).exists()
    assert "Tamsin" not in client.get("/concordat/").content.decode()
    assert who.board_recruitment.get().notes == ""
