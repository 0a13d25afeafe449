from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from coproduce.core.access import access
from coproduce.core.spreadsheets import csv_lines

from . import selectors, services
from .forms import AuditFilterForm, parse_cursor
from .rules import AUDIT_LOG

LONDON = timezone.get_default_timezone()


def _filter_form(request) -> AuditFilterForm:
    return AuditFilterForm(
        request.GET, verbs=selectors.known_verbs(), object_types=selectors.known_object_types()
    )


def _query_without_cursor(request) -> str:
    query = request.GET.copy()
    query.pop("before", None)
    query.pop("after", None)
    return query.urlencode()


@access(AUDIT_LOG)
def events(request):
    form = _filter_form(request)
    page = None
    if form.is_valid():
        page = selectors.events_page(
            form.filters(),
            before=parse_cursor(request.GET.get("before")),
            after=parse_cursor(request.GET.get("after")),
        )
    return render(
        request,
        "audit/manage/events.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.event_rows(page.events) if page else [],
            "query": _query_without_cursor(request),
        },
    )


def _csv_rows(events):
    yield ["id", "when (UK time)", "verb", "who", "email", "object type", "object id", "fields changed", "ip"]
    for event in events:
        actor = event.actor
        yield [
            event.id,
            timezone.localtime(event.occurred_at, LONDON).strftime("%Y-%m-%d %H:%M:%S"),
            event.verb,
            actor.display_name if actor else "",
            actor.email if actor else "",
            event.object_type,
            event.object_id,
            " ".join(event.changed_fields),
            event.ip_address,
        ]


@access(AUDIT_LOG)
def export(request):
    form = _filter_form(request)
    if not form.is_valid():
        return render(
            request, "audit/manage/events.html", {"form": form, "page": None, "query": ""}, status=400
        )
    filters = form.filters()
    services.record_export(actor=request.user, filters_used=filters.applied(), request=request)
    rows = _csv_rows(selectors.events_for_export(filters))
    response = StreamingHttpResponse(
        csv_lines(rows),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localtime(timezone.now(), LONDON).strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
