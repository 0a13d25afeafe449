"""Writes for evaluation: each verb checks the rules, writes, and records its audit event in one transaction.

Refusals raise coproduce.core.errors.ServiceError with a plain-English message (and `field=` when it
belongs to one field), before anything is written.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.audit.services import record
from coproduce.core import search
from coproduce.core.errors import ConflictError, ServiceError
from coproduce.people import census
from coproduce.people import selectors as people_selectors

from . import choices, models, selectors

SUPPRESSION_THRESHOLD = selectors.SUPPRESSION_THRESHOLD
# A category is a gap when the group's share is this many percentage points below the census share.
GAP_POINTS = Decimal("5")
AIM_FIELDS = ("title", "description", "agreed_by", "agreed_on", "order")
OUTCOME_FIELDS = ("aim", "title", "description", "order")
INDICATOR_FIELDS = (
    "outcome",
    "title",
    "description",
    "kind",
    "computed_code",
    "unit",
    "baseline",
    "target",
    "target_date",
    "higher_is_better",
    "project",
    "order",
)
EVIDENCE_FIELDS = (
    "kind",
    "title",
    "text",
    "attribution",
    "person",
    "file",
    "collected_on",
    "project",
    "for_report",
)


def _required(fields: dict, *names: str) -> None:
    for name in names:
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ServiceError(f"Enter the {name.replace('_', ' ')}.", field=name)


def _save(obj, fields: dict, names, verb: str, *, actor, request, created: bool):
    changed = []
    for name in names:
        if name in fields and (created or getattr(obj, name) != fields[name]):
            setattr(obj, name, fields[name])
            changed.append(name)
    obj.save()
    if isinstance(obj, models.Aim | models.Outcome | models.Indicator):
        selectors.forget_pages()
    record(verb, actor=actor, obj=obj, changed_fields=changed, request=request)
    return obj


# --- Aims, outcomes, indicators -----------------------------------------------------------------------------


def create_aim(*, actor, request=None, **fields) -> models.Aim:
    _required(fields, "title", "agreed_by", "agreed_on")
    with transaction.atomic(durable=True):
        return _save(
            models.Aim(),
            fields,
            AIM_FIELDS,
            "evaluation.aim_created",
            actor=actor,
            request=request,
            created=True,
        )


def update_aim(aim: models.Aim, *, actor, request=None, **fields) -> models.Aim:
    _required({**{n: getattr(aim, n) for n in AIM_FIELDS}, **fields}, "title", "agreed_by", "agreed_on")
    with transaction.atomic(durable=True):
        return _save(
            aim, fields, AIM_FIELDS, "evaluation.aim_changed", actor=actor, request=request, created=False
        )


def create_outcome(*, actor, request=None, **fields) -> models.Outcome:
    _required(fields, "aim", "title")
    with transaction.atomic(durable=True):
        return _save(
            models.Outcome(),
            fields,
            OUTCOME_FIELDS,
            "evaluation.outcome_created",
            actor=actor,
            request=request,
            created=True,
        )


def update_outcome(outcome: models.Outcome, *, actor, request=None, **fields) -> models.Outcome:
    _required({"aim": outcome.aim, "title": outcome.title, **fields}, "aim", "title")
    with transaction.atomic(durable=True):
        return _save(
            outcome,
            fields,
            OUTCOME_FIELDS,
            "evaluation.outcome_changed",
            actor=actor,
            request=request,
            created=False,
        )


def _check_indicator(fields: dict) -> None:
    _required(fields, "outcome", "title", "kind")
    kind = fields["kind"]
    code = fields.get("computed_code", "") or ""
    if kind == choices.IndicatorKind.COMPUTED:
        if selectors.computed_indicator(code) is None:
            raise ServiceError("Choose what the platform should work out.", field="computed_code")
        fields["unit"] = selectors.computed_indicator(code).unit
    elif kind == choices.IndicatorKind.MANUAL:
        fields["computed_code"] = ""
    else:
        raise ServiceError("Choose how the indicator is measured.", field="kind")


def create_indicator(*, actor, request=None, **fields) -> models.Indicator:
    _check_indicator(fields)
    with transaction.atomic(durable=True):
        return _save(
            models.Indicator(),
            fields,
            INDICATOR_FIELDS,
            "evaluation.indicator_created",
            actor=actor,
            request=request,
            created=True,
        )


def update_indicator(indicator: models.Indicator, *, actor, request=None, **fields) -> models.Indicator:
    merged = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    merged.update(fields)
    _check_indicator(merged)
    with transaction.atomic(durable=True):
        return _save(
            indicator,
            merged,
            INDICATOR_FIELDS,
            "evaluation.indicator_changed",
            actor=actor,
            request=request,
            created=False,
        )


def record_value(
    indicator: models.Indicator, *, date: datetime.date, value: Decimal, note: str = "", actor, request=None
):
    """Record (or correct) a hand-recorded indicator's value on a date."""
    if indicator.kind != choices.IndicatorKind.MANUAL:
        raise ServiceError("The platform works this indicator out: its values cannot be typed in.")
    if date is None:
        raise ServiceError("Enter the date the value is for.", field="date")
    if date > timezone.localdate():
        raise ServiceError("The date cannot be in the future.", field="date")
    if value is None:
        raise ServiceError("Enter the value.", field="value")
    with transaction.atomic(durable=True):
        row, created = models.IndicatorValue.objects.update_or_create(
            indicator=indicator,
            date=date,
            defaults={"value": value, "note": note, "recorded_by": actor, "recorded_at": timezone.now()},
        )
        selectors.forget_pages()
        record(
            "evaluation.value_recorded" if created else "evaluation.value_corrected",
            actor=actor,
            obj=indicator,
            changed_fields=["date", "value", "note"],
            request=request,
        )
    return row


