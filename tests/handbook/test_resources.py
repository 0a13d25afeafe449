"""The resource library: uploaded formats, documents written from the programme's settings and the rate
card in force, and staff-only resources kept from the public."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.handbook import services
from coproduce.handbook.models import ResourceFile
from coproduce.payments.models import ActivityRate, BenefitLimit
from tests.conftest import sign_in

from . import factories


def _rates(by):
    today = timezone.localdate()
    ActivityRate.objects.create(
        activity="meeting",
        amount=Decimal("18.00"),
        effective_from=today - datetime.timedelta(days=400),
        created_by=by,
    )
    ActivityRate.objects.create(
        activity="meeting",
        amount=Decimal("21.50"),
        effective_from=today - datetime.timedelta(days=30),
        created_by=by,
    )
    ActivityRate.objects.create(
        activity="meeting",
        amount=Decimal("99.00"),
        effective_from=today + datetime.timedelta(days=30),
        created_by=by,
    )
    BenefitLimit.objects.create(
        code="esa-permitted",
        name="Permitted work (ESA)",
        amount=Decimal("195.00"),
        effective_from=today - datetime.timedelta(days=10),
        created_by=by,
    )


def test_the_reward_policy_is_written_from_the_rates_in_force_today(client, db, settings):
    editor = factories.editor()
    _rates(editor)
    resource = services.create_resource(
        actor=editor,
        title="Reward policy",
        description="What we pay",
        visibility="public",
        generated="reward_policy",
    )
    html = client.get(f"/resources/{resource.slug}/").content.decode()
    assert "£21.50 per hour" in html
    assert "£18.00" not in html and "£99.00" not in html
    assert settings.COPRODUCE["PROGRAMME_NAME"] in html


def test_the_benefits_letter_explained_lists_the_limits_in_force(client, db):
    editor = factories.editor()
    _rates(editor)
    resource = services.create_resource(
        actor=editor,
        title="Benefits letter",
        description="x",
        visibility="public",
        generated="benefits_letter",
    )
    text = client.get(f"/resources/{resource.slug}/document.txt")
    assert text["Content-Type"].startswith("text/plain")
    assert "Permitted work (ESA): £195.00" in text.content.decode()


def test_a_generated_document_downloads_as_a_pdf_and_in_large_print(client, db):
    editor = factories.editor()
    resource = services.create_resource(
        actor=editor, title="Ground rules", description="x", visibility="public", generated="ground_rules"
    )
    pdf = client.get(f"/resources/{resource.slug}/document.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    large = client.get(f"/resources/{resource.slug}/", {"large_print": "1"})
    assert "coproduce-large-print" in large.content.decode()
    assert client.get(f"/resources/{resource.slug}/document.exe").status_code == 404


def test_the_jargon_buster_document_lists_the_programme_terms(client, db):
    editor = factories.editor()
    services.save_term(None, actor=editor, word="Co-production", meaning="Working together as equals")
    resource = services.create_resource(
        actor=editor, title="Jargon buster", description="x", visibility="public", generated="jargon_buster"
    )
    assert "Working together as equals" in client.get(f"/resources/{resource.slug}/").content.decode()


def test_editors_upload_formats_that_anyone_can_download(client, db):
    editor = factories.editor()
    resource = services.create_resource(
        actor=editor, title="Project plan", description="A plan", visibility="public"
    )
    sign_in(client, editor)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 a plan", content_type="application/pdf")
    response = client.post(
        f"/manage/handbook/resources/{resource.pk}/files/", {"format": "easy_read", "file": upload}
    )
    assert response.status_code == 302
    client.logout()
    listing = client.get("/resources/").content.decode()
    assert "Project plan" in listing and "Easy read" in listing
    download = client.get(f"/resources/{resource.slug}/easy_read/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 a plan"


def test_a_file_that_is_not_what_it_claims_is_refused_with_a_message(client, db):
    editor = factories.editor()
    resource = services.create_resource(
        actor=editor, title="Project plan", description="A plan", visibility="public"
    )
    sign_in(client, editor)
    upload = SimpleUploadedFile("plan.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        f"/manage/handbook/resources/{resource.pk}/files/", {"format": "standard", "file": upload}
    )
    assert response.status_code == 200
    assert "not a real PDF file" in response.content.decode()
    assert not ResourceFile.objects.exists()


def test_staff_only_resources_are_hidden_from_the_public(client, db, member):
    editor = factories.editor()
    resource = services.create_resource(
        actor=editor, title="Budget template", description="x", visibility="staff", generated="reward_policy"
    )
    assert "Budget template" not in client.get("/resources/").content.decode()
    sign_in(client, member)
    assert client.get(f"/resources/{resource.slug}/").status_code == 404
    assert client.get(f"/resources/{resource.slug}/document.txt").status_code == 404
    sign_in(client, editor)
    assert "Budget template" in client.get("/resources/").content.decode()


def test_a_second_resource_for_the_same_generated_document_is_refused(client, db):
    editor = factories.editor()
    services.create_resource(
        actor=editor, title="Reward policy", description="x", visibility="public", generated="reward_policy"
    )
    sign_in(client, editor)
    response = client.post(
        "/manage/handbook/resources/new/",
        {
            "title": "Another",
            "description": "y",
            "visibility": "public",
            "generated": "reward_policy",
            "order": 0,
        },
    )
    assert "The library already has this generated document" in response.content.decode()
