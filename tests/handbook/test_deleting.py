"""Deleting a handbook section (its pages moved first, each as a new version) or a resource (with its
files): confirmed on a page of its own, audited, and refused with a message by the field when a section
still has pages and nowhere to go."""

from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.audit.models import AuditEvent
from coproduce.handbook import services
from coproduce.handbook.models import Page, Resource, ResourceFile, Section
from coproduce.search.models import SearchEntry
from tests.conftest import sign_in
from tests.on_commit import committed

from . import factories


def test_a_section_with_pages_is_deleted_only_once_they_have_somewhere_to_go(client, db):
    editor = factories.editor()
    old = factories.section("Old ways")
    new = factories.section("New ways")
    page = factories.page(section_=old, title="Ground rules")
    sign_in(client, editor)
    confirm = client.get(f"/manage/handbook/sections/{old.pk}/delete/")
    assert confirm.status_code == 200 and "It has 1 page." in confirm.content.decode()

    refused = client.post(f"/manage/handbook/sections/{old.pk}/delete/", {"move_to": ""})
    assert refused.status_code == 200
    assert "choose another section to move them to" in refused.content.decode()
    assert Section.objects.filter(pk=old.pk).exists()

    done = client.post(f"/manage/handbook/sections/{old.pk}/delete/", {"move_to": new.pk})
    assert done.status_code == 302
    assert not Section.objects.filter(pk=old.pk).exists()
    page = Page.objects.get(pk=page.pk)
    assert page.section == new and page.version == 2
    first, moved = page.versions.order_by("number")
    assert first.section is None and moved.note == "Moved from “Old ways” when that section was deleted"
    assert AuditEvent.objects.filter(verb="handbook.section_deleted").count() == 1
    # The history still compares and restores: version 1 keeps the page in the section it is in now.
    assert client.get(f"/manage/handbook/pages/{page.pk}/versions/1/").status_code == 200
    assert client.get(f"/manage/handbook/pages/{page.pk}/compare/?a=1&b=2").status_code == 200
    restored = services.restore_version(page, first, actor=editor, expected_version=2)
    assert restored.section == new and restored.version == 3


def test_an_empty_section_is_deleted_after_confirming(client, db):
    empty = factories.section("Nothing here")
    sign_in(client, factories.editor())
    assert "It has no pages" in client.get(f"/manage/handbook/sections/{empty.pk}/delete/").content.decode()
    assert client.post(f"/manage/handbook/sections/{empty.pk}/delete/").status_code == 302
    assert not Section.objects.filter(pk=empty.pk).exists()


def test_a_resource_is_deleted_with_its_files_after_confirming(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    editor = factories.editor()
    resource = services.create_resource(
        actor=editor, title="Group agreement", description="A template", visibility="public"
    )
    upload = SimpleUploadedFile("agreement.pdf", b"%PDF-1.4 an agreement", content_type="application/pdf")
    row = services.upload_resource_file(
        resource, actor=editor, format="standard", upload=upload, content_type="application/pdf"
    )
    stored = tmp_path / row.file.name
    assert stored.exists()
    sign_in(client, editor)
    confirm = client.get(f"/manage/handbook/resources/{resource.pk}/delete/").content.decode()
    assert "Delete this resource?" in confirm and "agreement.pdf" in confirm
    assert committed(client.post, f"/manage/handbook/resources/{resource.pk}/delete/").status_code == 302
    assert not Resource.objects.exists() and not ResourceFile.objects.exists()
    assert not stored.exists()
    assert not SearchEntry.objects.filter(kind="resource", object_id=resource.pk).exists()
    assert AuditEvent.objects.filter(verb="handbook.resource_deleted").count() == 1


def test_only_editors_may_delete(client, db, member):
    section = factories.section()
    sign_in(client, member)
    assert client.post(f"/manage/handbook/sections/{section.pk}/delete/").status_code in (403, 404)
    assert Section.objects.filter(pk=section.pk).exists()
