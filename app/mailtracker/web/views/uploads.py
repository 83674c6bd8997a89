"""Answers for forms that the page may send with fetch/XHR (to show upload progress). Such a
request asks for JSON; without JavaScript the same form posts normally and gets HTML."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, JsonResponse


def wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def json_success(url: str) -> JsonResponse:
    return JsonResponse({"redirect": url}, status=201)


def json_form_errors(form) -> JsonResponse:
    # Keyed by the inputs' names (with the form's prefix), so the page finds each field.
    errors = {
        name if name == NON_FIELD_ERRORS else form.add_prefix(name): list(messages)
        for name, messages in form.errors.items()
    }
    return JsonResponse({"errors": errors}, status=form.error_status)


def submitted(request: HttpRequest) -> tuple:
    """Form data for a POST (even an empty one, so it is validated), nothing for a GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)
