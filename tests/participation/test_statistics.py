"""Public supervision: the statistics roll-up, page and CSV, and the open-data export of cases.

The fixture is counted by hand, in last month (seen from each of the calendar moments):

- Construction Office (manhole covers, grid 7): 26 cases, 21 closed (10 after 10 h, 10 after 30 h,
  all due after 24 h: 10 on time) and 5 in progress; 12 satisfied, 4 basically satisfied and
  4 unsatisfied evaluations; one more closed case, hidden from the public but counted (only
  figures are public), resolved after 1 h (on time) with one more unsatisfied evaluation.
- Sanitation Station (litter, grid 8): 19 cases, all resolved after 60 h, due after 72 h.
- 2 rejected cases, never assigned (litter, grid 8).
"""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from participation import tasks
from participation.models import Case, CaseEvent, CaseMonthlyStat, Evaluation
from participation.statistics.rollup import (
    month_start,
    period_statistics,
    statistics_rollup,
)

from .helpers import GRID8_LAT, GRID8_LNG, LAT, LNG

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def month(calendar_moment):
    """Last month, seen from each of the calendar moments (the clock frozen there)."""
    return month_start(month_start(timezone.localdate()) - datetime.timedelta(days=1))


def _case(
    town,
    submitted,
    *,
    status,
    department=None,
    resolved_after=None,
    due_after=None,
    other=False,
    **extra,
):
    resolved = submitted + resolved_after * HOUR if resolved_after is not None else None
    return Case(
        category=town.other_category if other else town.category,
        grid=town.other_grid if other else town.grid,
        latitude=GRID8_LAT if other else LAT,
        longitude=GRID8_LNG if other else LNG,
        title="A problem",
        description="Something is wrong here.",
        status=status,
        department=department,
        submitted_at=submitted,
        updated_at=submitted,
        dispatched_at=submitted + HOUR if department else None,
        resolved_at=resolved,
        closed_at=resolved + 24 * HOUR if status == Case.Status.CLOSED else None,
        due_at=submitted + due_after * HOUR if due_after is not None else None,
        **extra,
    )


def _make_cases(town, month, *, start=0):
    """The hand-counted fixture (see the module's docstring), reported on the 10th of `month`."""
    base = timezone.make_aware(datetime.datetime.combine(month.replace(day=10), datetime.time(9)))
    at = [base + datetime.timedelta(minutes=start + n) for n in range(50)]
    Status = Case.Status
    cases = []
    for n in range(20):
        cases.append(
            _case(
                town,
                at[n],
                status=Status.CLOSED,
                department=town.department,
                resolved_after=10 if n < 10 else 30,
                due_after=24,
            )
        )
    for n in range(20, 25):
        cases.append(
            _case(town, at[n], status=Status.IN_PROGRESS, department=town.department, due_after=24)
        )
    for n in range(25, 44):
        cases.append(
            _case(
                town,
                at[n],
                status=Status.RESOLVED,
                department=town.other_department,
                resolved_after=60,
                due_after=72,
                other=True,
            )
        )
    for n in range(44, 46):
        cases.append(_case(town, at[n], status=Status.REJECTED, other=True))
    cases.append(
        _case(
            town,
            at[46],
            status=Status.CLOSED,
            department=town.department,
            resolved_after=1,
            due_after=24,
            is_hidden=True,
        )
    )
    cases = Case.objects.bulk_create(cases)
    ratings = ["satisfied"] * 12 + ["basically_satisfied"] * 4 + ["unsatisfied"] * 4
    Evaluation.objects.bulk_create(
        [
            Evaluation(case=case, round=1, rating=rating)
            for case, rating in zip(cases, ratings, strict=False)
        ]
        + [Evaluation(case=cases[-1], round=1, rating="unsatisfied")]  # the hidden case's
    )
    return cases


@pytest.fixture
def counted(town, month):
    cases = _make_cases(town, month)
    statistics_rollup(months=[month])
    return cases


