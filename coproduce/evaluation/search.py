"""Evaluation in site search (coproduce.core.search): published annual reports for anyone; evidence for
the evaluation pages' readers, and only pieces that may be shown (selectors.visible_evidence: not withdrawn,
and a quote or photo of someone only while their latest consent is given)."""

from django.utils.dateformat import format as format_date

from coproduce.core import search
from coproduce.core.links import link
from coproduce.core.prepared import Prepared

from .models import AnnualReport, Evidence
from .rules import VIEW
from .selectors import visible_evidence

# The same rule for everyone, compiled once (its consent subqueries cost the ORM about 1 ms a search).
_VISIBLE_EVIDENCE = Prepared(lambda: visible_evidence().values("pk"))


def _report(report: AnnualReport) -> search.Document | None:
    if report.published_at is None:
        return None
    return search.Document(
        title=report.title,
        text=f"{report.introduction}\n{report.easy_read_summary}\n{report.board_challenges}",
        summary=report.introduction[:200],
        key=str(report.year),
    )


def _evidence(item: Evidence) -> search.Document:
    return search.Document(
        title=item.title,
        text=f"{item.text}\n{item.attribution}",
        summary=f"{item.get_kind_display()}, {format_date(item.collected_on, 'j F Y')}",
    )


search.register(
    search.Kind(
        key="annual_report",
        label="Annual reports",
        model=AnnualReport,
        document=_report,
        rows=lambda: AnnualReport.objects.filter(published_at__isnull=False),
        url=lambda user, hit: link("evaluation:report", args=[int(hit.key)]),
        order=60,
    ),
    search.Kind(
        key="evidence",
        label="Evaluation evidence",
        model=Evidence,
        document=_evidence,
        rows=lambda: Evidence.objects.all(),
        visible=lambda user: _VISIBLE_EVIDENCE().bind(),
        url=lambda user, hit: link("evaluation_manage:evidence", args=[hit.object_id]),
        policy=VIEW,
        order=61,
    ),
)
