"""The officers' project list writes its rows in Python (projects.selectors.waiting_rows and listed_rows):
each row must say exactly what the template that wrote it before said, for every kind of project."""

import pytest
from django.template import engines
from django.utils import timezone

from coproduce.projects import selectors
from coproduce.projects.choices import Rung, Stage
from coproduce.projects.models import Project

from . import factories

pytestmark = pytest.mark.django_db

OLD_WAITING_ROW = """{% load govuk %}<tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{% if triages %}{% url 'projects_manage:triage' project.pk %}{% else %}{% url 'projects_manage:project' project.pk %}{% endif %}">{{ project.title }}</a><br><span class="govuk-body-s">{{ project.service_area.name }}</span></td>
      <td class="govuk-table__cell">{{ project.requested_by.display_name }}<br><span class="govuk-body-s">{{ project.organisation.name }}</span></td>
      <td class="govuk-table__cell">{{ project.requested_at|date:"j M Y" }}</td>
      <td class="govuk-table__cell">{% if project.triage_state == "more_information" %}<strong class="govuk-tag govuk-tag--yellow">More information asked for</strong>{% else %}<strong class="govuk-tag govuk-tag--blue">Awaiting triage</strong>{% endif %}</td>
    </tr>"""  # noqa: E501

OLD_LISTED_ROW = """{% load govuk %}<tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{% url 'projects_manage:project' project.pk %}">{{ project.title }}</a><br><span class="govuk-body-s">{{ project.service_area.name }}</span></td>
      <td class="govuk-table__cell">{% include "projects/public/_stage_tag.html" %}</td>
      <td class="govuk-table__cell">{{ project.get_target_rung_display|default:"–" }}</td>
      <td class="govuk-table__cell">{{ project.is_published|yesno:"Yes,No" }}</td>
    </tr>"""  # noqa: E501


def old(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


@pytest.mark.parametrize("triages", [True, False])
@pytest.mark.parametrize("more_information", [True, False])
def test_a_waiting_request_row_is_what_the_template_wrote(triages, more_information):
    project = factories.requested(title="Taxi fares <review> & more")
    # Late on the last day of a month in summer time: the day shown is the UK day, not UTC's.
    Project.objects.filter(pk=project.pk).update(
        requested_at=timezone.make_aware(timezone.datetime(2031, 8, 31, 23, 30)),
        triage_state="more_information" if more_information else "",
    )
    project.refresh_from_db()
    (new,) = selectors.waiting_rows(selectors.requests_waiting().filter(pk=project.pk), triages=triages)
    assert new == old(OLD_WAITING_ROW, project=project, triages=triages)


@pytest.mark.parametrize(
    "stage, target, published",
    [
        (Stage.SCOPING, Rung.CO_PRODUCING, True),
        (Stage.CLOSED, Rung.CONSULTING, False),
        (Stage.DELIVERING, None, False),
    ],
)
def test_a_listed_project_row_is_what_the_template_wrote(stage, target, published):
    project = factories.at_stage(stage, title="Carers' <forum> & friends")
    Project.objects.filter(pk=project.pk).update(target_rung=target, is_published=published)
    project.refresh_from_db()
    (new,) = selectors.listed_rows(selectors.projects_past_request().filter(pk=project.pk))
    assert new == old(OLD_LISTED_ROW, project=project)
