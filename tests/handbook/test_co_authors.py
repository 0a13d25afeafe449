"""Co-authors are credited on the page only with their consent, and leave it when they are erased."""

from coproduce.handbook import personal_data, services
from coproduce.people.models import Person
from tests.conftest import sign_in

from . import factories


def test_a_co_author_is_named_only_while_they_consent(client, db):
    editor = factories.editor()
    page = factories.page(by=editor)
    named = services.add_co_author(page, actor=editor, name="Priya Shah", description="carer", consents=True)
    services.add_co_author(page, actor=editor, name="Sam Jones", consents=False)
    html = client.get(f"/handbook/pages/{page.slug}/").content.decode()
    assert "Priya Shah, carer" in html and "Sam Jones" not in html
    services.record_consent(named, actor=editor, consents=False)
    assert "Priya Shah" not in client.get(f"/handbook/pages/{page.slug}/").content.decode()


def test_editors_add_a_co_author_by_their_profile_email(client, db):
    editor = factories.editor()
    page = factories.page(by=editor)
    person = Person.objects.create(full_name="Dee Evans", email="dee@example.test")
    sign_in(client, editor)
    response = client.post(
        f"/manage/handbook/pages/{page.pk}/co-authors/", {"email": "DEE@example.test", "consents": "on"}
    )
    assert response.status_code == 302
    credit = page.co_authors.get()
    assert (credit.person, credit.name, credit.consents) == (person, "Dee Evans", True)


def test_an_unknown_email_is_explained_and_nothing_is_saved(client, db):
    editor = factories.editor()
    page = factories.page(by=editor)
    sign_in(client, editor)
    response = client.post(f"/manage/handbook/pages/{page.pk}/co-authors/", {"email": "nobody@example.test"})
    assert "No one in the network has this email address" in response.content.decode()
    assert not page.co_authors.exists()


def test_erasing_a_person_removes_their_credit_and_blanks_their_feedback(db, member):
    editor = factories.editor()
    page = factories.page(by=editor)
    person = Person.objects.create(full_name="Dee Evans", user=member)
    services.add_co_author(page, actor=editor, name="Dee Evans", person=person, consents=True)
    services.give_feedback(page, actor=member, useful=True, comment="My own story helped")
    download = personal_data.download(person)
    assert download["handbook_credits"][0]["page"] == page.title
    assert download["handbook_feedback"][0]["comment"] == "My own story helped"
    personal_data.erase(person)
    assert not page.co_authors.exists()
    feedback = page.feedback.get()
    assert (feedback.comment, feedback.given_by, feedback.useful) == ("", None, True)
