"""Addresses of pages without arguments, worked out once per process.

Django's `reverse` walks the URL resolver on every call (about 50 µs); a page with its menu, work queues and
footer asked for 30–40 of the same addresses on every request. An address with no arguments depends only on
its name, the script prefix and the URL configuration (and, for a namespaced name, the current application),
so it is kept under those keys. Addresses with arguments are left to `reverse`.
"""

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

_found: dict[tuple, str] = {}


def link(name: str, current_app: str | None = None) -> str:
    key = (name, get_script_prefix(), get_urlconf(), current_app)
    found = _found.get(key)
    if found is None:
        found = _found[key] = reverse(name, current_app=current_app)
    return found


def forget_links(*, setting: str = "", **kwargs) -> None:
    """A test overriding the URL configuration must not read addresses of the old one."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", ""):
        _found.clear()


setting_changed.connect(forget_links, dispatch_uid="core-forget-links")
