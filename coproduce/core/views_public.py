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

    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    context = {"can_manage": BACK_OFFICE.allows(request.user), "missing": missing_payment_details(person)}
    return render(request, "core/home.html", context)


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
