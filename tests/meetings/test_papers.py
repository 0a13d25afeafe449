"""Papers: checked on upload (size, extension, contents), downloaded only by those who may see the meeting."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from coproduce.meetings.models import Paper, Registration
from tests.conftest import sign_in

from . import factories

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def organiser_client(client, officer, media):
    sign_in(client, officer)
    return client


def _upload(client, meeting, name, content, **fields):
    data = {
        "title": "Agenda pack",
        "format": "standard",
        "file": SimpleUploadedFile(name, content, "application/pdf"),
    }
    data.update(fields)
    return client.post(f"/manage/meetings/{meeting.pk}/papers/add/", data)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("pack.pdf", PDF, "application/pdf"),
        ("pack.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pack.odt", _odt(), "application/vnd.oasis.opendocument.text"),
        ("photo.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        ("notes.txt", "Plain notes – café".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_allowed_files_are_stored_with_the_type_their_contents_show(
    organiser_client, db, name, content, content_type
):
    meeting = factories.meeting()
    response = _upload(organiser_client, meeting, name, content)
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert paper.content_type == content_type
    assert paper.original_name == name
    assert name not in paper.file.name, "stored under a random name"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "must be a PDF"),
        ("fake.pdf", b"<html>not a pdf</html>", "not a real PDF"),
        ("fake.docx", PDF, "not a real DOCX"),
        ("zip.docx", _odt(), "not a real DOCX"),
        ("binary.txt", b"\x00\x01\x02", "not a real TXT"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_other_files_are_refused_with_a_clear_message(organiser_client, db, name, content, message):
    meeting = factories.meeting()
    response = _upload(organiser_client, meeting, name, content)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert not Paper.objects.exists()


@override_settings(COPRODUCE={**__import__("django.conf").conf.settings.COPRODUCE, "MEETING_PAPER_MAX_MB": 1})
def test_a_file_over_the_size_limit_is_refused(organiser_client, db):
    meeting = factories.meeting()
    response = _upload(organiser_client, meeting, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert "smaller than 1 MB" in response.context["form"].errors["file"][0]
    assert not Paper.objects.exists()


def test_an_alternative_format_hangs_off_its_original(organiser_client, db):
    meeting = factories.meeting()
    _upload(organiser_client, meeting, "pack.pdf", PDF)
    original = Paper.objects.get()
    response = _upload(organiser_client, meeting, "pack.pdf", PDF, format="easy_read")
    assert "Choose the paper" in response.context["form"].errors["alternative_of"][0]
    _upload(organiser_client, meeting, "easy.pdf", PDF, format="easy_read", alternative_of=str(original.pk))
    assert original.alternatives.get().format == "easy_read"


def test_papers_download_only_for_people_who_may_see_the_meeting(client, db, officer, media):
    meeting = factories.meeting()
    sign_in(client, officer)
    _upload(client, meeting, "pack.pdf", PDF)
    paper = Paper.objects.get()

    response = client.get(f"/meetings/papers/{paper.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pack.pdf"')
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF

    outsider, _ = factories.member_with_profile()
    client.force_login(outsider)
    assert client.get(f"/meetings/papers/{paper.pk}/").status_code == 404

    invited, person = factories.member_with_profile()
    Registration.objects.create(meeting=meeting, person=person)
    client.force_login(invited)
    assert client.get(f"/meetings/papers/{paper.pk}/").status_code == 200

    client.logout()
    assert client.get(f"/meetings/papers/{paper.pk}/").status_code == 302


def test_papers_are_not_reachable_through_a_media_url(client, db):
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve("/media/meetings/papers/1/x.pdf")
