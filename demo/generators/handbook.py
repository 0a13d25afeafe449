"""The handbook: about 20 pages in six sections (two staff-only), each with its history of versions, some
with an easy read version, co-authors from the network (most agreed to be named), "was this useful?"
feedback with a few comments, the programme's jargon buster, the "Help with this step" links and the
resource library (the words are in handbook_content.py). The same size at every scale."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils.text import slugify

from coproduce.accounts.models import Role, User
from coproduce.handbook.models import (
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
from coproduce.people.models import Person

from . import handbook_content as content
from .context import ANCHOR, BATCH_SIZE, DemoContext

DESCRIPTIONS = ["expert by experience", "carer", "peer researcher", "board member", "champion", ""]


def _note(history, number: int, page: Page) -> str:
    """What changed in version `number`: the history's notes describe the changes after the first."""
    if number == 1:
        return "First version"
    changes = [note for note, _ in history if note != "First version"]
    if number - 2 < len(changes):
        return changes[number - 2]
    return "Easy read version added" if page.easy_read else "Clearer wording after feedback"


def _pages(ctx: DemoContext, rng, sections, editors) -> list[Page]:
    pages, histories = [], []
    for section in sections:
        for order, (title, summary, visibility, body, easy, history) in enumerate(
            content.PAGES[section.title]
        ):
            created = ANCHOR - datetime.timedelta(days=rng.randint(200, 420))
            page = Page(
                section=section,
                title=title,
                slug=slugify(title),
                summary=summary,
                body=body,
                easy_read=easy,
                visibility=visibility,
                order=order,
                version=len(history) + 1,
                created_at=created,
                updated_by=rng.choice(editors),
            )
            pages.append(page)
            histories.append(history)
    # Versions: the earlier texts, then the current one; each saved later than the one before.
    versions = []
    for page, history in zip(pages, histories, strict=True):
        saved = page.created_at
        states = [*history, ("", page.body)]
        for number, (_, body) in enumerate(states, start=1):
            if number > 1:
                saved += datetime.timedelta(days=rng.randint(9, 60), hours=rng.randint(0, 7))
            last = number == len(states)
            versions.append(
                PageVersion(
                    page=page,
                    number=number,
                    section=page.section,
                    title=page.title,
                    summary=page.summary,
                    body=body,
                    easy_read=page.easy_read if last else "",
                    visibility=page.visibility,
                    note=_note(history, number, page),
                    saved_by=page.updated_by if last else rng.choice(editors),
                    saved_at=saved,
                )
            )
        page.updated_at = saved
    Page.objects.bulk_create(pages, batch_size=BATCH_SIZE)
    for version in versions:
        version.page_id = version.page.pk
    PageVersion.objects.bulk_create(versions, batch_size=BATCH_SIZE)
    for page in pages:
        ctx.audit.add("handbook.page_created", page, changed_fields=["title", "body", "visibility"])
    return pages


def _co_authors(ctx: DemoContext, rng, pages, editors) -> int:
    member_ids = sorted(set(ctx.user_ids_by_role[Role.MEMBER]))[:200]
    people = list(Person.objects.filter(user_id__in=member_ids, erased_at__isnull=True).order_by("id")[:60])
    rows = []
    for page in pages:
        if page.visibility != "public" or rng.random() < 0.35 or not people:
            continue
        for person in rng.sample(people, k=rng.randint(1, 3)):
            consents = rng.random() < 0.85
            rows.append(
                CoAuthor(
                    page=page,
                    person=person,
                    name=person.preferred_name or person.full_name,
                    description=rng.choice(DESCRIPTIONS),
                    consents=consents,
                    consent_recorded_at=page.created_at if consents else None,
                    added_by=rng.choice(editors),
                    added_at=page.created_at,
                )
            )
    CoAuthor.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _feedback(ctx: DemoContext, rng, pages) -> int:
    member_ids = sorted(set(ctx.user_ids_by_role[Role.MEMBER]))
    useful_comments = list(content.COMMENTS_USEFUL)
    other_comments = list(content.COMMENTS_NOT_USEFUL)
    rng.shuffle(useful_comments)
    rng.shuffle(other_comments)
    rows = []
    for page in pages:
        for _ in range(rng.randint(2, 9)):
            useful = rng.random() < 0.75
            pool = useful_comments if useful else other_comments
            comment = pool.pop() if pool and rng.random() < 0.25 else ""
            rows.append(
                Feedback(
                    page=page,
                    useful=useful,
                    comment=comment,
                    given_by_id=rng.choice(member_ids) if member_ids and rng.random() < 0.6 else None,
                    given_at=page.updated_at + datetime.timedelta(days=rng.randint(1, 120)),
                )
            )
    Feedback.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _resources(ctx: DemoContext, editor) -> int:
    resources = [
        Resource(
            title=title,
            slug=slugify(title),
            description=description,
            generated=generated,
            order=order,
            updated_at=ANCHOR - datetime.timedelta(days=30),
        )
        for order, (title, description, generated) in enumerate(content.RESOURCES)
    ]
    Resource.objects.bulk_create(resources)
    report = next(resource for resource in resources if not resource.generated)
    text = (
        "Wyvernshire Co-production Programme: annual report (plain text version)\n\n"
        f"Projects supported this year: {ctx.counts.get('opportunities', 0) and 'see the projects pages'}\n"
        f"Meetings held: {ctx.counts.get('meetings', 0):,}\n"
        f"Payment claims made: {ctx.counts.get('claims', 0):,}\n\n"
        "What changed because of the people who took part is on each project's public page.\n"
    )
    row = ResourceFile(
        resource=report,
        format="plain_text",
        original_name="annual-report.txt",
        content_type="text/plain; charset=utf-8",
        size=len(text.encode()),
        uploaded_by=editor,
    )
    row.file.save("annual-report.txt", ContentFile(text.encode()), save=False)
    row.save()
    for resource in resources:
        ctx.audit.add("handbook.resource_created", resource, changed_fields=["title", "description"])
    return len(resources)


def generate(ctx: DemoContext) -> None:
    rng = ctx.rng("handbook")
    officer_ids = sorted(set(ctx.user_ids_by_role[Role.OFFICER]))[:4]
    editors = list(User.objects.filter(pk__in=officer_ids).order_by("id"))
    sections = [
        Section(title=title, slug=slugify(title), summary=summary, order=order)
        for order, (title, summary) in enumerate(content.SECTIONS)
    ]
    Section.objects.bulk_create(sections)
    pages = _pages(ctx, rng, sections, editors)
    by_title = {page.title: page for page in pages}
    HelpLink.objects.bulk_create(
        HelpLink(step=step, page=by_title[title], chosen_by=editors[0], chosen_at=ANCHOR)
        for step, title in content.HELP_LINKS.items()
    )
    Term.objects.bulk_create(
        Term(term=term, meaning=meaning, updated_by=rng.choice(editors), updated_at=ANCHOR)
        for term, meaning in content.TERMS
    )
    ctx.counts["handbook pages"] = len(pages)
    ctx.counts["handbook page versions"] = PageVersion.objects.count()
    ctx.counts["handbook co-authors"] = _co_authors(ctx, rng, pages, editors)
    ctx.counts["handbook feedback"] = _feedback(ctx, rng, pages)
    ctx.counts["resources"] = _resources(ctx, editors[0])
    ctx.audit.flush()
