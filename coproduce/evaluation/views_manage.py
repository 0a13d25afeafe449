"""The back-office evaluation pages (/manage/evaluation/): aims, outcomes and indicators, evidence, diversity
against the census, surveys, the seven-shifts self-assessment, annual reports and CSV downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from coproduce.core.access import access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted, uploaded
from coproduce.core.selectors import CountedPaginator

from . import choices, exports, forms, selectors, services
from .rules import DIVERSITY, EDIT, VIEW


def _refused(form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _form_page(
    request, form, *, title: str, back: str, back_text: str, button: str, intro: str = "", multipart=False
):
    return render(
        request,
        "evaluation/manage/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "back_text": back_text,
            "button": button,
            "intro": intro,
            "multipart": multipart,
        },
    )


def _csv(request, name: str, text: str):
    services.record_download(name, actor=request.user, request=request)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


# --- Dashboard, aims, outcomes, indicators ------------------------------------------------------------------


@access(VIEW)
def dashboard(request):
    may_edit = EDIT.allows(request.user)

    def shared():
        aims = selectors.aims_tree(latest_only=True)
        return {
            "snapshot_day": selectors.latest_snapshot_day(),
            "aims_html": render_to_string(
                "evaluation/manage/_dashboard_aims.html", {"aims": aims, "may_edit": may_edit}
            ),
        }

    part = selectors.shared_page_part(f"dashboard:{int(may_edit)}", shared)
    return render(
        request,
        "evaluation/manage/dashboard.html",
        {
            "aims_html": mark_safe(part["aims_html"]),  # noqa: S308 - rendered (escaped) by the template above
            "may_edit": may_edit,
            "may_see_diversity": DIVERSITY.allows(request.user),
            "snapshot_day": part["snapshot_day"],
        },
    )


@access(EDIT)
@require_POST
def refresh(request):
    result = services.refresh_summaries(actor=request.user, request=request)
    messages.success(
        request, f"Figures worked out again: {result['indicators']} indicators and {result['groups']} groups."
    )
    return redirect("evaluation_manage:dashboard")


@access(EDIT)
def aim_create(request):
    form = forms.AimForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_aim(actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Aim added.")
            return redirect("evaluation_manage:dashboard")
    return _form_page(
        request,
        form,
        title="Add an aim",
        back=reverse("evaluation_manage:dashboard"),
        back_text="Evaluation",
        button="Save aim",
    )


@access(EDIT)
def aim_edit(request, pk):
    aim = selectors.aim(pk)
    initial = {name: getattr(aim, name) for name in services.AIM_FIELDS}
    form = forms.AimForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_aim(aim, actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Aim saved.")
            return redirect("evaluation_manage:dashboard")
    return _form_page(
        request,
        form,
        title="Change the aim",
        back=reverse("evaluation_manage:dashboard"),
        back_text="Evaluation",
        button="Save aim",
    )


@access(EDIT)
def outcome_create(request):
    initial = {"aim": request.GET.get("aim")} if request.GET.get("aim", "").isdigit() else {}
    form = forms.OutcomeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.create_outcome(actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Outcome added.")
        return redirect("evaluation_manage:dashboard")
    return _form_page(
        request,
        form,
        title="Add an outcome",
        back=reverse("evaluation_manage:dashboard"),
        back_text="Evaluation",
        button="Save outcome",
    )


@access(EDIT)
def outcome_edit(request, pk):
    outcome = selectors.outcome(pk)
    initial = {name: getattr(outcome, name) for name in services.OUTCOME_FIELDS}
    form = forms.OutcomeForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_outcome(outcome, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, "Outcome saved.")
        return redirect("evaluation_manage:dashboard")
    return _form_page(
        request,
        form,
        title="Change the outcome",
        back=reverse("evaluation_manage:dashboard"),
        back_text="Evaluation",
        button="Save outcome",
    )


def _indicator_fields(data: dict) -> dict:
    return {name: data.get(name) for name in services.INDICATOR_FIELDS if name != "project"}


@access(EDIT)
def indicator_create(request):
    initial = {"outcome": request.GET.get("outcome")} if request.GET.get("outcome", "").isdigit() else {}
    form = forms.IndicatorForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.create_indicator(
                actor=request.user, request=request, **_indicator_fields(form.cleaned_data)
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Indicator added.")
            return redirect("evaluation_manage:indicator", pk=indicator.pk)
    return _form_page(
        request,
        form,
        title="Add an indicator",
        back=reverse("evaluation_manage:dashboard"),
        back_text="Evaluation",
        button="Save indicator",
    )


@access(EDIT)
def indicator_edit(request, pk):
    indicator = selectors.indicator(pk)
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
    initial["higher_is_better"] = "1" if indicator.higher_is_better else "0"
    form = forms.IndicatorForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(
                indicator, actor=request.user, request=request, **_indicator_fields(form.cleaned_data)
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Indicator saved.")
            return redirect("evaluation_manage:indicator", pk=indicator.pk)
    return _form_page(
        request,
        form,
        title="Change the indicator",
        back=reverse("evaluation_manage:indicator", args=[pk]),
        back_text=indicator.title,
        button="Save indicator",
    )


@access(VIEW)
def indicator_detail(request, pk):
    indicator = selectors.indicator(pk)
    points = [{"label": r.date.strftime("%-d %b %Y"), "value": r.value} for r in indicator.reading_list]
    return render(
        request,
        "evaluation/manage/indicator.html",
        {
            "indicator": indicator,
            "points": points,
            "evidence": selectors.evidence_for(indicators=[indicator.pk], outcomes=[indicator.outcome_id]),
            "value_form": forms.ValueForm() if indicator.kind == choices.IndicatorKind.MANUAL else None,
            "may_edit": EDIT.allows(request.user),
        },
    )


@access(EDIT)
def value_add(request, pk):
    indicator = selectors.indicator(pk)
    if indicator.kind != choices.IndicatorKind.MANUAL:
        raise Http404("The platform works this indicator out")
    form = forms.ValueForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_value(indicator, actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Value recorded.")
            return redirect("evaluation_manage:indicator", pk=pk)
    return _form_page(
        request,
        form,
        title=f"Record a value: {indicator.title}",
        back=reverse("evaluation_manage:indicator", args=[pk]),
        back_text=indicator.title,
        button="Record value",
    )


# --- Evidence -----------------------------------------------------------------------------------------------


@access(VIEW)
def evidence_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in choices.EvidenceKind.values else ""
    aim_id = int(request.GET["aim"]) if request.GET.get("aim", "").isdigit() else None
    rows = selectors.evidence_list(kind=kind, aim_id=aim_id)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    query = "&".join(f"{k}={v}" for k, v in (("kind", kind), ("aim", aim_id or "")) if v)
    return render(
        request,
        "evaluation/manage/evidence_list.html",
        {
            "page": page,
            "kind": kind,
            "aim_id": aim_id,
            "query": query,
            "kinds": choices.EvidenceKind.choices,
            "aims": selectors.aims(),
            "hidden": selectors.hidden_for_consent_count(),
            "may_edit": EDIT.allows(request.user),
        },
    )


def _person_and_project(form):
    person = project = None
    if form.cleaned_data.get("person_id"):
        person = selectors.current_person(form.cleaned_data["person_id"])
        if person is None:
            form.add_error("person_id", "There is no current member with this record number.")
    if form.cleaned_data.get("project_id"):
        project = selectors.project_or_none(form.cleaned_data["project_id"])
        if project is None:
            form.add_error("project_id", "There is no project with this number.")
    return person, project


@access(EDIT)
def evidence_create(request):
    form = forms.EvidenceForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        person, project = _person_and_project(form)
        if not form.errors:
            data = form.cleaned_data
            try:
                item = services.add_evidence(
                    actor=request.user,
                    request=request,
                    aims=data["aims"],
                    outcomes=data["outcomes"],
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    attribution=data["attribution"],
                    person=person,
                    file=data.get("file"),
                    collected_on=data["collected_on"],
                    project=project,
                    for_report=data["for_report"],
                )
            except ServiceError as error:
                _refused(
                    form, error if error.field != "person" else ServiceError(error.message, field="person_id")
                )
            else:
                messages.success(request, "Evidence added.")
                return redirect("evaluation_manage:evidence", pk=item.pk)
    return _form_page(
        request,
        form,
        title="Add evidence",
        back=reverse("evaluation_manage:evidence_list"),
        back_text="Evidence",
        button="Save evidence",
        multipart=True,
        intro="A quote or photo of a named member is kept only while they agree to it: if they "
        "withdraw their consent, it disappears from every page, report and download.",
    )


@access(VIEW)
def evidence_detail(request, pk):
    item = selectors.evidence(pk)
    return render(
        request, "evaluation/manage/evidence.html", {"item": item, "may_edit": EDIT.allows(request.user)}
    )


@access(EDIT)
def evidence_links(request, pk):
    item = selectors.evidence(pk)
    initial = {
        "aims": list(item.aims.all()),
        "outcomes": list(item.outcomes.all()),
        "indicators": list(item.indicators.all()),
        "for_report": item.for_report,
    }
    form = forms.EvidenceLinksForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_evidence_links(
            item, project=item.project, actor=request.user, request=request, **form.cleaned_data
        )
        messages.success(request, "Links saved.")
        return redirect("evaluation_manage:evidence", pk=pk)
    return _form_page(
        request,
        form,
        title=f"What does it show? {item.title}",
        back=reverse("evaluation_manage:evidence", args=[pk]),
        back_text=item.title,
        button="Save links",
    )


@access(EDIT)
@require_POST
def evidence_withdraw(request, pk):
    item = selectors.evidence(pk)
    try:
        services.withdraw_evidence(item, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("evaluation_manage:evidence", pk=pk)
    messages.success(request, "The evidence was withdrawn: it is no longer shown anywhere.")
    return redirect("evaluation_manage:evidence_list")


# --- Diversity ----------------------------------------------------------------------------------------------


TEAMS_PER_PAGE = 50


def _page_number(raw, pages: int) -> int:
    """The page asked for, as Paginator.get_page reads it: not a number, the first; past the end, the last."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= pages else pages