# --- Evidence -----------------------------------------------------------------------------------------------


def _check_evidence(fields: dict) -> None:
    _required(fields, "kind", "title", "collected_on")
    kind = fields["kind"]
    if fields["collected_on"] > timezone.localdate():
        raise ServiceError("The date cannot be in the future.", field="collected_on")
    if kind in (choices.EvidenceKind.PHOTO, choices.EvidenceKind.DOCUMENT) and not fields.get("file"):
        raise ServiceError("Choose the file to upload.", field="file")
    if (
        kind not in (choices.EvidenceKind.PHOTO, choices.EvidenceKind.DOCUMENT)
        and not (fields.get("text") or "").strip()
    ):
        raise ServiceError("Enter what was said, seen or found.", field="text")


def add_evidence(
    *, actor, request=None, aims=(), outcomes=(), indicators=(), by_peer_researcher=False, **fields
):
    """Add a piece of evidence linked to aims, outcomes, indicators and a project. A quote or photo of a named
    person is refused unless that person's latest consent for it is given."""
    _check_evidence(fields)
    person = fields.get("person")
    purpose = choices.CONSENT_PURPOSE_FOR_KIND.get(fields["kind"])
    if person is not None and purpose and not _consents(person, purpose):
        use = "quote them" if purpose == "quotes" else "use photos of them"
        raise ServiceError(
            f"{person.display_name} has not agreed that we {use}. "
            "Record their consent first, or leave the person out and credit it anonymously.",
            field="person",
        )
    with transaction.atomic(durable=True):
        item = models.Evidence(collected_by=actor, by_peer_researcher=by_peer_researcher)
        _save(
            item,
            fields,
            EVIDENCE_FIELDS,
            "evaluation.evidence_added",
            actor=actor,
            request=request,
            created=True,
        )
        item.aims.set(aims)
        item.outcomes.set(outcomes)
        item.indicators.set(indicators)
    return item


def _consents(person, purpose: str) -> bool:
    return people_selectors.consent_given(person, purpose)


def update_evidence_links(
    item: models.Evidence, *, aims, outcomes, indicators, project, for_report: bool, actor, request=None
):
    with transaction.atomic(durable=True):
        item.project = project
        item.for_report = for_report
        item.save(update_fields=["project", "for_report"])
        item.aims.set(aims)
        item.outcomes.set(outcomes)
        item.indicators.set(indicators)
        record(
            "evaluation.evidence_linked",
            actor=actor,
            obj=item,
            changed_fields=["aims", "outcomes", "indicators", "project", "for_report"],
            request=request,
        )
    return item


