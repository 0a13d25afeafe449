"""Writes to the handbook. Each verb runs in one transaction and records its audit event there; a refusal
raises ServiceError before anything is saved."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.audit.services import record
from coproduce.core.errors import ConflictError, ServiceError

from .choices import Step
from .models import (
    VERSIONED_FIELDS,
    CoAuthor,
    Feedback,
    HelpLink,
    Page,
    PageVersion,
    Resource,
    ResourceFile,
    Section,
    Term,
)

PAGE_FIELDS = ("section", "title", "summary", "body", "easy_read", "visibility", "order")
COMMENT_MAX = 2000


def _unique_slug(model, text: str, *, exclude_pk=None) -> str:
    base = slugify(text)[:140] or "page"
    slug, n = base, 2
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _snapshot(page: Page, *, actor, note: str, restored_from: int | None = None) -> PageVersion:
    return PageVersion.objects.create(
        page=page,
        number=page.version,
        section_id=page.section_id,
        title=page.title,
        summary=page.summary,
        body=page.body,
        easy_read=page.easy_read,
        visibility=page.visibility,
        note=note,
        restored_from=restored_from,
        saved_by=actor,
        saved_at=page.updated_at,
    )


# --- Sections -----------------------------------------------------------------------------------------


def create_section(*, actor, request=None, title: str, summary: str = "", order: int = 0) -> Section:
    with transaction.atomic(durable=True):
        if Section.objects.filter(title__iexact=title.strip()).exists():
            raise ServiceError("There is already a section with this title", field="title")
        section = Section.objects.create(
            title=title.strip(), slug=_unique_slug(Section, title), summary=summary, order=order
        )
        record(
            "handbook.section_created", actor=actor, obj=section, changed_fields=["title"], request=request
        )
    return section


def change_section(section: Section, *, actor, request=None, **fields) -> Section:
    with transaction.atomic(durable=True):
        title = fields.get("title", section.title).strip()
        if Section.objects.exclude(pk=section.pk).filter(title__iexact=title).exists():
            raise ServiceError("There is already a section with this title", field="title")
        changed = [name for name, value in fields.items() if getattr(section, name) != value]
        for name, value in fields.items():
            setattr(section, name, value)
        section.save()
        record("handbook.section_changed", actor=actor, obj=section, changed_fields=changed, request=request)
    return section


def delete_section(section: Section, *, actor, request=None, move_to: Section | None = None) -> int:
    """Delete a section. Its pages move to `move_to` first, each as a new version saying so; a section
    with pages and nowhere to move them is refused. Returns how many pages moved."""
    with transaction.atomic(durable=True):
        pages = list(Page.objects.select_for_update().filter(section=section).order_by("order", "title"))
        if pages and (move_to is None or move_to.pk == section.pk):
            raise ServiceError(
                f"This section has {len(pages)} page{'s' if len(pages) != 1 else ''}: choose another section "
                "to move them to",
                field="move_to",
            )
        for page in pages:
            page.section = move_to
            page.version += 1
            page.updated_at = timezone.now()
            page.updated_by = actor
            page.save()
            _snapshot(page, actor=actor, note=f"Moved from “{section.title}” when that section was deleted")
        record(
            "handbook.section_deleted",
            actor=actor,
            obj=section,
            changed_fields=["pages_moved"] if pages else [],
            request=request,
        )
        section.delete()
    return len(pages)


# --- Pages ----------------------------------------------------------------------------------------------


def create_page(*, actor, request=None, note: str = "", **fields) -> Page:
    """A new page and its version 1."""
    unknown = set(fields) - set(PAGE_FIELDS)
    if unknown:
        raise TypeError(f"unknown page fields: {sorted(unknown)}")
    if not (fields.get("body") or "").strip():
        raise ServiceError("Enter the text of the page", field="body")
    with transaction.atomic(durable=True):
        now = timezone.now()
        page = Page.objects.create(
            slug=_unique_slug(Page, fields["title"]),
            version=1,
            created_at=now,
            updated_at=now,
            updated_by=actor,
            **fields,
        )
        _snapshot(page, actor=actor, note=note or "First version")
        record("handbook.page_created", actor=actor, obj=page, changed_fields=PAGE_FIELDS, request=request)
    return page


def edit_page(page: Page, *, actor, request=None, expected_version: int, note: str = "", **fields) -> Page:
    """Save a change as the next version. `expected_version` is the version the editor started from: if
    someone saved in between, nothing is saved and the editor is asked to look at the newer text."""
    with transaction.atomic(durable=True):
        current = Page.objects.select_for_update().get(pk=page.pk)
        if current.version != expected_version:
            raise ConflictError(
                f"Someone else saved this page (version {current.version}) after you opened it. "
                "Your changes were not saved: open the page again to see theirs."
            )
        changed = [name for name in PAGE_FIELDS if name in fields and getattr(current, name) != fields[name]]
        if not changed:
            raise ServiceError("You have not changed anything, so there is no new version to save")
        if "body" in fields and not (fields["body"] or "").strip():
            raise ServiceError("Enter the text of the page", field="body")
        for name in changed:
            setattr(current, name, fields[name])
        current.version += 1
        current.updated_at = timezone.now()
        current.updated_by = actor
        current.save()
        _snapshot(current, actor=actor, note=note)
        record("handbook.page_changed", actor=actor, obj=current, changed_fields=changed, request=request)
    return current


def restore_version(page: Page, version: PageVersion, *, actor, request=None, expected_version: int) -> Page:
    """Bring back an older version's text as a new version (the versions in between are kept)."""
    if version.page_id != page.pk:
        raise ServiceError("That version belongs to another page")
    with transaction.atomic(durable=True):
        current = Page.objects.select_for_update().get(pk=page.pk)
        if current.version != expected_version:
            raise ConflictError(
                f"Someone saved this page (version {current.version}) after you opened it. Look at the "
                "history again before restoring."
            )
        if version.number == current.version:
            raise ServiceError("This is already the current version")
        # A version filed in a section since deleted keeps the page where it is now.
        restored = [name for name in VERSIONED_FIELDS if getattr(version, name) is not None]
        changed = [name for name in restored if getattr(current, name) != getattr(version, name)]
        for name in restored:
            setattr(current, name, getattr(version, name))
        current.version += 1
        current.updated_at = timezone.now()
        current.updated_by = actor
        current.save()
        _snapshot(
            current, actor=actor, note=f"Restored version {version.number}", restored_from=version.number
        )
        record(
            "handbook.page_restored",
            actor=actor,
            obj=current,
            changed_fields=changed or ["version"],
            request=request,
        )
    return current