@access(DIVERSITY)
def diversity(request):
    figures = selectors.shared_page_part("diversity", selectors.diversity_figures)
    day = figures["day"]
    # No project team that day: nothing to read (project_teams_on(None) is an empty list without a query).
    teams = selectors.project_teams_on(day if figures["teams"] else None)
    paginator = CountedPaginator(teams, TEAMS_PER_PAGE, count=figures["teams"])
    number = _page_number(request.GET.get("page"), paginator.num_pages)

    def shared():
        bodies = selectors.programme_groups_on(day)
        context = {
            "bodies": bodies,
            "teams": paginator.page(number),
            "score_rows": [{"label": s.group_label, "value": s.score} for s in bodies],
        }
        return render_to_string("evaluation/manage/_diversity.html", context)

    content = selectors.shared_page_part(f"diversity:{number}", shared)
    return render(
        request,
        "evaluation/manage/diversity.html",
        {"day": day, "content": mark_safe(content)},  # noqa: S308 - rendered (escaped) by the template above
    )


@access(DIVERSITY)
def diversity_group(request, key):
    def shared():
        snapshot = selectors.snapshot_of(key)
        trend = selectors.group_trend(key)
        charts = [
            {
                "title": f"{topic['heading']}: {snapshot.group_label} against Oxfordshire",
                "description": "Share of the group giving each answer, beside the Census 2021 share of "
                "residents aged 16 and over.",
                "rows": [
                    {
                        "label": row.label,
                        "value": row.percent if row.count is not None else selectors.SUPPRESSED,
                        "comparison": row.census,
                    }
                    for row in topic["rows"]
                ],
                "topic": topic,
            }
            for topic in snapshot.topics
        ]
        context = {
            "snapshot": snapshot,
            "charts": charts,
            "trend": [{"label": s.taken_on.strftime("%-d %b %Y"), "value": s.score} for s in trend],
        }
        return {
            "label": snapshot.group_label,
            "html": render_to_string("evaluation/manage/_diversity_group.html", context),
        }

    group = selectors.shared_page_part(f"group:{key}", shared)
    return render(
        request,
        "evaluation/manage/diversity_group.html",
        # Rendered (escaped) by the template above.
        {"group": {"label": group["label"], "html": mark_safe(group["html"])}},  # noqa: S308
    )


