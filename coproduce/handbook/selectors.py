"""Reads for the handbook pages and API: each page's queries come from here, at a fixed cost per page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from coproduce.accounts.rules import is_back_office

from .choices import Step, Visibility
from .models import CoAuthor, Feedback, HelpLink, Page, PageVersion, Resource, ResourceFile, Section, Term

DELETED_SECTION = "A section since deleted"


def is_staff_reader(user) -> bool:
    return bool(is_back_office(user))


def section_page_count(section: Section) -> int:
    return Page.objects.filter(section=section).count()


def sections_with_pages(*, staff: bool) -> list[Section]:
    """Every section with the pages this reader may open, in order (sections with none are left out)."""
    pages = Page.objects.visible_to(staff).only("id", "section_id", "title", "slug", "summary", "visibility")
    sections = Section.objects.prefetch_related(Prefetch("pages", queryset=pages.order_by("order", "title")))
    return [section for section in sections if section.pages.all()]


def section_for(slug: str, *, staff: bool) -> tuple[Section, list[Page]]:
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        raise Http404("No such section")
    pages = list(Page.objects.visible_to(staff).filter(section=section).order_by("order", "title"))
    if not pages and not staff:
        raise Http404("No such section")
    return section, pages


def page_by_slug(slug: str) -> Page | None:
    return Page.objects.select_related("section", "updated_by").filter(slug=slug).first()


def credited(page: Page) -> list[CoAuthor]:
    """Co-authors who agreed to be named."""
    return list(page.co_authors.filter(consents=True).order_by("added_at", "id"))


def section_neighbours(page: Page, *, staff: bool) -> list[Page]:
    return list(
        Page.objects.visible_to(staff)
        .filter(section_id=page.section_id)
        .only("id", "title", "slug", "section_id")
        .order_by("order", "title")
    )


# --- Back office ------------------------------------------------------------------------------------------


def pages_for_editors(query: str = "", section: int | None = None):
    """Every page, with how many found it useful or not, for the editors' list."""
    pages = Page.objects.select_related("section", "updated_by").annotate(
        useful=Count("feedback", filter=Q(feedback__useful=True)),
        not_useful=Count("feedback", filter=Q(feedback__useful=False)),
    )
    if query:
        pages = pages.filter(title__icontains=query[:100])
    if section:
        pages = pages.filter(section_id=section)
    return pages.order_by("section__order", "section__title", "order", "title")


def versions_of(page: Page):
    return page.versions.select_related("saved_by").order_by("-number")


def version_of(page: Page, number) -> PageVersion:
    version = page.versions.select_related("saved_by", "section").filter(number=number).first()
    if version is None:
        raise Http404("No such version")
    return version


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same" | "added" | "removed"
    text: str


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def _lines(text: str) -> list[str]:
    return (text or "").replace("\r\n", "\n").split("\n")


def diff_text(before: str, after: str) -> list[DiffLine]:
    """Line by line: what was removed, added or kept between two texts."""
    kinds = {"  ": "same", "+ ": "added", "- ": "removed"}
    return [
        DiffLine(kinds[line[:2]], line[2:])
        for line in difflib.ndiff(_lines(before), _lines(after))
        if line[:2] in kinds
    ]


def _section_title(version: PageVersion) -> str:
    return version.section.title if version.section_id else DELETED_SECTION


def compare(older: PageVersion, newer: PageVersion) -> dict:
    labels = dict(Visibility.choices)
    fields = []
    if older.title != newer.title:
        fields.append(FieldChange("Title", older.title, newer.title))
    if older.summary != newer.summary:
        fields.append(FieldChange("Summary", older.summary, newer.summary))
    if older.visibility != newer.visibility:
        fields.append(FieldChange("Who can read it", labels[older.visibility], labels[newer.visibility]))
    if older.section_id != newer.section_id:
        fields.append(FieldChange("Section", _section_title(older), _section_title(newer)))
    return {
        "fields": fields,
        "body": diff_text(older.body, newer.body) if older.body != newer.body else [],
        "easy_read": diff_text(older.easy_read, newer.easy_read)
        if older.easy_read != newer.easy_read
        else [],
    }


