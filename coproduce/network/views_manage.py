"""The co-production team's pages for the champions network (/manage/network/)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.access import access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted
from coproduce.core.markdown import render_markdown
from coproduce.core.selectors import CountedPaginator
from coproduce.meetings import selectors as meeting_selectors
from coproduce.people.models import Person

from . import choices, selectors, services
from .forms import (
    ActivityForm,
    AnswerForm,
    ChampionDetailsForm,
    DecisionForm,
    FilterForm,
    InductionForm,
    NewsletterForm,
    OutcomeForm,
    OutreachForm,
    PartnerForm,
    PledgeForm,
)
from .rules import OFFICERS
from .views_public import form_page, refuse, submitted

PAGE_SIZE = 50


@access(OFFICERS)
def dashboard(request):
    gaps, gaps_worked_out_at = selectors.outreach_gaps()
    return render(
        request,
        "network/manage/dashboard.html",
        {"figures": selectors.dashboard(), "gaps": gaps, "gaps_worked_out_at": gaps_worked_out_at},
    )


@access(OFFICERS)
def register(request):
    filters = FilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    area, organisation = data.get("area"), data.get("organisation")
    criteria = {
        "area": area.pk if area else None,
        "organisation": organisation.pk if organisation else None,
        "status": data.get("status") or "active",
    }
    page = selectors.register_page(request.GET.get("page"), PAGE_SIZE, **criteria)
    query = request.GET.copy()
    query.pop("page", None)

    def overview():
        found, uncovered = selectors.register_overview()
        return render_to_string(
            "network/manage/_register_overview.html", {"overview": found, "uncovered": uncovered}
        )

    return render(
        request,
        "network/manage/register.html",
        {
            "filters": filters,
            "page": page,
            "groups": selectors.register_groups(page.object_list),
            "query": query.urlencode(),
            # The same for every officer until the register changes: rendered once and shared.
            "overview": mark_safe(selectors.register_shared("overview-html", overview)),  # noqa: S308
        },
    )


@access(OFFICERS)
def champion_detail(request, pk):
    champion = selectors.champion(pk)
    return render(
        request,
        "network/manage/champion.html",
        {
            "champion": champion,
            "activities": list(selectors.activities_of(champion)[:20]),
            "recruits": selectors.recruit_counts(champion),
            "inductions": selectors.inductions_of(champion),
            "recommendations": selectors.recommendations_of(champion),
            "decision_form": DecisionForm(),
        },
    )


def _decide(request, pk, verb, success):
    champion = selectors.champion(pk)
    form = DecisionForm(posted(request))
    if form.is_valid():
        try:
            verb(champion, actor=request.user, note=form.cleaned_data["note"], request=request)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success.format(name=champion.person.full_name))
    return redirect("network_manage:champion", pk=pk)


@require_POST
@access(OFFICERS)
def approve(request, pk):
    return _decide(request, pk, services.approve, "{name} is on the champions register.")


@require_POST
@access(OFFICERS)
def decline(request, pk):
    return _decide(request, pk, services.decline, "{name}'s application was not taken forward.")


@require_POST
@access(OFFICERS)
def step_down(request, pk):
    champion = selectors.champion(pk)
    try:
        services.step_down(champion, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{champion.person.full_name} has stepped down as a champion.")
    return redirect("network_manage:champion", pk=pk)


def _record_for_champion(request, pk, form_class, service, *, title: str, done: str):
    """An officer's form recording something for one champion (`service(champion, actor=…, **data)`)."""
    champion = selectors.champion(pk)
    form = form_class(posted(request))
    back = reverse("network_manage:champion", args=[pk])

    def write(**data):
        service(champion, actor=request.user, request=request, **data)

    if submitted(request, form, write, done):
        return redirect(back)
    return form_page(request, form, title, "Record it", back, caption=champion.person.full_name)


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def induction(request, pk):
    return _record_for_champion(
        request,
        pk,
        InductionForm,
        services.record_induction,
        title="Record an induction",
        done="Induction recorded.",
    )


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def activity_on_behalf(request, pk):
    return _record_for_champion(
        request,
        pk,
        ActivityForm,
        services.record_activity,
        title="Record an activity on their behalf",
        done="Activity recorded on their behalf.",
    )


