"""The bench measures every list a user can open (records.surface): every filter and each of
its values, every sort, every role, in the API and in the register, and the dashboard. These
tests fail when the code offers something the bench does not measure, or did not measure in
its last run (docs/benchmarks-lists.json, written by `make bench`)."""

import json
from pathlib import Path

import django_filters
import pytest

from mailtracker.accounts.roles import Role
from mailtracker.demo.register import BENCH_USERS
from mailtracker.records import surface
from mailtracker.records.filters import RecordFilter, RegisterFilter
from mailtracker.records.sorts import SORTS

LAST_RUN = Path(__file__).resolve().parents[4] / "docs" / "benchmarks-lists.json"


def measured_parameters(list_name: str) -> set[tuple[str, str]]:
    return {pair for case in surface.cases() if case.list == list_name for pair in case.query}


def offered_parameters(filterset) -> set[tuple[str, str]]:
    """What the code offers: each filter, with each of its values where it has a fixed set."""
    offered = set()
    for name, filter_ in filterset.base_filters.items():
        if isinstance(filter_, django_filters.ModelChoiceFilter):
            offered.add((name, "own"))
        elif isinstance(filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
            offered |= {(name, str(value)) for value, _ in filter_.extra["choices"]}
        else:
            offered.add((name, "any value"))
    return offered


@pytest.mark.parametrize(
    ("list_name", "filterset"), [("api", RecordFilter), ("register", RegisterFilter)]
)
def test_the_bench_measures_every_filter_value_and_sort_of_each_list(list_name, filterset):
    measured = measured_parameters(list_name)
    measured_names = {name for name, _ in measured}
    missing = [
        (name, value)
        for name, value in offered_parameters(filterset)
        if (name, value) not in measured and not (value == "any value" and name in measured_names)
    ]
    assert missing == []
    assert {("sort", name) for name in SORTS} <= measured


def test_the_bench_measures_every_role_with_a_person_of_that_role():
    assert set(BENCH_USERS) == set(Role.values)
    for list_name in [*surface.LISTS, "dashboard"]:
        assert {case.role for case in surface.cases() if case.list == list_name} == set(Role.values)


def test_a_filter_the_bench_cannot_give_values_to_stops_the_surface(monkeypatch):
    unmeasurable = django_filters.NumberFilter(field_name="id")
    monkeypatch.setitem(RecordFilter.base_filters, "id_above", unmeasurable)
    with pytest.raises(surface.SurfaceError, match="id_above"):
        surface.cases()


def test_the_last_bench_run_measured_every_case_of_the_surface():
    measured = set(json.loads(LAST_RUN.read_text())["cases"])
    missing = [case.name for case in surface.cases() if case.name not in measured]
    assert missing == [], (
        f"{len(missing)} lists were not measured by the last `make bench` (a new filter, sort "
        f"or role?), e.g. {missing[:3]}: run `make bench` and commit docs/benchmarks*."
    )
