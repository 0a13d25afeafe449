"""Addresses of pages worked out once per process.

Django's `reverse` walks the URL resolver on every call (about 50 µs); a page with its menu, work queues and
footer asked for 30–40 of the same addresses, and a list of fifty rows for one or two addresses a row. An
address depends only on its name, its arguments, the script prefix and the URL configuration (and, for a
namespaced name, the current application). So an address without arguments is kept once worked out, and one
whose arguments are all whole numbers (ids) is worked out once with stand-in numbers and the row's numbers put
in their place. Anything else (keyword arguments, text, a stand-in the route refuses) goes to `reverse`.
"""

from django.core.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_found: dict[tuple, str | None] = {}
# Same length, none inside another: each stands for one argument in an address worked out once.
STAND_INS = ("918273645", "928273645", "938273645")


def link(name: str, current_app: str | None = None, args: tuple = ()) -> str:
    if args and not _all_ids(args):
        return reverse(name, args=args, current_app=current_app)
    key = (name, len(args), get_script_prefix(), get_urlconf(), current_app)
    found = _found.get(key, "")
    if found == "":
        try:
            found = reverse(name, args=[int(s) for s in STAND_INS[: len(args)]], current_app=current_app)
        except NoReverseMatch:
            if not args:
                raise
            found = None  # a route that refuses the stand-ins: always reverse it
        if found is not None and any(found.count(s) != 1 for s in STAND_INS[: len(args)]):
            found = None  # a converter that rewrites numbers: always reverse it
        _found[key] = found
    if found is None:
        return reverse(name, args=args, current_app=current_app)
    for stand_in, value in zip(STAND_INS, args, strict=False):
        found = found.replace(stand_in, str(value), 1)
    return found


def _all_ids(args) -> bool:
    return len(args) <= len(STAND_INS) and all(type(value) is int and value >= 0 for value in args)


def forget_links(*, setting: str = "", **kwargs) -> None:
    """A test overriding the URL configuration must not read addresses of the old one."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", ""):
        _found.clear()


setting_changed.connect(forget_links, dispatch_uid="core-forget-links")
