"""The pendency statement: a page for a period, and the same as CSV or PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mailtracker.core.pdf import dated_name
from mailtracker.records.selectors import remember_visibility
from mailtracker.statements import exports
from mailtracker.statements.forms import PeriodForm
from mailtracker.statements.selectors import statement_for

FILES = {
    "csv": (exports.statement_csv, "text/csv; charset=utf-8"),
    "pdf": (exports.statement_pdf, "application/pdf"),
}


@login_required
@require_GET
def statement_page(request) -> HttpResponse:
    form = PeriodForm(request.GET)
    remember_visibility(request.user)  # both halves of the statement filter by it
    statement = statement_for(request.user, period=form.period) if form.is_valid() else None
    context = {
        "form": form,
        "statement": statement,
        "described": exports.describe(statement, request.user) if statement else "",
        "headings": exports.headings(),
        "query": request.GET.urlencode(),
    }
    if statement is not None:
        context["sections"] = [(row, exports.figures(row)) for row in statement.by_section]
        context["officers"] = [(row, exports.figures(row)) for row in statement.by_officer]
        context["section_total"] = exports.figures(statement.section_total)
        context["officer_total"] = exports.figures(statement.officer_total)
    return render(request, "web/statement.html", context, status=200 if statement else 400)


@login_required
@require_GET
def statement_file(request, fmt: str) -> HttpResponse:
    if fmt not in FILES:
        raise Http404("No such format.")
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    remember_visibility(request.user)
    statement = statement_for(request.user, period=form.period)
    make, content_type = FILES[fmt]
    response = HttpResponse(make(statement, request.user), content_type=content_type)
    name = dated_name(exports.file_stem(statement), fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
