"""Reads for the programme, board and concordat pages and the API. Other apps' data comes through their
selectors. Each function returns what its page needs in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator

from coproduce.meetings import selectors as meetings_selectors
from coproduce.opportunities import selectors as opportunities_selectors
from coproduce.payments import selectors as payments_selectors
from coproduce.people import selectors as people_selectors
from coproduce.projects import selectors as projects_selectors
from coproduce.projects.choices import Rung, Stage

from .choices import (
    CO_CHAIR_ROLES,
    LIVED_EXPERIENCE_ROLES,
    ORGANISATION_ROLES,
    RECRUITMENT_ORDER,
    BoardRole,
    ChallengeKind,
    ChallengeOutcome,
    ChallengeStatus,
    ShiftStatus,
)
from .models import (
    BoardTerm,
    Challenge,
    ConcordatVersion,
    PlanItem,
    Programme,
    Recruitment,
    ShiftNote,
    ShiftRecord,
    Signature,
    Sponsor,
    TermsOfReference,
)

# How soon a term's end, a commitment's review or the terms of reference's review counts as "due".
DUE_SOON = datetime.timedelta(days=60)


def the_programme() -> Programme | None:
    return Programme.objects.order_by("id").first()


def programme_or_404() -> Programme:
    programme = the_programme()
    if programme is None:
        raise Http404("The programme has no record yet")
    return programme


def shifts(programme: Programme) -> list[ShiftRecord]:
    """The seven shifts with their owner and latest notes (two queries)."""
    notes = Prefetch("notes", queryset=ShiftNote.objects.select_related("written_by"))
    return list(programme.shifts.select_related("owner").prefetch_related(notes).order_by("id"))


@dataclass(frozen=True)
class ShiftRow:
    """A shift as the programme page shows it: owner's name, status tag and latest note."""

    pk: int
    label: str
    owner_name: str
    status_label: str
    tag_class: str
    noted_on: datetime.date | None
    note: str


_SHIFT_LABELS = dict(ShiftRecord._meta.get_field("shift").choices)
_SHIFT_STATUS_LABELS = dict(ShiftStatus.choices)
_SHIFT_TAGS = {
    ShiftStatus.EMBEDDED: "govuk-tag--green",
    ShiftStatus.AT_RISK: "govuk-tag--red",
    ShiftStatus.IN_PROGRESS: "govuk-tag--blue",
}


def shift_rows(programme: Programme) -> list[ShiftRow]:
    """The seven shifts with their owner and latest note, in one query: the latest note is a subquery, so
    the page does not read every note ever written."""
    latest = ShiftNote.objects.filter(shift=OuterRef("pk")).order_by("-noted_on", "-id")
    found = (
        programme.shifts.annotate(
            noted_on=Subquery(latest.values("noted_on")[:1]), note=Subquery(latest.values("text")[:1])
        )
        .order_by("id")
        .values_list("pk", "shift", "owner__full_name", "status", "noted_on", "note")
    )
    return [
        ShiftRow(
            pk,
            _SHIFT_LABELS.get(shift, shift),
            owner or "",
            _SHIFT_STATUS_LABELS.get(status, status),
            _SHIFT_TAGS.get(status, "govuk-tag--grey"),
            noted_on,
            note or "",
        )
        for pk, shift, owner, status, noted_on, note in found
    ]


def shift_or_404(pk: int) -> ShiftRecord:
    shift = ShiftRecord.objects.select_related("owner", "programme").filter(pk=pk).first()
    if shift is None:
        raise Http404("No such shift")
    return shift


def sponsors(programme: Programme) -> list:
    return list(programme.sponsors.all())


def sponsor_or_404(pk: int) -> Sponsor:
    sponsor = Sponsor.objects.filter(pk=pk).first()
    if sponsor is None:
        raise Http404("No such sponsor")
    return sponsor


def commitments(programme: Programme) -> list:
    return list(programme.commitments.all())


