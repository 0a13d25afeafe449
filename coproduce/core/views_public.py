from django.shortcuts import render

from .access import PUBLIC, access
from .rules import BACK_OFFICE


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


@access(PUBLIC)
def health(request):
    """For load balancers: the app answers and its database answers."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
