from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.views.decorators.http import require_POST

from coproduce.core.access import PUBLIC, SIGNED_IN, access

from .forms import SignInForm


@access(PUBLIC)
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@access(PUBLIC)
@require_POST
def sign_out(request):
    return auth_views.LogoutView.as_view()(request)


@access(PUBLIC)
def sign_up(request):
    return render(request, "accounts/sign_up.html")


@access(SIGNED_IN)
def account(request):
    return render(request, "accounts/account.html")


def locked_out(request, credentials, *args, **kwargs):
    """django-axes calls this when an account or an address has too many failed sign-ins."""
    return render(request, "accounts/locked_out.html", status=429)