# --- Co-authors -----------------------------------------------------------------------------------------


def add_co_author(
    page: Page, *, actor, request=None, name: str, description: str = "", person=None, consents: bool
) -> CoAuthor:
    name = (name or "").strip() or (person.display_name if person else "")
    if not name:
        raise ServiceError("Enter the name to credit", field="name")
    with transaction.atomic(durable=True):
        if person is not None and page.co_authors.filter(person=person).exists():
            raise ServiceError("This person is already credited on the page", field="person")
        co_author = CoAuthor.objects.create(
            page=page,
            person=person,
            name=name,
            description=description,
            consents=consents,
            consent_recorded_at=timezone.now() if consents else None,
            added_by=actor,
        )
        record(
            "handbook.co_author_added",
            actor=actor,
            obj=co_author,
            changed_fields=["name", "consents"],
            request=request,
        )
    return co_author


def record_consent(co_author: CoAuthor, *, actor, request=None, consents: bool) -> CoAuthor:
    with transaction.atomic(durable=True):
        if co_author.consents != consents:
            co_author.consents = consents
            co_author.consent_recorded_at = timezone.now()
            co_author.save(update_fields=["consents", "consent_recorded_at"])
            record(
                "handbook.co_author_consent",
                actor=actor,
                obj=co_author,
                changed_fields=["consents"],
                request=request,
            )
    return co_author


def remove_co_author(co_author: CoAuthor, *, actor, request=None) -> None:
    with transaction.atomic(durable=True):
        record("handbook.co_author_removed", actor=actor, obj=co_author, request=request)
        co_author.delete()


# --- Feedback ---------------------------------------------------------------------------------------------


def give_feedback(page: Page, *, actor, request=None, useful: bool, comment: str = "") -> Feedback:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ServiceError(f"Your comment must be {COMMENT_MAX} characters or fewer", field="comment")
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic(durable=True):
        feedback = Feedback.objects.create(page=page, useful=useful, comment=comment, given_by=user)
        record(
            "handbook.feedback_given",
            actor=user,
            obj=feedback,
            changed_fields=["useful", *(["comment"] if comment else [])],
            request=request,
        )
    return feedback


# --- Help with this step -----------------------------------------------------------------------------------


