"""Organisers keep the agenda, papers and actions right after they are first written: edit, reorder, replace,
remove, each audited, and only for people who organise the meeting."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.audit.models import AuditEvent
from coproduce.meetings import services
from coproduce.meetings.models import AgendaItem, Paper
from tests.conftest import sign_in

from . import factories

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def organised(client, officer, media):
    meeting = factories.meeting()
    sign_in(client, officer)
    return client, meeting


def _items(meeting, *titles):
    return [services.add_agenda_item(meeting, actor=None, title=title) for title in titles]


def _titles(meeting):
    return list(meeting.agenda_items.values_list("title", flat=True))


def _verbs(prefix):
    return list(AuditEvent.objects.filter(verb__startswith=prefix).values_list("verb", flat=True))


# --- Agenda ------------------------------------------------------------------------------------------------


def test_agenda_items_move_up_and_down_with_plain_buttons(organised):
    client, meeting = organised
    welcome, budget, close = _items(meeting, "Welcome", "Budget", "Close")
    page = client.get(f"/manage/meetings/{meeting.pk}/agenda/").content.decode()
    assert page.count('value="up"') == 2 and page.count('value="down"') == 2, (
        "no up on first, no down on last"
    )

    response = client.post(f"/manage/meetings/agenda-items/{close.pk}/move/", {"direction": "up"})
    assert response["Location"] == f"/manage/meetings/{meeting.pk}/agenda/#item-{close.pk}"
    assert _titles(meeting) == ["Welcome", "Close", "Budget"]
    client.post(f"/manage/meetings/agenda-items/{welcome.pk}/move/", {"direction": "down"})
    assert _titles(meeting) == ["Close", "Welcome", "Budget"]
    assert list(meeting.agenda_items.values_list("order", flat=True)) == [1, 2, 3]
    assert _verbs("meetings.agenda_item_moved") == ["meetings.agenda_item_moved"] * 2

    # Already first: nothing moves, nothing is audited, and the organiser is told.
    response = client.post(
        f"/manage/meetings/agenda-items/{close.pk}/move/", {"direction": "up"}, follow=True
    )
    assert "already first" in response.content.decode()
    assert _titles(meeting) == ["Close", "Welcome", "Budget"]
    assert len(_verbs("meetings.agenda_item_moved")) == 2
    assert client.get(f"/manage/meetings/agenda-items/{close.pk}/move/").status_code == 405


def test_an_agenda_item_is_edited_and_a_bad_value_keeps_what_was_typed(organised):
    client, meeting = organised
    (item,) = _items(meeting, "Budget")
    url = f"/manage/meetings/agenda-items/{item.pk}/edit/"
    assert client.get(url).context["form"]["title"].value() == "Budget"
    response = client.post(url, {"title": "Budget 2027", "minutes_allowed": "lots"})
    assert response.status_code == 200 and "Budget 2027" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Budget"
    client.post(url, {"title": "Budget 2027", "led_by": "Sam", "minutes_allowed": "20"})
    item.refresh_from_db()
    assert (item.title, item.led_by, item.minutes_allowed) == ("Budget 2027", "Sam", 20)
    event = AuditEvent.objects.get(verb="meetings.agenda_item_changed")
    assert event.changed_fields == ["led_by", "minutes_allowed", "title"]


def test_removing_an_item_keeps_its_papers_and_renumbers_the_rest(organised, officer):
    client, meeting = organised
    first, second, third = _items(meeting, "One", "Two", "Three")
    paper = services.add_paper(
        meeting,
        uploaded=SimpleUploadedFile("a.pdf", PDF),
        content_type="application/pdf",
        actor=officer,
        title="Pack",
        agenda_item_id=second.pk,
    )
    url = f"/manage/meetings/agenda-items/{second.pk}/delete/"
    assert "Remove this agenda item?" in client.get(url).content.decode()
    assert AgendaItem.objects.filter(pk=second.pk).exists(), "asking removes nothing"
    client.post(url)
    assert _titles(meeting) == ["One", "Three"]
    assert list(meeting.agenda_items.values_list("order", flat=True)) == [1, 2]
    paper.refresh_from_db()
    assert paper.agenda_item is None
    assert _verbs("meetings.agenda_item_deleted") == ["meetings.agenda_item_deleted"]


def test_only_organisers_change_the_agenda(client, db, officer):
    meeting = factories.meeting()
    (item,) = _items(meeting, "Budget")
    member, person = factories.member_with_profile()
    factories.join_team(meeting.project, person)
    other_lead, lead_person = factories.member_with_profile("project_lead")
    factories.join_team(factories.project(), lead_person, role="staff_lead")
    sign_in(client, other_lead)
    for url in ("edit/", "delete/"):
        assert client.get(f"/manage/meetings/agenda-items/{item.pk}/{url}").status_code == 404
    assert client.post(f"/manage/meetings/agenda-items/{item.pk}/delete/").status_code == 404
    assert (
        client.post(f"/manage/meetings/agenda-items/{item.pk}/move/", {"direction": "up"}).status_code == 404
    )
    sign_in(client, member)
    assert client.get(f"/manage/meetings/agenda-items/{item.pk}/edit/").status_code == 403
    assert _titles(meeting) == ["Budget"]


# --- Papers ------------------------------------------------------------------------------------------------


def _paper(meeting, actor, name="pack.pdf", **fields):
    fields.setdefault("title", "Agenda pack")
    return services.add_paper(
        meeting,
        uploaded=SimpleUploadedFile(name, PDF),
        content_type="application/pdf",
        actor=actor,
        **fields,
    )


def test_a_paper_title_and_description_are_edited_without_touching_the_file(organised, officer):
    client, meeting = organised
    paper = _paper(meeting, officer)
    stored = paper.file.name
    response = client.post(
        f"/manage/meetings/papers/{paper.pk}/edit/", {"title": "Budget pack", "description": "Read page 2"}
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert (paper.title, paper.description, paper.file.name) == ("Budget pack", "Read page 2", stored)
    assert AuditEvent.objects.get(verb="meetings.paper_changed").changed_fields == ["description", "title"]
    detail = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Read page 2" in detail


def test_replacing_a_file_checks_it_and_deletes_the_old_one(organised, officer, media):
    client, meeting = organised
    paper = _paper(meeting, officer)
    old = paper.file.name
    url = f"/manage/meetings/papers/{paper.pk}/edit/"
    fake = SimpleUploadedFile("fake.pdf", b"<html>no</html>")
    response = client.post(url, {"title": "Agenda pack", "file": fake})
    assert "not a real PDF" in response.context["form"].errors["file"][0]
    paper.refresh_from_db()
    assert paper.file.name == old and (media / old).exists()

    text = b"Easy words"
    client.post(url, {"title": "Agenda pack", "file": SimpleUploadedFile("notes.txt", text)})
    paper.refresh_from_db()
    assert paper.file.name != old and paper.original_name == "notes.txt"
    assert paper.content_type.startswith("text/plain") and paper.size == len(text)
    assert not (media / old).exists(), "the replaced file is deleted"
    assert (media / paper.file.name).read_bytes() == text
    assert AuditEvent.objects.get(verb="meetings.paper_changed").changed_fields == ["file"]


def test_deleting_a_paper_deletes_its_alternatives_and_their_files(organised, officer, media):
    client, meeting = organised
    paper = _paper(meeting, officer)
    easy = _paper(meeting, officer, "easy.pdf", title="Easy read", format="easy_read", alternative_of=paper)
    kept = _paper(meeting, officer, "other.pdf", title="Other")
    files = [paper.file.name, easy.file.name]
    page = client.get(f"/manage/meetings/papers/{paper.pk}/delete/").content.decode()
    assert "with its 1 other format" in page
    client.post(f"/manage/meetings/papers/{paper.pk}/delete/")
    assert list(Paper.objects.all()) == [kept]
    assert not any((media / name).exists() for name in files)
    assert (media / kept.file.name).exists()
    assert len(_verbs("meetings.paper_deleted")) == 2


def test_an_alternative_format_is_added_from_its_original_and_removed_alone(organised, officer, media):
    client, meeting = organised
    paper = _paper(meeting, officer)
    form = client.get(f"/manage/meetings/{meeting.pk}/papers/add/?alternative_of={paper.pk}").context["form"]
    assert form["alternative_of"].value() == str(paper.pk)
    client.post(
        f"/manage/meetings/{meeting.pk}/papers/add/",
        {
            "title": "Large print pack",
            "format": "large_print",
            "alternative_of": str(paper.pk),
            "file": SimpleUploadedFile("large.pdf", PDF),
        },
    )
    alternative = paper.alternatives.get()
    edit = client.get(f"/manage/meetings/papers/{alternative.pk}/edit/").context["form"]
    assert "agenda_item" not in edit.fields, "an alternative sits with its original"
    client.post(f"/manage/meetings/papers/{alternative.pk}/delete/")
    assert list(Paper.objects.all()) == [paper]
    assert (media / paper.file.name).exists()


def test_only_organisers_change_papers(client, db, officer, media):
    meeting = factories.meeting()
    paper = _paper(meeting, officer)
    member, person = factories.member_with_profile()
    factories.join_team(meeting.project, person)
    sign_in(client, member)
    assert client.get(f"/manage/meetings/papers/{paper.pk}/edit/").status_code == 403
    assert client.post(f"/manage/meetings/papers/{paper.pk}/delete/").status_code == 403
    assert Paper.objects.filter(pk=paper.pk).exists()
    assert client.get("/manage/meetings/papers/999999/edit/").status_code in (403, 404)


# --- Actions -----------------------------------------------------------------------------------------------


def _action(meeting, officer):
    owner_user, owner = factories.member_with_profile()
    new_user, new_owner = factories.member_with_profile()
    for person in (owner, new_owner):
        factories.join_team(meeting.project, person)
    action = services.add_action(meeting, actor=officer, description="Book the hall", owner=owner)
    return action, owner_user, new_owner


def test_an_organiser_changes_an_actions_text_owner_and_due_date(organised, officer):
    client, meeting = organised
    action, _, new_owner = _action(meeting, officer)
    url = f"/manage/meetings/actions/{action.pk}/edit/"
    form = client.get(url).context["form"]
    assert form["description"].value() == "Book the hall" and form["owner"].value() == str(action.owner_id)
    due = datetime.date.today() + datetime.timedelta(days=14)
    mail.outbox.clear()
    response = client.post(
        url,
        {
            "description": "Book the hall and the hearing loop",
            "owner": str(new_owner.pk),
            "due_date_day": str(due.day),
            "due_date_month": str(due.month),
            "due_date_year": str(due.year),
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner == new_owner and action.due_date == due
    assert action.description == "Book the hall and the hearing loop"
    event = AuditEvent.objects.get(verb="meetings.action_updated")
    assert event.changed_fields == ["description", "due_date", "owner"]
    assert [m.to for m in mail.outbox] == [[new_owner.email]]


def test_a_bad_action_edit_keeps_what_was_typed_and_changes_nothing(organised, officer):
    client, meeting = organised
    action, _, _ = _action(meeting, officer)
    response = client.post(
        f"/manage/meetings/actions/{action.pk}/edit/",
        {"description": "New words", "owner": "99999", "due_date_day": "31", "due_date_month": "2"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "owner" in errors and "due_date" in errors
    assert "New words" in response.content.decode()
    action.refresh_from_db()
    assert action.description == "Book the hall"


def test_owners_update_status_but_do_not_edit_the_action(client, db, officer):
    meeting = factories.meeting()
    action, owner_user, _ = _action(meeting, officer)
    sign_in(client, owner_user)
    assert client.get(f"/manage/meetings/actions/{action.pk}/edit/").status_code == 403
    page = client.get(f"/meetings/actions/{action.pk}/").content.decode()
    assert "/edit/" not in page
    client.post(f"/meetings/actions/{action.pk}/", {"status": "in_progress", "notes": "Phoned them"})
    action.refresh_from_db()
    assert action.status == "in_progress" and action.description == "Book the hall"
    sign_in(client, officer)
    assert (
        f"/manage/meetings/actions/{action.pk}/edit/"
        in client.get(f"/meetings/actions/{action.pk}/").content.decode()
    )
