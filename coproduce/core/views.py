from django.shortcuts import render

from .access import PUBLIC, access
from .rules import BACK_OFFICE
from .selectors import back_office_summary
from .work import queues_for


@access(PUBLIC)
def home(request):
    return render(request, "core/home.html", {"can_manage": BACK_OFFICE.allows(request.user)})


@access(PUBLIC)
def accessibility(request):
    return render(request, "core/accessibility.html")


@access(PUBLIC)
def privacy(request):
    return render(request, "core/privacy.html")


@access(PUBLIC)
def contact(request):
    return render(request, "core/contact.html")


@access(BACK_OFFICE)
def manage_home(request):
    context = {"queues": queues_for(request.user), "summary": back_office_summary()}
    return render(request, "core/manage_home.html", context)


@access(PUBLIC)
def health(request):
    """For load balancers: the app answers and its database answers."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
