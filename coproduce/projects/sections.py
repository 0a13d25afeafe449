"""Sections other apps add to a project's page (opportunities, meetings, payments, evaluation...).

An app registers a ``ProjectSection`` from its AppConfig.ready(); the project page shows each section in
order, rendering its template with the context its function returns. Until an app replaces a placeholder
(by registering a section with the same key), the page says there is nothing there yet.

    from coproduce.projects import sections
    sections.register(sections.ProjectSection(
        key="opportunities", title="Opportunities", template="opportunities/member/project_section.html",
        context=lambda project, request: {"opportunities": ...}, order=10))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.template.loader import render_to_string


@dataclass(frozen=True)
class ProjectSection:
    key: str
    title: str
    template: str = "projects/member/_section_none_yet.html"
    context: Callable = field(default=lambda project, request: {})
    order: int = 50


_registry: dict[str, ProjectSection] = {}


def register(section: ProjectSection) -> None:
    _registry[section.key] = section


def render_all(project, request) -> list[dict]:
    rendered = []
    for section in sorted(_registry.values(), key=lambda s: (s.order, s.key)):
        context = {"project": project, "section": section, **section.context(project, request)}
        rendered.append(
            {
                "key": section.key,
                "title": section.title,
                "html": render_to_string(section.template, context, request),
            }
        )
    return rendered


def register_placeholders() -> None:
    """Labelled places for the apps still to come; an app's own registration replaces its placeholder."""
    for order, (key, title) in enumerate(
        [
            ("opportunities", "Opportunities"),
            ("meetings", "Meetings"),
            ("payments", "Payments"),
            ("evaluation", "Evaluation"),
        ]
    ):
        _registry.setdefault(key, ProjectSection(key=key, title=title, order=10 * (order + 1)))
