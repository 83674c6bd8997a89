"""Each request's copies of a FilterSet's filters, made cheaply.

django-filter deep-copies every filter of a FilterSet for each request it filters, with the
form field, the querysets and the choices each filter holds, and then builds a form class
from those copies: 1.4-2 ms of every list request (API, register page, exports), for a copy
of which a request changes only two attributes (the filter's ``model`` and ``parent``). Here
each filter is copied shallowly, sharing the form field the class's filter built once (the
form copies its fields anyway, and every change to a field is made to the form's copy), and
the form class is built once per set of filters."""

import copy
from functools import cache

import django_filters


class FilterCopies(dict):
    """A FilterSet's ``base_filters``, copied for a request by ``copy.deepcopy`` (as
    django-filter's ``BaseFilterSet.__init__`` does) filter by filter."""

    def __deepcopy__(self, memo):
        return {name: _copy(filter_) for name, filter_ in self.items()}


def _copy(filter_: django_filters.Filter) -> django_filters.Filter:
    filter_.field  # noqa: B018 -- built once, on the class's filter, and shared by its copies
    copied = copy.copy(filter_)
    if filter_.method is not None:
        # The filter method is bound to the filter it belongs to, which finds the FilterSet
        # of the request through its ``parent``: setting it again binds it to the copy.
        copied.method = filter_.method
    return copied


class CheaplyCopiedFilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls):
        return FilterCopies(super().get_filters())

    def get_form_class(self):
        return _form_class(type(self), tuple(self.filters))


@cache
def _form_class(filterset_class, names: tuple[str, ...]):
    """The form of a FilterSet class with these of its filters (the register's drops some)."""
    fields = {name: filterset_class.base_filters[name].field for name in names}
    return type(f"{filterset_class.__name__}Form", (filterset_class._meta.form,), fields)
