import json
import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .access import PUBLIC, access
from .rules import BACK_OFFICE

csp_logger = logging.getLogger("coproduce.csp")


@access(PUBLIC)
def home(request):
    from coproduce.payments.selectors import missing_payment_details

    context = {"can_manage": BACK_OFFICE.allows(request.user)}
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None and person.erased_at is None:
        context.update(member_home(person))
        context["missing"] = missing_payment_details(person)
    return render(request, "core/home.html", context)


def member_home(person) -> dict:
    """What is next for a signed-in member, each part from its app's selectors, a fixed number of queries
    however much they have: their next meeting, what waits for them, opportunities that fit, latest messages.
    (What we still need from them to pay them, payments' prompt, is shown above it: see `home`.)"""
    from coproduce.meetings import selectors as meetings
    from coproduce.notifications import selectors as notifications
    from coproduce.opportunities import selectors as opportunities
    from coproduce.payments import selectors as payments
    from coproduce.people.choices import AccessNeed, Format

    next_meeting, replies = meetings.upcoming_for_home(person)
    support = []
    if next_meeting is not None:
        needs, formats = dict(AccessNeed.choices), dict(Format.choices)
        support = [needs.get(n, n) for n in next_meeting.access_needs]
        support += [formats.get(f, f) for f in next_meeting.formats]
    waiting = {
        "claims": payments.claims_to_send(person),
        "actions": meetings.actions_waiting_for(person),
        "replies": replies,
    }
    return {
        "member": person,
        "next_meeting": next_meeting,
        "support": support,
        "waiting": waiting,
        "anything_waiting": any(waiting.values()),
        "opportunities": opportunities.fitting(person),
        "latest_messages": notifications.latest_for(person),
    }


@access(PUBLIC)
def accessibility(request):
    return render(request, "core/accessibility.html")


@access(PUBLIC)
def privacy(request):
    return render(request, "core/privacy.html")


@access(PUBLIC)
def contact(request):
    return render(request, "core/contact.html")


@access(PUBLIC)
def health(request):
    """For load balancers: the app answers and its database answers."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@access(PUBLIC)
@csrf_exempt
@require_POST
def csp_report(request):
    """Browsers post Content-Security-Policy violations here; each is logged for the team to look at."""
    body = request.body[:8192].decode("utf-8", "replace")
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError):
        report = {}
    csp_logger.warning(
        "Content-Security-Policy violation: %s blocked %s on %s",
        str(report.get("violated-directive") or report.get("effective-directive") or "?")[:200],
        str(report.get("blocked-uri") or "?")[:200],
        str(report.get("document-uri") or "?")[:200],
    )
    return HttpResponse(status=204)
