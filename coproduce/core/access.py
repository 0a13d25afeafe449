"""Who may open which page: one declared policy per URL, enforced in one place, deny by default.

Every view declares an access policy with ``@access(policy)`` (function views) or an ``access_policy``
attribute (class-based views and API views). ``AccessPolicyMiddleware`` enforces it for pages;
``PolicyPermission`` enforces the same policy for API views after DRF has authenticated the token.
A URL whose view has no policy is refused, and ``tests/core/test_url_policies.py`` fails the build.

The predicates behind the policies live in each app's ``rules.py`` (django-rules), so a permission check
is written once and used by pages, the API, templates and tests alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

import rules
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from rest_framework.permissions import SAFE_METHODS, BasePermission

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    """A named rule for who may open a page.

    ``back_office`` pages are the co-production team's (/manage/): a user whose roles require two-factor
    authentication must have enrolled and verified it in this session before reaching one.
    """

    name: str
    predicate: rules.Predicate
    back_office: bool = False

    def allows(self, user) -> bool:
        return bool(self.predicate.test(user))

    def __str__(self) -> str:
        return self.name


PUBLIC = Policy("anyone", rules.always_allow)
SIGNED_IN = Policy("anyone signed in", rules.is_authenticated)
SUPERUSER = Policy("superusers (data repair only)", rules.is_superuser, back_office=True)

# Third-party URL namespaces whose views we cannot decorate.
NAMESPACE_POLICIES = {
    "admin": SUPERUSER,
}


def access(policy: Policy):
    """Declare the access policy of a view (function or class)."""

    def decorate(view):
        view.access_policy = policy
        return view

    return decorate


def policy_for_view(view_func, namespace: str = "") -> Policy | None:
    for candidate in (view_func, getattr(view_func, "view_class", None), getattr(view_func, "cls", None)):
        policy = getattr(candidate, "access_policy", None)
        if policy is not None:
            return policy
    return NAMESPACE_POLICIES.get(namespace.split(":")[0]) if namespace else None


def is_api_view(view_func) -> bool:
    return getattr(view_func, "cls", None) is not None


def two_factor_redirect(request):
    """Send a user who must use two-factor to enrol (first time) or to enter a code (each session)."""
    from django_otp import devices_for_user

    has_device = any(True for _ in devices_for_user(request.user, confirmed=True))
    name = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def deny(request, reason: str):
    from coproduce.audit.services import record_denied_access

    record_denied_access(request)
    return render(request, "403.html", {"reason": reason}, status=403)


def private_response(request) -> bool:
    user = getattr(request, "user", None)
    return bool((user is not None and user.is_authenticated) or request.META.get("HTTP_AUTHORIZATION"))


class AccessPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if private_response(request):
            # What a signed-in person (or a token) sees may hold personal or bank details: no browser,
            # proxy or shared computer may keep a copy of it.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        policy = policy_for_view(view_func, match.namespace if match else "")
        if policy is None:
            logger.error("No access policy declared for %s; refusing.", request.path)
            return deny(request, reason="no access policy declared")
        if is_api_view(view_func):
            # DRF authenticates the token first, then PolicyPermission applies this same policy.
            return None
        user = request.user
        if not policy.allows(user):
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return deny(request, reason=f"page is for {policy}")
        if policy.back_office and getattr(user, "requires_two_factor", False) and not user.is_verified():
            return two_factor_redirect(request)
        return None


class PolicyPermission(BasePermission):
    """DRF permission class that applies the view's declared ``access_policy`` (deny when none)."""

    message = "You do not have permission to use this endpoint."

    def has_permission(self, request, view) -> bool:
        policy = getattr(view, "access_policy", None)
        if policy is None:
            return False
        writes = request.method not in SAFE_METHODS and hasattr(view, request.method.lower())
        if writes and not request.user.is_authenticated:
            # No API write is anyone's: a write without a token is answered 401 before its body is read
            # (a method the view does not have is still answered 405).
            return False
        if policy.allows(request.user):
            return True
        if request.user.is_authenticated:
            from coproduce.audit.services import record_denied_access

            record_denied_access(request)
        return False