def choose_help_page(step: str, page: Page | None, *, actor, request=None) -> HelpLink | None:
    """Link `step` to `page` (None removes the link)."""
    if step not in Step.values:
        raise ServiceError("Choose a step from the list", field="step")
    with transaction.atomic(durable=True):
        link = HelpLink.objects.filter(step=step).first()
        if page is None:
            if link is not None:
                record("handbook.help_link_removed", actor=actor, obj=link, request=request)
                link.delete()
            result = None
        else:
            if link is None:
                link = HelpLink(step=step)
            link.page = page
            link.chosen_by = actor
            link.chosen_at = timezone.now()
            link.save()
            record(
                "handbook.help_link_chosen", actor=actor, obj=link, changed_fields=["page"], request=request
            )
            result = link
    return result


# --- Resources ------------------------------------------------------------------------------------------

RESOURCE_FIELDS = ("title", "description", "visibility", "generated", "order")


def create_resource(*, actor, request=None, **fields) -> Resource:
    with transaction.atomic(durable=True):
        generated = fields.get("generated", "")
        if generated and Resource.objects.filter(generated=generated).exists():
            raise ServiceError("The library already has this generated document", field="generated")
        resource = Resource.objects.create(slug=_unique_slug(Resource, fields["title"]), **fields)
        record(
            "handbook.resource_created",
            actor=actor,
            obj=resource,
            changed_fields=list(fields),
            request=request,
        )
    return resource


def change_resource(resource: Resource, *, actor, request=None, **fields) -> Resource:
    with transaction.atomic(durable=True):
        generated = fields.get("generated", resource.generated)
        if generated and Resource.objects.exclude(pk=resource.pk).filter(generated=generated).exists():
            raise ServiceError("The library already has this generated document", field="generated")
        changed = [name for name, value in fields.items() if getattr(resource, name) != value]
        for name, value in fields.items():
            setattr(resource, name, value)
        resource.updated_at = timezone.now()
        resource.save()
        record(
            "handbook.resource_changed", actor=actor, obj=resource, changed_fields=changed, request=request
        )
    return resource


def delete_resource(resource: Resource, *, actor, request=None) -> None:
    """Delete a resource and its files (a generated document can be added back from the list of them)."""
    with transaction.atomic(durable=True):
        record("handbook.resource_deleted", actor=actor, obj=resource, request=request)
        files = list(resource.files.all())
        resource.delete()
        # The files go once the rows are gone for good, so a failed delete leaves nothing missing.
        transaction.on_commit(lambda: [row.file.delete(save=False) for row in files])


def upload_resource_file(resource: Resource, *, actor, request=None, format: str, upload, content_type: str):
    """Add (or replace) the file of one format of a resource."""
    with transaction.atomic(durable=True):
        old = resource.files.filter(format=format).first()
        if old is not None:
            old.file.delete(save=False)
            old.delete()
        row = ResourceFile(
            resource=resource,
            format=format,
            original_name=(upload.name or "file")[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        row.file.save(upload.name, upload, save=False)
        row.save()
        resource.updated_at = timezone.now()
        resource.save(update_fields=["updated_at"])
        record(
            "handbook.resource_file_uploaded", actor=actor, obj=row, changed_fields=["file"], request=request
        )
    return row


def remove_resource_file(row: ResourceFile, *, actor, request=None) -> None:
    with transaction.atomic(durable=True):
        record("handbook.resource_file_removed", actor=actor, obj=row, request=request)
        row.file.delete(save=False)
        row.delete()


# --- The programme-wide jargon buster ----------------------------------------------------------------------


def save_term(term: Term | None, *, actor, request=None, word: str, meaning: str) -> Term:
    word = " ".join((word or "").split())
    if not word:
        raise ServiceError("Enter the word or abbreviation", field="term")
    if not (meaning or "").strip():
        raise ServiceError("Enter what it means", field="meaning")
    with transaction.atomic(durable=True):
        clash = Term.objects.filter(term__iexact=word)
        if term is not None:
            clash = clash.exclude(pk=term.pk)
        if clash.exists():
            raise ServiceError("The jargon buster already explains this word", field="term")
        created = term is None
        term = term or Term()
        term.term, term.meaning = word, meaning.strip()
        term.updated_by, term.updated_at = actor, timezone.now()
        term.save()
        record(
            "handbook.term_added" if created else "handbook.term_changed",
            actor=actor,
            obj=term,
            changed_fields=["term", "meaning"],
            request=request,
        )
    return term


def remove_term(term: Term, *, actor, request=None) -> None:
    with transaction.atomic(durable=True):
        record("handbook.term_removed", actor=actor, obj=term, request=request)
        term.delete()
