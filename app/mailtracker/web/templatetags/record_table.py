"""The register's rows and a record's holders (``web.record_rows``) as template tags."""

from django import template

from mailtracker.web import record_rows

register = template.Library()


@register.simple_tag
def table_rows(records, **labels):
    return record_rows.table_rows(records, labels)


@register.simple_tag
def holders(record):
    return record_rows.holders(record)
