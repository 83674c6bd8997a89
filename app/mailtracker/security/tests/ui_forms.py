"""An OpenAPI description of the staff UI's forms, read from the pages themselves: every
``<form>`` a page renders becomes an operation whose parameters are the form's inputs, so the
schema-driven fuzzer sends exactly what a browser (or someone editing the page) could send."""

from html.parser import HTMLParser
from urllib.parse import urljoin

# Not fuzzed: logging out would end the session the rest of the run needs.
SKIPPED_ACTIONS = ("/accounts/logout/",)
SENT_BY_THE_TEST = {"csrfmiddlewaretoken"}


def input_schema(tag: str, attrs: dict) -> dict:
    kind = attrs.get("type", "text") if tag == "input" else tag
    if kind == "file":
        return {"type": "string", "format": "binary"}
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "number":
        return {"type": "integer"}
    schema = {"type": "string"}
    if attrs.get("maxlength", "").isdigit():
        schema["maxLength"] = int(attrs["maxlength"])
    return schema


class _FormCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._options: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {
                "action": attrs.get("action", ""),
                "method": attrs.get("method", "get").lower(),
                "enctype": attrs.get("enctype", "application/x-www-form-urlencoded"),
                "fields": {},
                "required": set(),
            }
        elif self._form is not None and attrs.get("name"):
            self._field(tag, attrs)
        elif tag == "option" and self._options is not None:
            self._options.append(attrs.get("value", ""))

    def _field(self, tag, attrs):
        name, fields = attrs["name"], self._form["fields"]
        if "required" in attrs:
            self._form["required"].add(name)
        if tag == "select":
            self._options = []
            fields[name] = {"multiple": "multiple" in attrs, "enum": self._options}
        elif attrs.get("type") in ("checkbox", "radio"):
            choice = fields.setdefault(name, {"multiple": attrs["type"] == "checkbox", "enum": []})
            choice["enum"].append(attrs.get("value", "on"))
        elif tag in ("input", "textarea"):
            fields[name] = input_schema(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "select":
            self._options = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def forms_of(html: str) -> list[dict]:
    collector = _FormCollector()
    collector.feed(html)
    return collector.forms


def _property(field: dict) -> dict:
    if "enum" not in field:
        return field
    choice = {"type": "string", "enum": sorted(set(field["enum"]))}
    return {"type": "array", "items": choice} if field["multiple"] else choice


def _operation(form: dict) -> dict:
    fields = {
        name: _property(field)
        for name, field in form["fields"].items()
        if name not in SENT_BY_THE_TEST
    }
    required = sorted(form["required"] & set(fields))
    if form["method"] == "get":
        parameters = [
            {"name": name, "in": "query", "required": name in required, "schema": schema}
            for name, schema in fields.items()
        ]
        return {"parameters": parameters, "responses": {"200": {"description": "the page"}}}
    body = {"type": "object", "properties": fields, "required": required}
    return {
        "requestBody": {"required": True, "content": {form["enctype"]: {"schema": body}}},
        "responses": {"302": {"description": "done"}, "400": {"description": "refused"}},
    }


def ui_forms_schema(pages: dict[str, str]) -> dict:
    """OpenAPI 3 for the forms on ``pages`` (page path -> its HTML)."""
    paths: dict = {}
    for page, html in pages.items():
        for form in forms_of(html):
            action = urljoin(page, form["action"])
            if action.endswith(SKIPPED_ACTIONS):
                continue
            paths.setdefault(action, {})[form["method"]] = _operation(form)
    return {"openapi": "3.0.3", "info": {"title": "Staff UI forms", "version": "1"}, "paths": paths}