def team(programme: Programme) -> list:
    return list(programme.team.select_related("person").order_by("person__name_search", "id"))


@dataclass(frozen=True)
class TeamRow:
    name: str
    role: str


def team_rows(programme: Programme) -> list[TeamRow]:
    """The co-production team as the programme page lists it: names and roles only (no personal details)."""
    found = programme.team.order_by("person__name_search", "id").values_list("person__full_name", "role")
    return [TeamRow(name, role) for name, role in found]


# --- Board composition -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Composition:
    terms: list[BoardTerm]
    warnings: list[str]
    ending_soon: list[BoardTerm]


def board_warnings(terms: list[BoardTerm]) -> list[str]:
    """What is wrong with the board's make-up today (current terms)."""
    roles = [term.role for term in terms]
    warnings = []
    if BoardRole.CO_CHAIR_LIVED not in roles:
        warnings.append("The seat of the co-chair with lived experience is vacant.")
    if BoardRole.CO_CHAIR_OFFICER not in roles:
        warnings.append("The seat of the co-chair who is a senior officer is vacant.")
    co_chairs = [role for role in roles if role in CO_CHAIR_ROLES]
    if len(co_chairs) >= 2 and all(role == BoardRole.CO_CHAIR_OFFICER for role in co_chairs):
        warnings.append("Both co-chairs are staff: one co-chair should bring lived experience.")
    lived = sum(1 for role in roles if role in LIVED_EXPERIENCE_ROLES)
    organisations = sum(1 for role in roles if role in ORGANISATION_ROLES)
    if organisations > lived:
        warnings.append(
            f"Staff and partner members ({organisations}) outnumber members with lived experience ({lived})."
        )
    return warnings


def composition(today: datetime.date | None = None) -> Composition:
    today = today or timezone.localdate()
    terms = list(
        BoardTerm.objects.current(today)
        .select_related("person", "renewed_by")
        .order_by("role", "person__name_search", "id")
    )
    ending = [t for t in terms if t.ends_on <= today + DUE_SOON and getattr(t, "renewed_by", None) is None]
    return Composition(terms=terms, warnings=board_warnings(terms), ending_soon=ending)


def terms_history():
    return BoardTerm.objects.select_related("person").order_by("-starts_on", "-id")


def term_or_404(pk: int) -> BoardTerm:
    term = BoardTerm.objects.select_related("person").filter(pk=pk).first()
    if term is None:
        raise Http404("No such term")
    return term


def terms_of(person) -> list[BoardTerm]:
    return list(BoardTerm.objects.filter(person=person).order_by("-starts_on", "-id"))


# --- Terms of reference ----------------------------------------------------------------------------------


def terms_of_reference() -> list[TermsOfReference]:
    return list(TermsOfReference.objects.select_related("decision", "decision__meeting"))


def current_terms_of_reference() -> TermsOfReference | None:
    return TermsOfReference.objects.select_related("decision").order_by("-version").first()


def terms_of_reference_review_due(today: datetime.date | None = None) -> int:
    """1 when the current version's review is due within DUE_SOON (or overdue), else 0."""
    today = today or timezone.localdate()
    current = TermsOfReference.objects.order_by("-version").values_list("review_due", flat=True).first()
    return int(current is not None and current <= today + DUE_SOON)


# --- Recruitment and the forward plan --------------------------------------------------------------------


def recruitment():
    return Recruitment.objects.select_related("person", "opportunity", "observed_meeting").order_by(
        "stopped_on", "-interest_on", "id"
    )


def recruitment_or_404(pk: int) -> Recruitment:
    found = Recruitment.objects.select_related("person").filter(pk=pk).first()
    if found is None:
        raise Http404("No such recruitment")
    return found