@access(DIVERSITY)
def diversity_csv(request):
    return _csv(request, "diversity", exports.csv_text(exports.OPEN_DATA_HEADER, exports.diversity_rows()))


@access(VIEW)
def indicators_csv(request):
    return _csv(
        request,
        "indicators",
        exports.csv_text(
            ["dataset", "indicator", "aim", "date", "value", "unit", "target"], exports.indicator_rows()
        ),
    )


@access(VIEW)
def shifts_csv(request):
    return _csv(request, "seven-shifts", exports.csv_text(exports.OPEN_DATA_HEADER, exports.shift_rows()))


@access(VIEW)
def surveys_csv(request):
    return _csv(request, "surveys", exports.csv_text(exports.OPEN_DATA_HEADER, exports.survey_rows()))


# --- Surveys ------------------------------------------------------------------------------------------------


# The latest surveys shown over time on the list page; every survey is in its CSV.
SURVEYS_OVER_TIME = 24


@access(VIEW)
def survey_list(request):
    page = Paginator(selectors.surveys(), 25).get_page(request.GET.get("page"))
    page.object_list = selectors.with_response_counts(list(page.object_list))
    by = request.GET.get("by", "project")
    if by not in selectors.RESULTS_BY:
        by = "project"
    return render(
        request,
        "evaluation/manage/surveys.html",
        {
            "page": page,
            "over_time": selectors.surveys_over_time(latest=SURVEYS_OVER_TIME),
            "over_time_latest": SURVEYS_OVER_TIME,
            "by": by,
            "dimensions": [(key, label) for key, (label, _path) in selectors.RESULTS_BY.items()],
            "pooled": selectors.survey_results_by(by),
            "questions": [text for text, _easy in choices.DEFAULT_QUESTIONS],
            "may_edit": EDIT.allows(request.user),
        },
    )


