"""A signed-in person's own pages: applying to be a champion, a champion's own page, logging activity and
recommendations, agreeing the pledge, the printable invitation, and a recruit's choice to be named."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coproduce.core.access import access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted

from . import choices, selectors, services
from .forms import ActivityForm, ApplyForm, MemberNominationForm, NamedForm, RecommendationForm
from .rules import APPLY, CHAMPIONS, MEMBER_WITH_PROFILE
from .views_public import form_page, refuse, submitted

PAGE_SIZE = 25


def _own_champion(request):
    champion = selectors.champion_of(request.user)
    if champion is None or not champion.is_active:
        raise Http404("Not a champion")
    return champion


@require_http_methods(["GET", "POST"])
@access(APPLY)
def apply(request):
    person = request.user.person
    champion = selectors.champion_of(request.user)
    if champion is not None and champion.status not in (
        choices.ChampionStatus.DECLINED,
        choices.ChampionStatus.STEPPED_DOWN,
    ):
        return render(request, "network/member/application_status.html", {"champion": champion})
    pledge = selectors.current_pledge()
    form = ApplyForm(posted(request))
    if form.is_bound and form.is_valid():
        details = form.details()
        try:
            services.apply(
                person,
                actor=request.user,
                agree_pledge=form.cleaned_data["agree_pledge"],
                request=request,
                **details,
            )
        except ServiceError as error:
            refuse(form, error)
        else:
            messages.success(
                request, "Thank you: the co-production team will be in touch about your application."
            )
            return redirect("network:apply")
    return render(request, "network/member/apply.html", {"form": form, "pledge": pledge})


@require_http_methods(["GET", "POST"])
@access(APPLY)
def nominate(request):
    """A member nominates someone they know; the nominee agrees the pledge and the team decides."""
    form = MemberNominationForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            services.nominate_by_email(actor=request.user, request=request, **form.details())
        except ServiceError as error:
            refuse(form, error)
        else:
            messages.success(
                request,
                "Thank you for your nomination. If the address belongs to someone in the network who is not "
                "a champion yet, they will be asked to agree the champion pledge, and the co-production team "
                "will decide. If they have not joined the network, ask them to join first.",
            )
            return redirect("network:about")
    return form_page(
        request,
        form,
        "Nominate someone to be a champion",
        "Send the nomination",
        reverse("network:about"),
        template="network/member/nominate.html",
    )


@access(CHAMPIONS)
def home(request):
    champion = _own_champion(request)
    current = selectors.current_pledge()
    context = {
        "champion": champion,
        "activities": list(selectors.activities_of(champion)[:10]),
        "recruits": selectors.recruit_counts(champion),
        "named_recruits": selectors.named_recruits(champion),
        "meetings": selectors.upcoming_network_meetings(),
        "news": selectors.news(),
        "recommendations": selectors.recommendations_of(champion),
        "inductions": selectors.inductions_of(champion),
        "newer_pledge": current if current and current.pk != champion.pledge_id else None,
        "invitation_url": request.build_absolute_uri(
            reverse("network:invitation", args=[champion.invitation_code])
        ),
    }
    return render(request, "network/member/home.html", context)


@access(CHAMPIONS)
def activity_list(request):
    champion = _own_champion(request)
    page = Paginator(selectors.activities_of(champion), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "network/member/activity.html", {"champion": champion, "page": page, "rows": list(page)}
    )


@require_http_methods(["GET", "POST"])
@access(CHAMPIONS)
def record_activity(request):
    champion = _own_champion(request)
    form = ActivityForm(posted(request))

    def write(**data):
        services.record_activity(champion, actor=request.user, request=request, **data)

    if submitted(request, form, write, "Activity recorded. Thank you."):
        return redirect("network:home")
    return form_page(request, form, "Record an activity", "Record it", reverse("network:home"))


@require_http_methods(["GET", "POST"])
@access(CHAMPIONS)
def recommend(request):
    champion = _own_champion(request)
    form = RecommendationForm(posted(request))

    def write(**data):
        services.raise_recommendation(champion, actor=request.user, request=request, **data)

    sent = "Recommendation sent to the co-production team. You will see their response here."
    if submitted(request, form, write, sent):
        return redirect("network:home")
    return form_page(
        request,
        form,
        "Pass a recommendation to the co-production team",
        "Send it",
        reverse("network:home"),
        template="network/member/recommend.html",
    )


@require_http_methods(["GET", "POST"])
@access(MEMBER_WITH_PROFILE)
def pledge(request):
    champion = selectors.champion_of(request.user)
    if champion is None or champion.status in (
        choices.ChampionStatus.DECLINED,
        choices.ChampionStatus.STEPPED_DOWN,
    ):
        return redirect("network:apply")
    current = selectors.current_pledge()
    if request.method == "POST" and current is not None:
        services.agree_pledge(champion, actor=request.user, request=request)
        messages.success(request, f"You have agreed version {current.version} of the pledge.")
        return redirect("network:home" if champion.is_active else "network:apply")
    return render(request, "network/member/pledge.html", {"champion": champion, "pledge": current})


@access(CHAMPIONS)
def printable_invitation(request):
    champion = _own_champion(request)
    url = request.build_absolute_uri(reverse("network:invitation", args=[champion.invitation_code]))
    return render(request, "network/member/invitation.html", {"champion": champion, "invitation_url": url})


@require_http_methods(["GET", "POST"])
@access(MEMBER_WITH_PROFILE)
def recruit_naming(request):
    recruit = selectors.recruit_of(request.user.person)
    if recruit is None:
        raise Http404("You did not join through a champion")
    form = NamedForm(posted(request), initial={"named": "yes" if recruit.named_to_champion else "no"})
    if form.is_bound and form.is_valid():
        services.set_named_to_champion(
            recruit, form.cleaned_data["named"] == "yes", actor=request.user, request=request
        )
        messages.success(request, "Your choice is saved.")
        return redirect("network:recruit_naming")
    return render(request, "network/member/recruit_naming.html", {"recruit": recruit, "form": form})


@access(MEMBER_WITH_PROFILE)
def news_item(request, pk):
    return render(request, "network/member/news_item.html", {"newsletter": selectors.sent_newsletter(pk)})