def forward_plan() -> list[PlanItem]:
    """Items planned for the board's coming meetings, soonest first."""
    return list(
        PlanItem.objects.filter(meeting__starts_at__gte=timezone.now(), meeting__cancelled_at__isnull=True)
        .select_related("meeting")
        .order_by("meeting__starts_at", "id")
    )


def plan_item_or_404(pk: int) -> PlanItem:
    item = PlanItem.objects.select_related("meeting", "agenda_item").filter(pk=pk).first()
    if item is None:
        raise Http404("No such item")
    return item


def coming_board_meetings() -> list:
    return list(meetings_selectors.board_meetings(upcoming=True)[:24])


def past_board_meetings() -> list:
    """The board's recent meetings, newest first: the one someone came to observe."""
    return list(meetings_selectors.board_meetings(upcoming=False)[:24])


def board_opportunities() -> list:
    """Programme-wide opportunities (not a project's), newest first: where interest in the board starts."""
    return list(
        opportunities_selectors.advertised_opportunities()
        .filter(project__isnull=True)
        .only("id", "title", "closes_on")
        .order_by("-closes_on", "-id")[:100]
    )


def board_decisions(limit: int = 200) -> list:
    return list(meetings_selectors.board_decisions()[:limit])


# --- Challenges ------------------------------------------------------------------------------------------

CHALLENGE_FILTERS = {
    "open": Q(status__in=[ChallengeStatus.AWAITING_RESPONSE, ChallengeStatus.RESPONDED]),
    "awaiting": Q(status=ChallengeStatus.AWAITING_RESPONSE),
    "responded": Q(status=ChallengeStatus.RESPONDED),
    "closed": Q(status=ChallengeStatus.CLOSED),
}


def challenges(show: str = ""):
    """Challenges for the board's list, newest first; `show`: open, awaiting, responded, closed, overdue."""
    found = Challenge.objects.select_related("project", "raised_by", "lead")
    if show == "overdue":
        found = overdue_challenges()
    elif show in CHALLENGE_FILTERS:
        found = found.filter(CHALLENGE_FILTERS[show])
    return found.order_by("-raised_at", "-id")


def overdue_challenges():
    return Challenge.objects.select_related("project", "raised_by", "lead").filter(
        status=ChallengeStatus.AWAITING_RESPONSE, respond_by__lt=timezone.localdate()
    )


def challenges_for_lead(user):
    return challenges("open").filter(lead=user)


CHALLENGE_COUNTS_KEY = "programme:challenge_counts"
CHALLENGE_COUNTS_SECONDS = 300


def challenge_status_counts() -> dict[str, int]:
    """How many challenges there are in each state, overdue and in all: the totals of the challenge list's
    pages and the programme page's figures. One grouped count, shared through the cache (keyed by the day,
    as "overdue" moves at midnight) and forgotten by every service that raises or moves a challenge."""
    today = timezone.localdate()
    key = f"{CHALLENGE_COUNTS_KEY}:{today.isoformat()}"
    counts = cache.get(key)
    if counts is None:
        overdue = Q(status=ChallengeStatus.AWAITING_RESPONSE, respond_by__lt=today)
        grouped = (
            Challenge.objects.order_by()
            .values_list("status")
            .annotate(n=Count("id"), late=Count("id", filter=overdue))
        )
        counts = dict.fromkeys(ChallengeStatus.values, 0)
        counts["overdue"] = 0
        for status, n, late in grouped:
            counts[status] = n
            counts["overdue"] += late
        counts["open"] = counts[ChallengeStatus.AWAITING_RESPONSE] + counts[ChallengeStatus.RESPONDED]
        counts[""] = sum(counts[status] for status in ChallengeStatus.values)
        cache.set(key, counts, CHALLENGE_COUNTS_SECONDS)
    return counts


def forget_challenge_counts() -> None:
    """Forget the shared counts now and again once the write is committed (called by the challenge
    services)."""
    key = f"{CHALLENGE_COUNTS_KEY}:{timezone.localdate().isoformat()}"
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def challenge_counts() -> dict[str, int]:
    """Open and overdue challenges (from the shared counts)."""
    counts = challenge_status_counts()
    return {"open": counts["open"], "overdue": counts["overdue"]}