@access(EDIT)
def survey_create(request):
    form = forms.SurveyForm(posted(request), initial={"anonymous": True, "with_default_questions": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        project = None
        if data.pop("project_id"):
            _person, project = _person_and_project_for(form)
        if not form.errors:
            survey = services.create_survey(actor=request.user, request=request, project=project, **data)
            messages.success(request, "Survey created as a draft.")
            return redirect("evaluation_manage:survey", pk=survey.pk)
    return _form_page(
        request,
        form,
        title="Create a survey",
        back=reverse("evaluation_manage:surveys"),
        back_text="Surveys",
        button="Create survey",
    )


def _person_and_project_for(form):
    form.cleaned_data.setdefault("person_id", None)
    return _person_and_project(form)


@access(VIEW)
def survey_detail(request, pk):
    survey = selectors.survey(pk)
    return render(
        request,
        "evaluation/manage/survey.html",
        {
            "survey": survey,
            "results": selectors.survey_results(survey),
            "link": request.build_absolute_uri(reverse("evaluation:answer", args=[survey.token])),
            "question_form": forms.QuestionForm() if survey.status == choices.SurveyStatus.DRAFT else None,
            "may_edit": EDIT.allows(request.user),
        },
    )


@access(EDIT)
def question_add(request, pk):
    survey = selectors.survey(pk)
    form = forms.QuestionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["options"] = data["options"].splitlines()
        try:
            services.add_question(survey, actor=request.user, request=request, **data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Question added.")
            return redirect("evaluation_manage:survey", pk=pk)
    return _form_page(
        request,
        form,
        title=f"Add a question: {survey.title}",
        back=reverse("evaluation_manage:survey", args=[pk]),
        back_text=survey.title,
        button="Add question",
    )


@access(EDIT)
@require_POST
def question_remove(request, pk, question_pk):
    survey = selectors.survey(pk)
    question = next((q for q in survey.question_list if q.pk == question_pk), None)
    if question is None:
        raise Http404("No such question")
    try:
        services.remove_question(question, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("evaluation_manage:survey", pk=pk)


@access(EDIT)
@require_POST
def survey_open(request, pk):
    try:
        services.open_survey(selectors.survey(pk), actor=request.user, request=request)
        messages.success(
            request, "The survey is open: share its link, or type in answers from paper or the phone."
        )
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("evaluation_manage:survey", pk=pk)


@access(EDIT)
@require_POST
def survey_close(request, pk):
    try:
        services.close_survey(selectors.survey(pk), actor=request.user, request=request)
        messages.success(request, "The survey is closed.")
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("evaluation_manage:survey", pk=pk)


@access(EDIT)
def survey_enter(request, pk):
    """An officer types in answers given on paper or by phone."""
    survey = selectors.survey(pk)
    if survey.status != choices.SurveyStatus.OPEN:
        raise Http404("The survey is not open")
    form = forms.answer_form(survey, data=posted(request), officer=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        method = data.pop("method")
        answers = {int(name[1:]): value for name, value in data.items()}
        try:
            services.submit_response(survey, answers, method=method, actor=request.user, request=request)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Answers saved. You can type in the next ones.")
            return redirect("evaluation_manage:survey_enter", pk=pk)
    return _form_page(
        request,
        form,
        title=f"Type in answers: {survey.title}",
        back=reverse("evaluation_manage:survey", args=[pk]),
        back_text=survey.title,
        button="Save answers",
    )


# --- Seven shifts -------------------------------------------------------------------------------------------


@access(VIEW)
def shifts(request):
    data = selectors.shifts_over_time()
    latest = data["rounds"][-1] if data["rounds"] else None
    chart_rows = []
    if latest:
        for line in data["rows"]:
            cell = line["cells"][-1]
            chart_rows.append({"label": line["label"], "value": cell["board"], "comparison": cell["team"]})
    return render(
        request,
        "evaluation/manage/shifts.html",
        {"data": data, "latest": latest, "chart_rows": chart_rows, "may_edit": EDIT.allows(request.user)},
    )


@access(EDIT)
def round_create(request):
    form = forms.RoundForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            round_obj = services.create_round(actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Round added: now rate each shift.")
            return redirect("evaluation_manage:round", pk=round_obj.pk)
    return _form_page(
        request,
        form,
        title="Start a self-assessment round",
        back=reverse("evaluation_manage:shifts"),
        back_text="Seven shifts",
        button="Start round",
    )


@access(VIEW)
def round_detail(request, pk):
    round_obj = selectors.assessment_round(pk)
    return render(
        request,
        "evaluation/manage/round.html",
        {
            "round": round_obj,
            "ratings": selectors.ratings_of(round_obj),
            "may_edit": EDIT.allows(request.user),
        },
    )


@access(EDIT)
def round_rate(request, pk):
    round_obj = selectors.assessment_round(pk)
    form = forms.ShiftRatingForm(posted(request), initial={"shift": request.GET.get("shift")})
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_shift(round_obj, actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Rating saved.")
            return redirect("evaluation_manage:round", pk=pk)
    return _form_page(
        request,
        form,
        title=f"Rate a shift: {round_obj.name}",
        back=reverse("evaluation_manage:round", args=[pk]),
        back_text=round_obj.name,
        button="Save rating",
    )


# --- Annual reports -----------------------------------------------------------------------------------------


@access(VIEW)
def report_list(request):
    return render(
        request,
        "evaluation/manage/reports.html",
        {"reports": selectors.all_reports(), "may_edit": EDIT.allows(request.user)},
    )


def _report_form(request, report):
    evidence_choices = selectors.choosable_evidence()
    initial = {}
    if report:
        initial = {name: getattr(report, name) for name in services.REPORT_FIELDS}
        initial["evidence"] = [e.pk for e in selectors.report_evidence(report)]
    form = forms.ReportForm(posted(request), initial=initial, evidence_choices=evidence_choices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence")
        try:
            report = services.save_report(
                report, evidence=evidence, actor=request.user, request=request, **data
            )
        except ServiceError as error:
            _refused(form, error)
        else:
            messages.success(request, "Report saved as a draft.")
            return redirect("evaluation_manage:reports")
    return _form_page(
        request,
        form,
        title="Change the report" if report else "Start an annual report",
        back=reverse("evaluation_manage:reports"),
        back_text="Annual reports",
        button="Save report",
    )


@access(EDIT)
def report_create(request):
    return _report_form(request, None)


@access(EDIT)
def report_edit(request, pk):
    report = selectors.report(pk)
    if report.published_at:
        raise Http404("A published report cannot be changed")
    return _report_form(request, report)


@access(EDIT)
@require_POST
def report_publish(request, pk):
    report = selectors.report(pk)
    try:
        services.publish_report(report, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("evaluation_manage:reports")
    messages.success(request, "The report is published.")
    return redirect("evaluation:report", year=report.year)


# --- Peer researchers' time ---------------------------------------------------------------------------------


@access(EDIT)
def peer_research(request):
    return render(
        request, "evaluation/manage/peer_research.html", {"claims": selectors.peer_research_claims()}
    )


@access(EDIT)
@require_POST
def peer_research_rate(request, pk):
    claim = selectors.peer_research_claim(pk)
    try:
        services.pay_at_peer_research_rate(claim, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{claim.person.display_name}'s claim is now paid at the peer research rate."
        )
    return redirect("evaluation_manage:peer_research")