def _url(month, path="/cases/statistics/"):
    return f"{path}?start={month:%Y-%m}&end={month:%Y-%m}"


def _csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_figures_match_the_hand_count(counted, town, month):
    period = period_statistics(month, month)
    total = period.total
    assert (total.received, total.rejected, total.resolved, total.open) == (47, 2, 40, 5)
    assert total.disposal_rate == 88.9  # 40 / 45
    assert (total.resolved_on_time, total.resolved_with_deadline) == (30, 40)
    assert total.on_time_rate == 75.0
    assert total.evaluations == 21 and total.satisfaction_rate == 76.2  # 16 / 21
    # The 20th of 40 handling times is 30 h; the histogram puts it at about 35 h (24–36 bucket).
    assert total.median_hours == 34.8

    by_department = {row.subject: row for row in period.departments}
    construction = by_department[town.department]
    assert (construction.figures.received, construction.figures.resolved) == (26, 21)
    assert construction.figures.on_time_rate == 52.4  # 11 / 21
    assert construction.figures.satisfaction_rate == 76.2
    assert construction.figures.median_hours == 11.8
    assert construction.rank == 1
    sanitation = by_department[town.other_department]
    assert sanitation.figures.received == 19 and sanitation.figures.on_time_rate == 100.0
    assert sanitation.rank is None  # 19 cases: not ranked
    assert by_department[None].figures.received == 2  # the rejected, never assigned
    assert [row.subject for row in period.ranked_departments] == [town.department]
    assert period.unranked_departments == [sanitation]

    assert {row.subject: row.figures.received for row in period.categories} == {
        town.category: 26,
        town.other_category: 21,
    }
    assert {row.subject: row.figures.received for row in period.grids} == {
        town.grid: 26,
        town.other_grid: 21,
    }
    assert [(m, f.received) for m, f in period.months] == [(month, 47)]


def test_the_page_shows_the_figures_and_ranks_only_departments_with_20_cases(
    client, counted, month
):
    response = client.get(_url(month))
    assert response.status_code == 200
    page = response.content.decode()
    assert "88.9 %" in page and "75.0 %" in page and "about 35 h" in page
    ranked = page.split("Department ranking")[1].split("</table>")[0]
    assert "Construction Office" in ranked and "Sanitation Station" not in ranked
    unranked = page.split("too few cases to be ranked")[1].split("</table>")[0]
    assert "Sanitation Station" in unranked
    assert "at least 20 cases" in page
    assert "<svg" in page and 'style="' not in page
    assert f"?category={counted[0].category_id}&amp;date_from={month:%Y-%m-%d}" in page


