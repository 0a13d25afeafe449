"""The service navigation: each app registers its entries with the policy that guards the page, so the
menu a person sees is exactly the pages they may open."""

from dataclasses import dataclass

from .access import Policy
from .links import link


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    policy: Policy
    order: int = 50


_registry: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _registry:
            _registry.append(item)
    _registry.sort(key=lambda item: item.order)


def items_for(request) -> list[dict]:
    user = request.user
    entries = []
    for item in _registry:
        if not item.policy.allows(user):
            continue
        url = link(item.url_name)
        # "current" always present: a missing key costs the template a failed lookup (and a dir()) per use.
        entries.append({"label": item.label, "url": url, "current": False})
    # The longest URL prefix of the current path is the current section (so /manage/audit/ is "Audit log",
    # not "Manage").
    path = request.path
    matching = [e for e in entries if path == e["url"] or (e["url"] != "/" and path.startswith(e["url"]))]
    if matching:
        current = max(matching, key=lambda e: len(e["url"]))
        current["current"] = True
    return entries