def withdraw_evidence(item: models.Evidence, *, actor, request=None) -> models.Evidence:
    """Take a piece of evidence out of use (it stays for the audit trail, shown nowhere)."""
    with transaction.atomic(durable=True):
        updated = models.Evidence.objects.filter(pk=item.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if not updated:
            raise ConflictError("This evidence was already withdrawn.")
        record(
            "evaluation.evidence_withdrawn",
            actor=actor,
            obj=item,
            changed_fields=["withdrawn_at"],
            request=request,
        )
    item.refresh_from_db()
    return item


def record_download(name: str, *, actor, request=None) -> None:
    """Every CSV download of evaluation figures is audited, naming the file (never its contents)."""
    record(
        "evaluation.exported",
        actor=actor,
        obj=("evaluation.export", name),
        changed_fields=[name],
        request=request,
    )


# --- Peer researchers' time -------------------------------------------------------------------------------


def pay_at_peer_research_rate(claim, *, actor, request=None):
    """Pay a peer researcher's research session at the rate card's peer research rate, through payments'
    own service for changing a claim's activity (it checks the claim can still change and audits it).

    Until payments can say which activity a meeting's attendance is paid at, the team sets it here."""
    from coproduce.payments import services as payments_services
    from coproduce.payments.choices import Activity

    if claim.person_id not in set(selectors.peer_researcher_ids()):
        raise ServiceError("Only a peer researcher's claim is paid at the peer research rate.")
    try:
        return payments_services.change_time(
            claim, activity=Activity.PEER_RESEARCH, hours=claim.hours, actor=actor, request=request
        )
    except payments_services.PaymentError as error:
        raise ServiceError(str(error)) from None


# --- Summary rows -------------------------------------------------------------------------------------------


def _quantize(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _refresh_indicators(today: datetime.date) -> int:
    """Write each computed indicator's value for the year to `today` (one row per indicator and day)."""
    written = 0
    starts, ends = today - selectors.YEAR, today + datetime.timedelta(days=1)
    selectors.forget_figures()
    for row in selectors.computed_indicator_rows():
        computed = selectors.computed_indicator(row.computed_code)
        if computed is None:
            continue
        value = _quantize(computed.compute(starts, ends))
        if value is None:
            continue
        models.IndicatorValue.objects.update_or_create(
            indicator=row,
            date=today,
            defaults={"value": value, "note": "Worked out by the platform", "recorded_at": timezone.now()},
        )
        written += 1
    return written


def _snapshot_rows(
    group: selectors.Group, today: datetime.date, baseline: dict
) -> tuple[models.DiversitySnapshot, list]:
    """One group's diversity snapshot for `today` and its rows, unsaved (two queries: counts and size)."""
    counts = people_selectors.group_counts(group.people)
    profile = people_selectors.profile_from_counts(counts, baseline)
    size = group.people.count()
    topic_scores = {}
    rows = []
    order = 0
    for topic in profile:
        raw = counts[topic.field]
        answered = sum(raw.values())
        score = selectors.representation(raw, baseline.get(topic.field, {}))
        topic_scores[topic.field] = score
        for row in topic.rows:
            order += 1
            share = Decimal(raw[row.value]) * 100 / answered if answered else None
            gap = bool(
                answered >= SUPPRESSION_THRESHOLD
                and row.oxfordshire is not None
                and row.value != "prefer_not"
                and share is not None
                and share < row.oxfordshire - GAP_POINTS
            )
            rows.append(
                models.DiversityRow(
                    topic=topic.field,
                    topic_label=topic.heading,
                    value=row.value,
                    label=row.label,
                    order=order,
                    count=None if row.suppressed else row.count,
                    percent=row.percent,
                    census=row.oxfordshire,
                    england=row.england,
                    topic_answered=None if topic.answered == people_selectors.SUPPRESSED else topic.answered,
                    topic_score=score,
                    gap=gap,
                )
            )
    scored = [s for s in topic_scores.values() if s is not None]
    answered_any = max((sum(c.values()) for c in counts.values()), default=0)
    snapshot = models.DiversitySnapshot(
        group_key=group.key,
        group_label=group.label[:200],
        project_id=group.project_id,
        taken_on=today,
        size=size if size >= SUPPRESSION_THRESHOLD else None,
        answered=answered_any if answered_any >= SUPPRESSION_THRESHOLD else None,
        score=(sum(scored) / len(scored)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if scored
        else None,
    )
    return snapshot, rows


def _snapshot_groups(
    groups: list[selectors.Group], today: datetime.date, baseline: dict
) -> list[models.DiversitySnapshot]:
    """Write the groups' snapshots for `today`, replacing the day's earlier ones (rows written in batches)."""
    made = [_snapshot_rows(group, today, baseline) for group in groups]
    models.DiversitySnapshot.objects.filter(taken_on=today, group_key__in=[g.key for g in groups]).delete()
    snapshots = models.DiversitySnapshot.objects.bulk_create([snapshot for snapshot, _rows in made])
    rows = []
    for snapshot, (_unsaved, group_rows) in zip(snapshots, made, strict=True):
        for row in group_rows:
            row.snapshot = snapshot
        rows.extend(group_rows)
    models.DiversityRow.objects.bulk_create(rows, batch_size=1000)
    return snapshots


def refresh_for_date(
    day: datetime.date,
    *,
    diversity: bool = True,
    project_teams: bool = True,
    indicators: bool = True,
    actor=None,
    request=None,
) -> dict[str, int]:
    """Rewrite the summary rows for `day`: every group's diversity snapshot (without the project teams when
    `project_teams` is False), then every computed indicator for the year to that day (some read the
    snapshots). The nightly task, the dashboard's button and the refresh queued after a change run it for
    today; the demo back-fills its quarterly history with it."""
    groups = 0
    with transaction.atomic():
        if diversity:
            found = [g for g in selectors.groups_on(day) if project_teams or g.project_id is None]
            _snapshot_groups(found, day, census.baseline())
            groups = len(found)
        written = _refresh_indicators(day) if indicators else 0
        selectors.forget_pages()
        record(
            "evaluation.summaries_refreshed",
            actor=actor,
            obj=("evaluation.summary", day.isoformat()),
            changed_fields=[
                name for name, done in (("diversity", diversity), ("indicators", indicators)) if done
            ],
            request=request,
        )
    return {"groups": groups, "indicators": written}


def refresh_summaries(today: datetime.date | None = None, *, actor=None, request=None) -> dict[str, int]:
    """Rewrite today's summary rows (the nightly task, or on demand from the dashboard)."""
    return refresh_for_date(today or timezone.localdate(), actor=actor, request=request)


# --- Surveys ------------------------------------------------------------------------------------------------


def create_survey(*, actor, request=None, with_default_questions: bool = True, **fields) -> models.Survey:
    """A new draft survey, starting with the five default questions unless asked not to."""
    _required(fields, "title")
    with transaction.atomic(durable=True):
        survey = models.Survey(created_by=actor)
        _save(
            survey,
            fields,
            ("title", "introduction", "easy_read_introduction", "anonymous", "project", "body", "meeting"),
            "evaluation.survey_created",
            actor=actor,
            request=request,
            created=True,
        )
        if with_default_questions:
            add_default_questions(survey, actor=actor, request=request)
    return survey


def add_default_questions(survey: models.Survey, *, actor, request=None) -> list[models.Question]:
    """Add the five default rating questions to a draft survey (create_survey does unless asked not to)."""
    with transaction.atomic():
        made = models.Question.objects.bulk_create(
            models.Question(
                survey=survey,
                order=n,
                kind=choices.QuestionKind.RATING,
                text=text,
                easy_read_text=easy,
                required=True,
            )
            for n, (text, easy) in enumerate(choices.DEFAULT_QUESTIONS, start=1)
        )
        record(
            "evaluation.question_added",
            actor=actor,
            obj=survey,
            changed_fields=["questions"],
            request=request,
        )
    return made


def add_question(survey: models.Survey, *, actor, request=None, **fields) -> models.Question:
    if survey.status != choices.SurveyStatus.DRAFT:
        raise ConflictError("Questions can only be changed while the survey is a draft.")
    _required(fields, "kind", "text")
    options = [o.strip() for o in fields.get("options") or [] if o.strip()]
    if fields["kind"] == choices.QuestionKind.CHOICE and len(options) < 2:
        raise ServiceError("Give at least two answers to choose from, one a line.", field="options")
    fields["options"] = options if fields["kind"] == choices.QuestionKind.CHOICE else []
    with transaction.atomic(durable=True):
        last = survey.questions.order_by("-order").values_list("order", flat=True).first() or 0
        question = models.Question(survey=survey, order=last + 1)
        return _save(
            question,
            fields,
            ("kind", "text", "easy_read_text", "options", "required"),
            "evaluation.question_added",
            actor=actor,
            request=request,
            created=True,
        )


def remove_question(question: models.Question, *, actor, request=None) -> None:
    if question.survey.status != choices.SurveyStatus.DRAFT:
        raise ConflictError("Questions can only be changed while the survey is a draft.")
    with transaction.atomic(durable=True):
        record(
            "evaluation.question_removed",
            actor=actor,
            obj=question.survey,
            changed_fields=["questions"],
            request=request,
        )
        question.delete()


def open_survey(survey: models.Survey, *, actor, request=None) -> models.Survey:
    if not survey.questions.exists():
        raise ServiceError("Add at least one question before opening the survey.")
    with transaction.atomic(durable=True):
        if not models.Survey.objects.filter(pk=survey.pk, status=choices.SurveyStatus.DRAFT).update(
            status=choices.SurveyStatus.OPEN, opened_on=timezone.localdate()
        ):
            raise ConflictError("Only a draft survey can be opened.")
        record(
            "evaluation.survey_opened", actor=actor, obj=survey, changed_fields=["status"], request=request
        )
    survey.refresh_from_db()
    return survey


def close_survey(survey: models.Survey, *, actor, request=None) -> models.Survey:
    with transaction.atomic(durable=True):
        if not models.Survey.objects.filter(pk=survey.pk, status=choices.SurveyStatus.OPEN).update(
            status=choices.SurveyStatus.CLOSED
        ):
            raise ConflictError("Only an open survey can be closed.")
        record(
            "evaluation.survey_closed", actor=actor, obj=survey, changed_fields=["status"], request=request
        )
    survey.refresh_from_db()
    return survey


def submit_response(
    survey: models.Survey,
    answers: dict[int, object],
    *,
    method: str,
    person=None,
    easy_read: bool = False,
    actor=None,
    request=None,
) -> models.SurveyResponse:
    """Store one response. `answers` maps question id to a rating (1-5), a choice or text. Required questions
    must be answered; an anonymous survey never stores who answered."""
    if survey.status != choices.SurveyStatus.OPEN:
        raise ConflictError("This survey is not open for answers.")
    questions = list(survey.questions.order_by("order", "id"))
    rows = []
    for question in questions:
        value = answers.get(question.id)
        empty = value in (None, "")
        if empty:
            if question.required:
                raise ServiceError("Answer this question.", field=f"q{question.id}")
            continue
        answer = models.Answer(question=question)
        if question.kind == choices.QuestionKind.RATING:
            try:
                rating = int(value)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                raise ServiceError("Choose an answer from 1 to 5.", field=f"q{question.id}")
            answer.rating = rating
        elif question.kind == choices.QuestionKind.CHOICE:
            if value not in question.options:
                raise ServiceError("Choose one of the answers.", field=f"q{question.id}")
            answer.choice = value
        else:
            answer.text = str(value).strip()[:5000]
        rows.append(answer)
    with transaction.atomic(durable=True):
        response = models.SurveyResponse.objects.create(
            survey=survey,
            person=None if survey.anonymous else person,
            method=method,
            easy_read=easy_read,
            entered_by=actor if method != choices.ResponseMethod.ONLINE else None,
        )
        for answer in rows:
            answer.response = response
        models.Answer.objects.bulk_create(rows)
        transaction.on_commit(
            lambda: cache.delete_many(
                [selectors.SURVEY_RESULTS_CACHE + name for name in selectors.RESULTS_BY]
                + [selectors.SURVEY_FIGURES_CACHE + str(survey.pk)]
            )
        )
        record(
            "evaluation.survey_answered",
            actor=actor,
            obj=survey,
            changed_fields=["method", "answers"],
            request=request,
        )
    return response


# --- Surveys sent after meetings and at project close --------------------------------------------------


def send_survey_invitation(survey: models.Survey, person, *, actor=None, request=None) -> bool:
    """Send one person the link to an open survey, by the way they chose to be contacted (notifications):
    the one place a survey reaches people. Never twice: False when they were already sent it, or were erased.
    Someone we cannot reach is on the notifications' not-reached list (the team can give them a paper copy
    or ring them)."""
    from coproduce.accounts.selectors import site_url
    from coproduce.notifications.services import notify

    if person.erased_at:
        return False
    with transaction.atomic():
        _invitation, created = models.SurveyInvitation.objects.get_or_create(survey=survey, person=person)
        if not created:
            return False
        link = site_url(reverse("evaluation:answer", args=[survey.token]))
        body = (
            f"{survey.introduction}\n\nIt takes five minutes, and there is an easy read version. "
            f"{'We do not know who gave which answers. ' if survey.anonymous else ''}"
            f"Answer here: {link}\n\nIf you would rather answer on paper or by phone, just tell us."
        )
        notify(
            person,
            "survey_invitation",
            {"subject": f"Tell us how it went: {survey.title}", "body": body, "survey": survey},
            f"evaluation.survey:{survey.pk}:{person.pk}",
            actor=actor,
            request=request,
            link=link,
        )
        record(
            "evaluation.survey_sent",
            actor=actor,
            obj=survey,
            changed_fields=["invitations"],
            request=request,
        )
    return True


def _event_survey(sent_for: str, title: str, *, project=None, body=None, meeting=None) -> models.Survey:
    """The open default survey for an event, made the first time (the unique sent_for keeps it one)."""
    found = models.Survey.objects.filter(sent_for=sent_for).first()
    if found:
        return found
    survey = models.Survey.objects.create(
        sent_for=sent_for,
        title=title[:200],
        introduction="Tell us how it went, so we can do better next time.",
        easy_read_introduction="Tell us what it was like.",
        anonymous=True,
        project=project,
        body=body,
        meeting=meeting,
        status=choices.SurveyStatus.OPEN,
        opened_on=timezone.localdate(),
    )
    add_default_questions(survey, actor=None)
    record("evaluation.survey_opened", actor=None, obj=survey, changed_fields=["status", "sent_for"])
    return survey


# A meeting or project close older than this is not surveyed (a late correction of attendance, an old project
# edited): the nightly sweep looks back as far, so a send missed while a worker was down still goes.
SURVEY_WINDOW = datetime.timedelta(days=14)


def survey_after_meeting(meeting_id: int, *, actor=None, request=None) -> int:
    """Send the default survey to everyone marked present at a meeting that has ended (queued when attendance
    is recorded, and by the nightly sweep). Returns how many were sent it now; a second run sends no one
    twice, and someone marked present later is sent the same survey."""
    from coproduce.meetings import selectors as meetings_selectors

    now = timezone.now()
    meeting = meetings_selectors.held_meeting(meeting_id, now - SURVEY_WINDOW, now)
    if meeting is None:
        return 0
    with transaction.atomic():
        survey = _event_survey(
            f"meeting:{meeting.pk}",
            f"How was {meeting.title}?",
            project=meeting.project,
            body=meeting.body,
            meeting=meeting,
        )
        if survey.status != choices.SurveyStatus.OPEN:
            return 0
        people = meetings_selectors.people_present_at(meeting.pk).exclude(
            pk__in=survey.invitations.values("person")
        )
        return sum(send_survey_invitation(survey, p, actor=actor, request=request) for p in people)


def survey_at_project_close(project_id: int, *, actor=None, request=None) -> int:
    """Send the default survey to a closed project's team (queued when the project closes, and by the
    nightly sweep); never twice for the same project or person."""
    from coproduce.projects import selectors as projects_selectors

    project = projects_selectors.closed_project(project_id, since=timezone.now() - SURVEY_WINDOW)
    if project is None:
        return 0
    with transaction.atomic():
        survey = _event_survey(f"project:{project.pk}", f"Looking back on {project.title}", project=project)
        if survey.status != choices.SurveyStatus.OPEN:
            return 0
        people = (
            projects_selectors.team_people(project.pk)
            .filter(erased_at__isnull=True)
            .distinct()
            .exclude(pk__in=survey.invitations.values("person"))
        )
        return sum(send_survey_invitation(survey, p, actor=actor, request=request) for p in people)


# --- Seven-shifts self-assessment ---------------------------------------------------------------------------


def create_round(*, actor, request=None, name: str, held_on: datetime.date) -> models.AssessmentRound:
    _required({"name": name, "held_on": held_on}, "name", "held_on")
    with transaction.atomic(durable=True):
        if models.AssessmentRound.objects.filter(name__iexact=name.strip()).exists():
            raise ServiceError("There is already a round with this name.", field="name")
        round_obj = models.AssessmentRound.objects.create(
            name=name.strip(), held_on=held_on, created_by=actor
        )
        record(
            "evaluation.round_created",
            actor=actor,
            obj=round_obj,
            changed_fields=["name", "held_on"],
            request=request,
        )
    return round_obj


def rate_shift(
    round_obj: models.AssessmentRound,
    *,
    rater: str,
    shift: str,
    score: int,
    evidence: str,
    next_steps: str,
    actor,
    request=None,
):
    """Record (or change) how the board or the team rates one shift in a round."""
    if rater not in choices.Rater.values:
        raise ServiceError("Choose who is rating.", field="rater")
    if shift not in choices.Shift.values:
        raise ServiceError("Choose the shift.", field="shift")
    if score not in (1, 2, 3, 4, 5):
        raise ServiceError("Choose a score from 1 to 5.", field="score")
    _required({"evidence": evidence, "next_steps": next_steps}, "evidence", "next_steps")
    with transaction.atomic(durable=True):
        rating, created = models.ShiftRating.objects.update_or_create(
            round=round_obj,
            rater=rater,
            shift=shift,
            defaults={
                "score": score,
                "evidence": evidence.strip(),
                "next_steps": next_steps.strip(),
                "rated_by": actor,
                "rated_at": timezone.now(),
            },
        )
        record(
            "evaluation.shift_rated" if created else "evaluation.shift_rating_changed",
            actor=actor,
            obj=round_obj,
            changed_fields=["score", "evidence", "next_steps"],
            request=request,
        )
    return rating


# --- Annual reports -----------------------------------------------------------------------------------------

REPORT_FIELDS = ("year", "title", "introduction", "easy_read_summary", "board_challenges")


def save_report(
    report: models.AnnualReport | None, *, evidence=(), actor, request=None, **fields
) -> models.AnnualReport:
    created = report is None
    report = report or models.AnnualReport()
    if report.published_at:
        raise ConflictError("A published report cannot be changed.")
    _required(
        {**{n: getattr(report, n) for n in REPORT_FIELDS}, **fields},
        "year",
        "title",
        "introduction",
        "easy_read_summary",
    )
    try:
        with transaction.atomic(durable=True):
            _save(
                report,
                fields,
                REPORT_FIELDS,
                "evaluation.report_created" if created else "evaluation.report_changed",
                actor=actor,
                request=request,
                created=created,
            )
            report.evidence.set(evidence)
    except IntegrityError:
        raise ServiceError("There is already a report for this year.", field="year") from None
    return report


def publish_report(report: models.AnnualReport, *, actor, request=None) -> models.AnnualReport:
    """Freeze the year's figures into the report and publish it (web page, PDF, open data)."""
    from . import exports

    figures = exports.report_figures(report.year)
    with transaction.atomic(durable=True):
        if not models.AnnualReport.objects.filter(pk=report.pk, published_at__isnull=True).update(
            figures=figures, published_at=timezone.now(), published_by=actor
        ):
            raise ConflictError("This report was already published.")
        search.refresh(models.AnnualReport, [report.pk])  # published: anyone may find it now
        record(
            "evaluation.report_published",
            actor=actor,
            obj=report,
            changed_fields=["figures", "published_at"],
            request=request,
        )
    report.refresh_from_db()
    return report