def test_the_figures_csv_matches_the_page(client, counted, month):
    response = client.get(_url(month, "/cases/statistics.csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    total = rows[0]
    assert total["breakdown"] == "total"
    assert (total["received"], total["resolved"], total["disposal_rate_percent"]) == (
        "47",
        "40",
        "88.9",
    )
    assert (total["on_time_rate_percent"], total["satisfaction_rate_percent"]) == ("75.0", "76.2")
    assert total["median_handling_hours_about"] == "34.8"
    departments = {row["code"]: row for row in rows if row["breakdown"] == "department"}
    assert departments["construction"]["rank"] == "1"
    assert departments["sanitation"]["rank"] == ""
    assert departments["sanitation"]["received"] == "19"
    assert departments[""]["name"] == "Not yet assigned"
    assert {row["code"] for row in rows if row["breakdown"] == "grid"} == {"7", "8"}


def test_open_data_has_no_personal_data_and_no_hidden_case(client, case_in, resident):
    closed = case_in(Case.Status.CLOSED, show_reporter_name=True, title="Loose paving stone")
    CaseEvent.objects.create(
        case=closed,
        action=CaseEvent.Action.NOTE,
        from_status=closed.status,
        to_status=closed.status,
        internal_note="Secret: the contractor is the mayor's cousin.",
    )
    hidden = case_in(Case.Status.SUBMITTED, title="Hidden matter")
    Case.objects.filter(pk=hidden.pk).update(is_hidden=True)

    response = client.get("/cases/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Loose paving stone" in body
    for secret in (resident.email, "Li Hua", "Secret", "Hidden matter", hidden.reference):
        assert secret not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["reference"] for row in rows] == [closed.reference]
    row = rows[0]
    assert row["status"] == "closed" and row["met_deadline"] == "yes"
    assert row["category_code"] == "manhole-cover" and row["grid_number"] == "7"
    assert row["latitude"] == "30.7450" and row["longitude"] == "120.4950"
    assert "reporter" not in ",".join(rows[0])


def test_open_data_applies_the_list_filters_and_ignores_bogus_ones(client, case_in, town):
    closed = case_in(Case.Status.CLOSED)
    submitted = case_in(Case.Status.SUBMITTED, title="Formula =1+1")

    def references(query):
        response = client.get(f"/cases/export.csv?{query}")
        assert response.status_code == 200
        return {row["reference"] for row in _csv(response)}

    assert references("status=closed") == {closed.reference}
    assert references("status=open") == {submitted.reference}
    assert references(f"category={town.other_category.pk}") == set()
    everything = {closed.reference, submitted.reference}
    assert references("status=nonsense&grid=abc&category=x&date_from=soon&sort=up") == everything
    rows = _csv(client.get("/cases/export.csv?status=open"))
    assert rows[0]["title"] == "Formula =1+1"  # only a leading "=" is neutralised


def test_bogus_period_is_ignored(client, counted):
    for query in ("start=never&end=2026-13", "start=9999-01", "end=x", "start=2020-02&end=2019-01"):
        response = client.get(f"/cases/statistics/?{query}")
        assert response.status_code == 200, query
        assert client.get(f"/cases/statistics.csv?{query}").status_code == 200


def test_the_page_reads_the_roll_up_with_a_constant_number_of_queries(client, town, month):
    def queries():
        # A unique parameter, ignored by the page, misses the page cache.
        url = _url(month) + f"&fresh={Case.objects.count()}"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return [q["sql"] for q in captured.captured_queries]

    _make_cases(town, month)
    statistics_rollup(months=[month])
    client.get(_url(month))  # the site's settings, cached once per process
    few = queries()
    for start in (100, 200, 300):
        _make_cases(town, month, start=start)
    statistics_rollup(months=[month])
    many = queries()
    assert len(few) == len(many)
    assert not any('participation_case"' in sql and "FROM" in sql for sql in many)


def test_the_roll_up_is_idempotent_and_the_task_finds_changed_months(town, month):
    cases = _make_cases(town, month)

    def rows():
        return sorted(
            CaseMonthlyStat.objects.values_list(
                "month",
                "dimension",
                "department",
                "category",
                "grid",
                "received",
                "resolved",
                "resolved_on_time",
                "satisfied",
                "unsatisfied",
                "handling_histogram",
            ),
            key=repr,
        )

    assert tasks.statistics_rollup() == 1  # first run: every month with cases
    first = rows()
    assert statistics_rollup(months=[month]) == 1
    assert rows() == first
    assert (
        len(first) == 1 + 3 + 2 + 2
    )  # town; 2 departments and "unassigned"; 2 categories; 2 grids

    later = timezone.now() + datetime.timedelta(hours=2)
    CaseMonthlyStat.objects.update(computed_at=later)
    assert statistics_rollup() == 0  # nothing changed since
    Case.objects.filter(pk=cases[20].pk).update(
        status=Case.Status.RESOLVED,
        resolved_at=cases[20].submitted_at + HOUR,
        updated_at=later + datetime.timedelta(minutes=1),
    )
    assert statistics_rollup() == 1
    assert period_statistics(month, month).total.resolved == 41
