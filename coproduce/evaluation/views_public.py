"""Pages anyone may open: answering a survey by its link (standard or easy read), and the published annual
reports with their easy-read summary, PDF and open data."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from coproduce.core.access import PUBLIC, access
from coproduce.core.errors import ServiceError
from coproduce.core.forms import posted

from . import choices, exports, forms, selectors, services


@access(PUBLIC)
def answer(request, token):
    survey = selectors.survey_by_token(token)
    easy_read = request.GET.get("easy_read") == "1"
    form = forms.answer_form(survey, easy_read=easy_read, data=posted(request))
    if request.method == "POST" and form.is_valid():
        answers = {int(name[1:]): value for name, value in form.cleaned_data.items()}
        person = getattr(request.user, "person", None) if request.user.is_authenticated else None
        try:
            services.submit_response(
                survey,
                answers,
                method=choices.ResponseMethod.ONLINE,
                person=person,
                easy_read=easy_read,
                actor=request.user,
                request=request,
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("evaluation:thanks", token=token)
    return render(
        request, "evaluation/public/answer.html", {"survey": survey, "form": form, "easy_read": easy_read}
    )


@access(PUBLIC)
def thanks(request, token):
    return render(request, "evaluation/public/thanks.html", {"survey": selectors.survey_by_token(token)})


@access(PUBLIC)
def reports(request):
    return render(request, "evaluation/public/reports.html", {"reports": selectors.published_reports()})


def _report_context(year: int) -> dict:
    report = selectors.published_report(year)
    return {"report": report, "figures": report.figures, "evidence": selectors.report_evidence(report)}


@access(PUBLIC)
def report(request, year):
    return render(request, "evaluation/public/report.html", _report_context(year))


@access(PUBLIC)
def report_easy_read(request, year):
    return render(request, "evaluation/public/easy_read.html", _report_context(year))


@access(PUBLIC)
def report_pdf(request, year):
    """The report as a printable PDF (WeasyPrint with Debian's Pango)."""
    from weasyprint import HTML

    html = render_to_string("evaluation/pdf/report.html", _report_context(year), request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="annual-report-{year}.pdf"'
    return response


@access(PUBLIC)
def open_data(request):
    response = HttpResponse(exports.open_data_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coproduction-open-data.csv"'
    return response


@access(PUBLIC)
def data_dictionary(request):
    response = HttpResponse(exports.data_dictionary_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coproduction-open-data-dictionary.csv"'
    return response
