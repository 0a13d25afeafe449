"""Every change to a page is kept with who made it and why; two versions can be compared and an older one
restored; a stale edit never overwrites someone else's."""

import pytest

from coproduce.audit.models import AuditEvent
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.handbook import selectors, services
from coproduce.handbook.models import PageVersion
from tests.conftest import sign_in

from . import factories


def _edit(client, page, **changes):
    data = {
        "section": page.section_id,
        "title": page.title,
        "summary": page.summary,
        "body": page.body,
        "easy_read": page.easy_read,
        "visibility": page.visibility,
        "order": page.order,
        "note": "",
        "version": page.version,
    }
    data.update(changes)
    return client.post(f"/manage/handbook/pages/{page.pk}/", data)


def test_each_save_is_a_new_version_with_who_and_what_changed(client, db):
    editor = factories.editor()
    page = factories.page(by=editor, body="Pay people within ten days.")
    sign_in(client, editor)
    response = _edit(client, page, body="Pay people within five days.", note="Faster payments agreed")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.version == 2 and page.body == "Pay people within five days."
    latest = page.versions.get(number=2)
    assert (latest.saved_by, latest.note, latest.body) == (editor, "Faster payments agreed", page.body)
    assert page.versions.get(number=1).body == "Pay people within ten days."
    event = AuditEvent.objects.filter(verb="handbook.page_changed").get()
    assert event.changed_fields == ["body"] and event.actor == editor


def test_comparing_two_versions_shows_lines_added_and_removed(client, db):
    editor = factories.editor()
    page = factories.page(by=editor, body="Keep\nten days")
    page = services.edit_page(page, actor=editor, expected_version=1, body="Keep\nfive days", title="Paying")
    sign_in(client, editor)
    response = client.get(f"/manage/handbook/pages/{page.pk}/compare/", {"from": 1, "to": 2})
    assert response.status_code == 200
    changes = response.context["changes"]
    assert [(line.kind, line.text) for line in changes["body"]] == [
        ("same", "Keep"),
        ("removed", "ten days"),
        ("added", "five days"),
    ]
    assert [field.label for field in changes["fields"]] == ["Title"]


def test_comparing_with_a_version_that_does_not_exist_is_not_found(client, db):
    editor = factories.editor()
    page = factories.page(by=editor)
    sign_in(client, editor)
    assert client.get(f"/manage/handbook/pages/{page.pk}/compare/", {"from": "x", "to": 9}).status_code == 404


def test_restoring_an_older_version_brings_its_text_back_as_a_new_version(client, db):
    editor = factories.editor()
    page = factories.page(by=editor, body="Original", visibility="public")
    page = services.edit_page(page, actor=editor, expected_version=1, body="Changed", visibility="staff")
    sign_in(client, editor)
    response = client.post(f"/manage/handbook/pages/{page.pk}/versions/1/restore/", {"version": 2})
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.version, page.body, page.visibility) == (3, "Original", "public")
    restored = page.versions.get(number=3)
    assert restored.restored_from == 1 and restored.note == "Restored version 1"
    assert list(page.versions.values_list("number", flat=True).order_by("number")) == [1, 2, 3]


def test_an_edit_started_from_an_older_version_is_refused_and_nothing_is_saved(db):
    editor = factories.editor()
    page = factories.page(by=editor, body="One")
    services.edit_page(page, actor=editor, expected_version=1, body="Two")
    with pytest.raises(ConflictError):
        services.edit_page(page, actor=editor, expected_version=1, body="Three")
    page.refresh_from_db()
    assert page.body == "Two" and PageVersion.objects.filter(page=page).count() == 2


def test_the_edit_page_explains_a_clash_and_keeps_what_was_typed(client, db):
    editor = factories.editor()
    page = factories.page(by=editor)
    services.edit_page(page, actor=editor, expected_version=1, body="Someone else's words")
    sign_in(client, editor)
    response = _edit(client, page, body="My words", version=1)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this page" in html and "My words" in html


def test_saving_without_a_change_makes_no_version(db):
    editor = factories.editor()
    page = factories.page(by=editor)
    with pytest.raises(ServiceError):
        services.edit_page(page, actor=editor, expected_version=1, body=page.body)
    assert page.versions.count() == 1


def test_history_lists_versions_newest_first(client, db):
    editor = factories.editor()
    page = factories.page(by=editor)
    services.edit_page(page, actor=editor, expected_version=1, body="Second", note="Clearer")
    sign_in(client, editor)
    response = client.get(f"/manage/handbook/pages/{page.pk}/history/")
    assert [v.number for v in response.context["versions"]] == [2, 1]
    assert "Clearer" in response.content.decode()


def test_diff_of_identical_texts_has_no_changes():
    assert all(line.kind == "same" for line in selectors.diff_text("a\nb", "a\nb"))