def _details_initial(champion) -> dict:
    return {
        "kind": champion.kind,
        "area": champion.area_id,
        "organisation": champion.organisation_id,
        "team": champion.team,
        "why": champion.why,
        "communities": [c.pk for c in champion.communities.all()],
        "topics": [t.pk for t in champion.topics.all()],
    }


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def edit_champion(request, pk):
    champion = selectors.champion(pk)
    form = ChampionDetailsForm(posted(request), initial=_details_initial(champion))
    back = reverse("network_manage:champion", args=[pk])
    if form.is_bound and form.is_valid():
        details = form.details()
        services.update_champion(
            champion,
            actor=request.user,
            request=request,
            communities=details.pop("communities"),
            topics=details.pop("topics"),
            **details,
        )
        messages.success(request, "Saved.")
        return redirect(back)
    return form_page(
        request,
        form,
        "Change where they are champion and whom they reach",
        "Save",
        back,
        caption=champion.person.full_name,
    )


@access(OFFICERS)
def nominate_search(request):
    query = (request.GET.get("q") or "").strip()
    people = list(selectors.people_to_nominate(query)[:25]) if query else []
    return render(request, "network/manage/nominate_search.html", {"query": query, "people": people})


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def nominate(request, person_pk):
    person = Person.objects.current().filter(pk=person_pk).first()
    if person is None:
        from django.http import Http404

        raise Http404("No such person")
    form = ChampionDetailsForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            champion = services.nominate(person, actor=request.user, request=request, **form.details())
        except ServiceError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                f"{person.full_name} is nominated. They agree the pledge before joining the register.",
            )
            return redirect("network_manage:champion", pk=champion.pk)
    return form_page(
        request,
        form,
        "Nominate a champion",
        "Nominate",
        reverse("network_manage:nominate_search"),
        caption=person.full_name,
    )


@access(OFFICERS)
def activity_log(request):
    area = request.GET.get("area")
    kind = request.GET.get("kind") or ""
    criteria = {
        "area": int(area) if (area or "").isdigit() else None,
        "kind": kind if kind in choices.ActivityKind.values else "",
    }
    page = CountedPaginator(
        selectors.activity_page_rows(**criteria), PAGE_SIZE, count=selectors.activity_count(**criteria)
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/manage/activity.html",
        {
            "page": page,
            "rows": selectors.activity_rows(page.object_list),
            "query": query.urlencode(),
            "areas": selectors.areas(),
            "kinds": choices.ActivityKind.choices,
            "area": area,
            "kind": kind,
        },
    )


@access(OFFICERS)
def recommendation_list(request):
    status = request.GET.get("status") or ""
    rows = selectors.recommendations(status if status in choices.RecommendationStatus.values else "")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/manage/recommendations.html",
        {
            "page": page,
            "rows": list(page),
            "status": status,
            "statuses": choices.RecommendationStatus.choices,
            "query": f"status={status}" if status else "",
        },
    )


@access(OFFICERS)
def recommendation_detail(request, pk):
    recommendation = selectors.recommendation(pk)
    return render(
        request,
        "network/manage/recommendation.html",
        {
            "recommendation": recommendation,
            "answer_form": AnswerForm(initial={"response": recommendation.response}),
            "outcome_form": OutcomeForm(),
        },
    )


def _recommendation_step(request, pk, form_class, verb, template_key):
    recommendation = selectors.recommendation(pk)
    form = form_class(posted(request))
    if form.is_valid():
        try:
            verb(recommendation, actor=request.user, request=request, **form.cleaned_data)
        except ServiceError as error:
            refuse(form, error)
        else:
            messages.success(request, "Saved. The champion sees it on their page.")
            return redirect("network_manage:recommendation", pk=pk)
    context = {"recommendation": recommendation, "answer_form": AnswerForm(), "outcome_form": OutcomeForm()}
    context[template_key] = form
    return render(request, "network/manage/recommendation.html", context, status=200)


@require_POST
@access(OFFICERS)
def answer(request, pk):
    return _recommendation_step(request, pk, AnswerForm, services.answer_recommendation, "answer_form")


@require_POST
@access(OFFICERS)
def outcome(request, pk):
    return _recommendation_step(request, pk, OutcomeForm, services.record_outcome, "outcome_form")


# --- Outreach partners --------------------------------------------------------------------------------------


@access(OFFICERS)
def partner_list(request):
    community = request.GET.get("community")
    rows = selectors.partners(int(community) if (community or "").isdigit() else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/manage/partners.html",
        {
            "page": page,
            "rows": list(page),
            "communities": selectors.communities(),
            "community": community,
            "query": f"community={community}" if community else "",
        },
    )


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def partner_edit(request, pk=None):
    partner = selectors.partner(pk) if pk else None
    form = PartnerForm(posted(request), instance=partner)
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        communities = data.pop("communities")
        saved = services.save_partner(
            partner, actor=request.user, request=request, communities=communities, **data
        )
        messages.success(request, f"{saved.name} saved.")
        return redirect("network_manage:partner", pk=saved.pk)
    back = reverse("network_manage:partner", args=[pk]) if pk else reverse("network_manage:partners")
    title = "Change the partner's details" if partner else "Add an outreach partner"
    return form_page(request, form, title, "Save", back)


