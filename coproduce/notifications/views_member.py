"""A member's own messages: "Messages we sent you"."""

from django.core.paginator import Paginator
from django.shortcuts import render

from coproduce.core.access import access

from . import selectors
from .rules import OWN_MESSAGES

PAGE_SIZE = 25


@access(OWN_MESSAGES)
def mine(request):
    page = Paginator(selectors.messages_for(request.user.person), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/member/mine.html", {"page": page, "rows": list(page)})


@access(OWN_MESSAGES)
def mine_detail(request, pk):
    message = selectors.own_message(request.user.person, pk)
    return render(request, "notifications/member/message.html", {"message": message})