@dataclass(frozen=True)
class ChallengeRow:
    """One line of a list of challenges, ready to show (no model or lookups left for the template)."""

    pk: int
    project_title: str
    kind_label: str
    text: str
    respond_by: datetime.date
    tag_class: str
    tag_label: str


_KIND_LABELS = dict(ChallengeKind.choices)
_OUTCOME_LABELS = {value: Truncator(label).chars(40) for value, label in ChallengeOutcome.choices}


def challenge_tag(
    status: str, outcome: str, respond_by: datetime.date, today: datetime.date
) -> tuple[str, str]:
    """The tag's colour and words, as programme/member/_challenge_tag.html shows them."""
    if status == ChallengeStatus.CLOSED:
        return "govuk-tag--green", _OUTCOME_LABELS.get(outcome, "")
    if status == ChallengeStatus.RESPONDED:
        return "govuk-tag--blue", "Responded"
    if respond_by < today:
        return "govuk-tag--red", "Response overdue"
    return "govuk-tag--yellow", "Waiting for a response"


LIST_COLUMNS = ("id", "project__title", "kind", "text", "respond_by", "status", "outcome", "raised_at")


def for_list(found):
    """`found` (challenges) reading only what a list of challenges shows: no people joined."""
    return found.select_related(None).select_related("project").only(*LIST_COLUMNS)


def challenge_rows(found, today: datetime.date | None = None) -> list[ChallengeRow]:
    """Plain rows of `found` (challenges read with `for_list`, already cut to a page)."""
    today = today or timezone.localdate()
    return [
        ChallengeRow(
            c.pk,
            c.project.title,
            _KIND_LABELS.get(c.kind, c.kind),
            c.text,
            c.respond_by,
            *challenge_tag(c.status, c.outcome, c.respond_by, today),
        )
        for c in found
    ]


def challenge_or_404(pk: int) -> Challenge:
    challenge = (
        Challenge.objects.select_related(
            "project", "raised_by", "lead", "responded_by", "outcome_by", "decision"
        )
        .filter(pk=pk)
        .first()
    )
    if challenge is None:
        raise Http404("No such challenge")
    return challenge


def project_challenges(project) -> list[Challenge]:
    return list(project.challenges.select_related("raised_by", "lead").order_by("-raised_at", "-id"))


def projects_to_challenge():
    return projects_selectors.projects_to_challenge()


# --- The concordat ---------------------------------------------------------------------------------------


def current_concordat() -> ConcordatVersion | None:
    return ConcordatVersion.objects.select_related("decision").order_by("-number").first()


def concordat_versions() -> list[ConcordatVersion]:
    return list(
        ConcordatVersion.objects.select_related("decision")
        .annotate(signed=Count("signatures"))
        .order_by("-number")
    )


def concordat_version_or_404(number: int) -> ConcordatVersion:
    version = ConcordatVersion.objects.select_related("decision").filter(number=number).first()
    if version is None:
        raise Http404("No such version")
    return version


def listed_signatories(version: ConcordatVersion):
    return version.signatures.filter(listed=True).order_by("kind", "name", "id")


def signatures(version: ConcordatVersion):
    return version.signatures.select_related("person").order_by("-signed_on", "-id")


def still_to_re_sign(version: ConcordatVersion) -> list[Signature]:
    """Signatories of the version before who have not signed this one."""
    previous = ConcordatVersion.objects.filter(number__lt=version.number).order_by("-number").first()
    if previous is None:
        return []
    signed_keys = version.signatures.values("signatory_key")
    return list(previous.signatures.exclude(signatory_key__in=signed_keys).order_by("name", "id"))


