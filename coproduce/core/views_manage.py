from django.shortcuts import render

from .access import access
from .rules import BACK_OFFICE
from .selectors import back_office_summary
from .work import queues_for


@access(BACK_OFFICE)
def manage_home(request):
    context = {"queues": queues_for(request.user), "summary": back_office_summary()}
    return render(request, "core/manage_home.html", context)
