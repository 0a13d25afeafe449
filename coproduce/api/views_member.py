"""Pages to manage your own API tokens (/account/api-tokens/)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from coproduce.core.access import SIGNED_IN, access, two_factor_redirect
from coproduce.core.errors import refusal

from .forms import CreateTokenForm
from .rules import may_create_api_token
from .selectors import tokens_for
from .services import create_token, revoke_token


def _render_list(request, form, *, status=200):
    can_create = may_create_api_token(request.user)
    context = {
        "tokens": tokens_for(request.user),
        "form": form,
        "can_create": can_create,
        # Enrol or enter a code, then come back to this page.
        "two_factor_url": None if can_create else two_factor_redirect(request).url,
    }
    return render(request, "api/member/token_list.html", context, status=status)


@access(SIGNED_IN)
@require_GET
def token_list(request):
    return _render_list(request, CreateTokenForm())


@access(SIGNED_IN)
@require_POST
@never_cache
def token_create(request):
    form = CreateTokenForm(request.POST)
    if form.is_valid():
        with refusal(form) as refused:
            token, secret = create_token(
                request.user,
                name=form.cleaned_data["name"],
                expiry_days=form.cleaned_data["expiry_days"],
                request=request,
            )
        if not refused:
            return render(request, "api/member/token_created.html", {"token": token, "secret": secret})
    return _render_list(request, form)


@access(SIGNED_IN)
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(tokens_for(request.user), pk=token_id)
    name = token.name
    revoke_token(token, actor=request.user, request=request)
    messages.success(request, f"Token ‘{name}’ revoked. Anything using it can no longer reach the API.")
    return redirect("api_tokens:list")
