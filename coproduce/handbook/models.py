"""The handbook: sections and pages written in Markdown, every change kept as a numbered version, co-authors
credited with their consent, "was this useful?" feedback, the page chosen for each workflow step, the
resource library and the programme-wide jargon buster."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .choices import Generated, ResourceFormat, Step, Visibility


class Section(models.Model):
    title = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title


class PageQuerySet(models.QuerySet):
    def visible_to(self, staff: bool):
        return self if staff else self.filter(visibility=Visibility.PUBLIC)


class Page(models.Model):
    """The current text of a page. Every save is also kept as a PageVersion (services.edit_page)."""

    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="pages")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    summary = models.CharField("Summary", max_length=300)
    body = models.TextField("Text (Markdown)")
    easy_read = models.TextField("Easy read version (Markdown)", blank=True)
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order", "title"]
        indexes = [models.Index(fields=["section", "visibility", "order"])]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


# The fields a version keeps (and a restore brings back).
VERSIONED_FIELDS = ("title", "summary", "body", "easy_read", "visibility", "section_id")


class PageVersion(models.Model):
    """One saved state of a page: what it said, who saved it, when and why. Never changed afterwards."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # Empty once the section is deleted (its pages were moved first: services.delete_section).
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    easy_read = models.TextField(blank=True)
    visibility = models.CharField(max_length=8, choices=Visibility.choices)
    note = models.CharField("What changed", max_length=300, blank=True)
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["page", "-number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="page_version_once")]

    def __str__(self):
        return f"{self.page_id} v{self.number}"


class CoAuthor(models.Model):
    """Someone who wrote a page with the team, often a person with lived experience. Named on the page only
    while their consent to be credited is recorded."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="co_authors")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="handbook_credits"
    )
    name = models.CharField("Name to credit", max_length=150)
    description = models.CharField(
        "How they are described", max_length=150, blank=True, help_text="For example: expert by experience"
    )
    consents = models.BooleanField("They agree to be named on the page", default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["page", "added_at", "id"]

    def __str__(self):
        return self.name


class Feedback(models.Model):
    """An answer to "was this page useful?", with an optional comment only editors read."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="feedback")
    useful = models.BooleanField()
    comment = models.TextField(blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["page", "-given_at"])]

    def __str__(self):
        return f"{'useful' if self.useful else 'not useful'} ({self.page_id})"


class HelpLink(models.Model):
    """The handbook page a workflow step links to ("Help with this step")."""

    step = models.CharField(max_length=30, choices=Step.choices, unique=True)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="help_links")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["step"]

    def __str__(self):
        return f"{self.step} → {self.page_id}"


class Resource(models.Model):
    """A document in the resource library: uploaded files in one or more formats, or a document generated
    from the programme's settings (`generated`)."""

    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField()
    visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    generated = models.CharField(max_length=30, choices=Generated.choices, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["generated"], condition=~Q(generated=""), name="one_resource_per_generated_document"
            )
        ]

    def __str__(self):
        return self.title


def resource_upload_to(instance, filename):
    return f"handbook/resources/{instance.resource_id}/{instance.format}/{filename}"


class ResourceFile(models.Model):
    """One format of a resource (the standard document, easy read, large print, audio...)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=12, choices=ResourceFormat.choices, default=ResourceFormat.STANDARD)
    file = models.FileField(upload_to=resource_upload_to, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["resource", "format", "id"]
        constraints = [models.UniqueConstraint(fields=["resource", "format"], name="one_file_per_format")]

    def __str__(self):
        return self.original_name


class Term(models.Model):
    """A word or abbreviation in the programme-wide jargon buster, with its plain-English meaning. Each
    project's own jargon buster adds to these."""

    term = models.CharField(max_length=80, unique=True)
    meaning = models.TextField("What it means")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term
