"""The administrators' pages for accounts and their roles (mounted at /manage/accounts/)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from coproduce.core.access import access
from coproduce.core.errors import refusal
from coproduce.core.forms import posted

from . import selectors, services
from .forms import AccountSearchForm, RolesForm
from .rules import MANAGE_ACCOUNTS

PAGE_SIZE = 25


@access(MANAGE_ACCOUNTS)
def account_list(request):
    form = AccountSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    paginator = Paginator(selectors.accounts_for_management(search), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.account_rows(page.object_list)
    return render(
        request,
        "accounts/manage/account_list.html",
        {
            "search_form": form,
            "search": search,
            "page": page,
            "query": urlencode({"q": search}) if search else "",
        },
    )


@access(MANAGE_ACCOUNTS)
def account_roles(request, user_id):
    account = selectors.account_or_404(user_id)
    current = sorted(account.roles)
    form = RolesForm(posted(request), initial={"roles": current})
    if request.method == "POST" and form.is_valid():
        with refusal(form, field="roles") as refused:
            granted, revoked = services.set_roles(
                account, form.cleaned_data["roles"], actor=request.user, request=request
            )
        if not refused:
            if granted or revoked:
                messages.success(request, f"Roles for {account.display_name} updated.")
            else:
                messages.info(request, f"No change to the roles of {account.display_name}.")
            return redirect("accounts_manage:roles", user_id=account.pk)
    return render(request, "accounts/manage/account_roles.html", {"account": account, "form": form})
