"""What the other apps hold about a person, gathered for "download my data", "delete my account" and the
"Your involvement" part of a member's profile.

People cannot import the apps that point at it (they import people), so each app registers its own
functions here from its AppConfig.ready(). Erasers run inside erase_person's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Involvement:
    """One app's part of "Your involvement": a template to include with its context."""

    template: str
    context: dict


@dataclass(frozen=True)
class Provider:
    app: str
    # The person's data for the download: part name → rows (each a dict of plain JSON values).
    download: Callable[..., dict[str, list[dict]]]
    # Blanks or deletes the app's personal data about the person; returns the field names changed (for the
    # audit event, which names fields, never values). None when the app keeps nothing to blank.
    erase: Callable[..., list[str]] | None = None
    # The person's involvement for their profile page, or None when there is nothing to show.
    involvement: Callable[..., Involvement | None] | None = None
    # One sentence for the "Delete your account" page: what the app keeps after erasure, and for how long.
    kept: str = ""


_providers: dict[str, Provider] = {}


def register(app: str, *, download, erase=None, involvement=None, kept: str = "") -> None:
    """Register (or replace, so a repeated ready() is harmless) an app's personal-data functions."""
    _providers[app] = Provider(app=app, download=download, erase=erase, involvement=involvement, kept=kept)


def providers() -> list[Provider]:
    # In registration order, which is INSTALLED_APPS order: projects before the meetings held for them.
    return list(_providers.values())


def downloaded_parts(person) -> dict[str, list[dict]]:
    parts = {}
    for provider in providers():
        parts.update(provider.download(person))
    return parts


def erase_everywhere(person) -> list[str]:
    changed = []
    for provider in providers():
        if provider.erase is not None:
            changed.extend(provider.erase(person))
    return changed


def involvement_of(person) -> list[Involvement]:
    found = (provider.involvement(person) for provider in providers() if provider.involvement)
    return [part for part in found if part is not None]


def kept_on_erasure() -> list[str]:
    return [provider.kept for provider in providers() if provider.kept]