def signature_of(version: ConcordatVersion | None, person) -> Signature | None:
    if version is None or person is None:
        return None
    return version.signatures.filter(person=person).first()


def signatures_of(person) -> list[Signature]:
    return list(Signature.objects.filter(person=person).select_related("version").order_by("-signed_on"))


# --- The programme page ----------------------------------------------------------------------------------

FIGURES_CACHE_KEY = "programme:figures"
FIGURES_CACHE_SECONDS = 300


def programme_figures() -> dict:
    """Projects by stage and ladder rung, money committed and paid and people involved this year. These sum
    over the programme's big tables, so the page shares them through the cache for five minutes (money is
    forgotten at once on every ledger posting by payments)."""
    figures = cache.get(FIGURES_CACHE_KEY)
    if figures is None:
        today = timezone.localdate()
        stages = projects_selectors.stage_counts()
        ladder = projects_selectors.ladder_counts()
        figures = {
            "stages": [(label, stages.get(value, 0)) for value, label in Stage.choices],
            "rungs": [
                (value, label, ladder["targets"].get(value, 0), ladder["achieved"].get(value, 0))
                for value, label in reversed(Rung.choices)
            ],
            "with_target": ladder["with_target"],
            "rated": ladder["rated"],
            "reached": ladder["reached"],
            "involved_this_year": people_selectors.count_involved_since(today.replace(month=1, day=1)),
            "year": today.year,
        }
        cache.set(FIGURES_CACHE_KEY, figures, FIGURES_CACHE_SECONDS)
    return {**figures, "money": payments_selectors.programme_money()}


def programme_page(programme: Programme) -> dict:
    return {
        "record": programme,
        "shifts": shift_rows(programme),
        "sponsors": sponsors(programme),
        "commitments": commitments(programme),
        "figures": programme_figures(),
        "challenges": challenge_counts(),
        "open_challenges": challenge_rows(for_list(challenges("open"))[:10]),
        "actions": meetings_selectors.board_action_counts(),
        "team": team_rows(programme),
    }


def board_pack(meeting) -> dict:
    """Everything the board pack of one meeting shows."""
    agenda, loose_papers = meetings_selectors.meeting_page(meeting)
    papers = [paper for item in agenda for paper in item.papers.all()] + loose_papers
    programme = the_programme()
    return {
        "meeting": meeting,
        "agenda": agenda,
        "papers": papers,
        "open_actions": list(meetings_selectors.board_open_actions()[:50]),
        "open_challenges": challenge_rows(for_list(challenges("open"))[:50]),
        "record": programme,
        "shifts": shifts(programme) if programme else [],
        "figures": programme_figures(),
        "challenge_counts": challenge_counts(),
        "action_counts": meetings_selectors.board_action_counts(),
        "today": timezone.localdate(),
    }


def next_step(recruitment: Recruitment) -> str | None:
    position = RECRUITMENT_ORDER.index(recruitment.step)
    return RECRUITMENT_ORDER[position + 1] if position + 1 < len(RECRUITMENT_ORDER) else None


def challenge_lead(project):
    """Who answers a challenge: the project's staff lead with a sign-in, else who asked for the project."""
    from coproduce.projects.selectors import current_team

    for member in current_team(project):
        if member.role == "staff_lead" and member.person.user_id:
            return member.person.user
    return project.requested_by


def challenges_answered_on_time(starts: datetime.date, ends: datetime.date) -> dict[str, int]:
    """Of the board's challenges due in [starts, ends) and already due (respond_by before today), how many
    were answered by their date: evaluation's "board challenges answered on time" indicator."""
    from django.db.models import F
    from django.db.models.functions import TruncDate

    due = Challenge.objects.filter(
        respond_by__gte=starts, respond_by__lt=min(ends, timezone.localdate())
    ).annotate(answered_on=TruncDate("responded_at"))
    return due.aggregate(due=Count("id"), on_time=Count("id", filter=Q(answered_on__lte=F("respond_by"))))