def feedback_summary(page: Page) -> dict:
    return page.feedback.aggregate(
        yes=Count("id", filter=Q(useful=True)), no=Count("id", filter=Q(useful=False))
    )


def feedback_with_comments(page: Page):
    return Feedback.objects.filter(page=page).exclude(comment="").select_related("given_by")


def co_authors_of(page: Page) -> list[CoAuthor]:
    return list(page.co_authors.select_related("person").order_by("added_at", "id"))


# --- Help with this step -----------------------------------------------------------------------------------


def help_for(step: str, user) -> dict | None:
    """The page that helps with `step`, if there is one this user may read: one indexed read of a table
    with a row per step (not cached, so a page costs the same number of queries every time)."""
    link = HelpLink.objects.filter(step=step).values("page__slug", "page__title", "page__visibility").first()
    if link is None or not (link["page__visibility"] == Visibility.PUBLIC or is_staff_reader(user)):
        return None
    return {"slug": link["page__slug"], "title": link["page__title"]}


def help_link_rows() -> list[dict]:
    chosen = {link.step: link for link in HelpLink.objects.select_related("page", "chosen_by")}
    return [{"step": value, "label": label, "link": chosen.get(value)} for value, label in Step.choices]


def page_choices() -> list[tuple[int, str]]:
    return [
        (pk, f"{title} ({section})")
        for pk, title, section in Page.objects.order_by("section__order", "order", "title").values_list(
            "pk", "title", "section__title"
        )
    ]


# --- Resources ------------------------------------------------------------------------------------------


def resources_for(*, staff: bool) -> list[Resource]:
    resources = Resource.objects.prefetch_related(
        Prefetch("files", queryset=ResourceFile.objects.order_by("format"))
    )
    if not staff:
        resources = resources.filter(visibility=Visibility.PUBLIC)
    return list(resources.order_by("order", "title"))


def resource_by_slug(slug: str) -> Resource | None:
    return Resource.objects.prefetch_related("files").filter(slug=slug).first()


def resource_file(resource: Resource, format: str) -> ResourceFile | None:
    return resource.files.filter(format=format).first()


# --- Jargon buster --------------------------------------------------------------------------------------


def terms() -> list[tuple[str, str]]:
    """(term, meaning) of the programme-wide jargon buster, alphabetically (one query: a page's cost stays
    the same whether or not a cache is warm)."""
    return list(Term.objects.order_by("term").values_list("term", "meaning"))


def terms_beside(own_terms) -> list[tuple[str, str]]:
    """The programme's terms a project's own jargon buster does not explain itself (its words come first)."""
    own = {str(term).strip().lower() for term in own_terms}
    return [(term, meaning) for term, meaning in terms() if term.lower() not in own]


def term_rows():
    return Term.objects.select_related("updated_by").order_by("term")


def generated_markdown(resource: Resource) -> str:
    """The Markdown of a generated document, written from the programme's settings and the rate card and
    jargon buster in force today."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import timezone

    from coproduce.payments.selectors import rate_card_on

    today = timezone.localdate()
    config = settings.COPRODUCE
    context = {
        "programme": programme_settings(),
        "today": today,
        "rates": rate_card_on(today),
        "meal_limit": config["PAYMENTS_MEAL_LIMIT"],
        "advice_url": config["BENEFITS_ADVICE_URL"],
        "terms": terms(),
    }
    return render_to_string(f"handbook/public/generated/{resource.generated}.md", context).strip() + "\n"


def programme_settings() -> dict:
    from django.conf import settings

    config = settings.COPRODUCE
    return {
        "name": config["PROGRAMME_NAME"],
        "organisation": config["ORGANISATION_NAME"],
        "contact_email": config["CONTACT_EMAIL"],
        "contact_phone": config["CONTACT_PHONE"],
        "contact_address": config["CONTACT_ADDRESS"],
    }