@access(OFFICERS)
def partner_detail(request, pk):
    partner = selectors.partner(pk)
    return render(
        request,
        "network/manage/partner.html",
        {"partner": partner, "log": selectors.partner_log(partner), "form": OutreachForm()},
    )


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def partner_log(request, pk):
    partner = selectors.partner(pk)
    form = OutreachForm(posted(request))
    back = reverse("network_manage:partner", args=[pk])

    def write(**data):
        services.log_outreach(partner, actor=request.user, request=request, **data)

    if submitted(request, form, write, "Outreach logged."):
        return redirect(back)
    return form_page(request, form, "Log outreach", "Log it", back, caption=partner.name)


# --- Public events ------------------------------------------------------------------------------------------


@access(OFFICERS)
def event_list(request):
    upcoming = list(meeting_selectors.public_events(upcoming=True)[:50])
    past = list(meeting_selectors.public_events(upcoming=False)[:20])
    counts = selectors.booking_counts([m.pk for m in upcoming + past])
    for meeting in upcoming + past:
        meeting.booked = counts.get(meeting.pk, 0)
    return render(request, "network/manage/events.html", {"upcoming": upcoming, "past": past})


@access(OFFICERS)
def event_bookings(request, pk):
    meeting = meeting_selectors.public_event(pk)
    rows = selectors.bookings(meeting)
    return render(
        request,
        "network/manage/bookings.html",
        {"event": meeting, "rows": rows, **meeting_selectors.support_summary(meeting)},
    )


@require_POST
@access(OFFICERS)
def register_booking(request, pk, booking_pk):
    meeting = meeting_selectors.public_event(pk)
    booking = selectors.booking(meeting, booking_pk)
    try:
        person = services.register_from_booking(booking, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{person.full_name} has joined the network.")
    return redirect("network_manage:bookings", pk=pk)


# --- Newsletters --------------------------------------------------------------------------------------------


@access(OFFICERS)
def newsletter_list(request):
    page = Paginator(selectors.newsletters(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/manage/newsletters.html", {"page": page, "rows": list(page)})


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def newsletter_edit(request, pk=None):
    newsletter = selectors.newsletter(pk) if pk else None
    initial = (
        {"subject": newsletter.subject, "body": newsletter.body, "audience": newsletter.audience}
        if newsletter
        else {}
    )
    form = NewsletterForm(posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        try:
            saved = services.write_newsletter(
                newsletter, actor=request.user, request=request, **form.cleaned_data
            )
        except ServiceError as error:
            refuse(form, error)
        else:
            return redirect("network_manage:newsletter", pk=saved.pk)
    back = reverse("network_manage:newsletter", args=[pk]) if pk else reverse("network_manage:newsletters")
    return form_page(request, form, "Write a newsletter", "Save and preview", back)


@access(OFFICERS)
def newsletter_preview(request, pk):
    newsletter = selectors.newsletter(pk)
    recipients = (
        len(selectors.newsletter_recipient_ids(newsletter.audience))
        if newsletter.status == choices.NewsletterStatus.DRAFT
        else newsletter.recipients
    )
    return render(
        request,
        "network/manage/newsletter.html",
        {"newsletter": newsletter, "body": render_markdown(newsletter.body), "recipients": recipients},
    )


@require_POST
@access(OFFICERS)
def newsletter_send(request, pk):
    newsletter = selectors.newsletter(pk)
    try:
        count = services.send_newsletter(newsletter, actor=request.user, request=request)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Sending to {count} {'person' if count == 1 else 'people'}.")
    return redirect("network_manage:newsletter", pk=pk)


@require_http_methods(["GET", "POST"])
@access(OFFICERS)
def pledge(request):
    current = selectors.current_pledge()
    form = PledgeForm(posted(request), initial={"text": current.text if current else ""})
    if form.is_bound and form.is_valid():
        try:
            published = services.publish_pledge(
                text=form.cleaned_data["text"], actor=request.user, request=request
            )
        except ServiceError as error:
            refuse(form, error)
        else:
            messages.success(request, f"Version {published.version} of the pledge is published.")
            return redirect("network_manage:pledge")
    return render(request, "network/manage/pledge.html", {"form": form, "versions": selectors.pledges()})


@access(OFFICERS)
def new_voices(request):
    return render(request, "network/manage/new_voices.html", {"report": selectors.new_voices_report()})
