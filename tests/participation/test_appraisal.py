"""Department appraisal: monthly scorecards, the weighted score and the ranking, the weights and
targets the administrators change, the public page and its downloads, and a lead's trend.

The clock is frozen on 15 June 2026 (Shanghai); the scored month is May 2026. The fixture scheme
has the default weights (on time 30, handling 10, satisfaction 30, first check 10, reopen 10,
returned 10) and targets (90 %, 72 h, 90 %, —, 5 %, 10 %) except the first check's target, 80 %,
and ranks departments from 3 cases handled. Counted by hand:

Construction Office (A), cases dispatched 10 May 09:00:
- a1 resolved after 10 h, due after 24 h (on time); a2 after 30 h, due 24 h (late); a3 after
  50 h, due 72 h (on time), reopened once before; a4 after 20 h, no due time. Handled 4; on time
  2 of 3 = 66.7 %; durations 10, 20, 30, 50 → median 25.0 h; reopened 1 of 4 = 25.0 %.
  Not handled in May: one resolved in April, one resolved on 1 June 00:10, one in progress
  (dispatched in May), one reopened and not resolved again.
- Evaluations in May on A's cases: satisfied ×3 (one on 31 May 23:30), basically satisfied ×1,
  unsatisfied ×1 → 4 of 5 = 80.0 %. Not in May: one on 30 April, one on 1 June 00:10.
- The centre's checks: a1 approved (first check in May: passed); a2 sent back then approved,
  both in May (first check in May: not passed); a3 sent back in April, approved in May (first
  check in April: not counted); a4 approved (passed) → 2 of 3 = 66.7 %.
- Returns: r1 returned by A (the event names A) and dispatched to B in May; r2 returned by A's
  staff (the event names no department; the author works in A only). Sent to A in May: a1–a4,
  the case resolved on 1 June and the one in progress (6 still with A) + 2 returned = 8;
  returned 2 of 8 = 25.0 %.
- Points: on time 30 × 66.7 ÷ 90 = 22.23; handling 25 h ≤ 72 h: 10; satisfaction
  30 × 80 ÷ 90 = 26.67; first check 10 × 66.7 ÷ 80 = 8.34; reopen 10 × 5 ÷ 25 = 2.0; returned
  10 × 10 ÷ 25 = 4.0. Score 73.24 of 100 → 73.2. Rank 2.

Sanitation Station (B): b1–b3 resolved after 5, 6 and 7 h, all due after 24 h; r1 with it now.
On time 100 %, median 6.0 h, no evaluation and no check (not counted), reopened 0 %, returned 0
of 4. Points 30 + 10 + 10 + 10 = 60 of the 60 counted → score 100.0. Rank 1.

Parks Office (C): one case resolved after 2 h, due after 24 h: score 100.0, but 1 case < 3: no rank.
"""

import datetime
import io
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import openpyxl
import pytest
import time_machine

from participation import services, tasks
from participation.models import (
    AppraisalScheme,
    Case,
    CaseEvent,
    Department,
    DepartmentMembership,
    DepartmentScorecard,
    Evaluation,
)
from participation.statistics.appraisal import (
    appraisal_rollup,
    appraisal_scheme_change,
    scheme_for,
)
from portal import roles

from .helpers import LAT, LNG, page_text

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=CHINA)
MAY = datetime.date(2026, 5, 1)
APRIL = datetime.date(2026, 4, 1)
BASE = datetime.datetime(2026, 5, 10, 9, 0, tzinfo=CHINA)
HOUR = datetime.timedelta(hours=1)
Status = Case.Status
Action = CaseEvent.Action


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def parks(town):
    return Department.objects.create(
        platform=town.platform, code="parks", name="园林所", name_en="Parks Office"
    )


@pytest.fixture
def scheme(db):
    """Default weights and targets (first check: 80 %), ranked from 3 cases."""
    return AppraisalScheme.objects.create(
        effective_from=datetime.date(2021, 1, 1),
        target_first_pass=80,
        minimum_cases=3,
        reason="Test scheme.",
    )


def _case(
    town,
    department,
    *,
    status=Status.CLOSED,
    dispatched=BASE,
    resolved_after=None,
    due_after=None,
    reopen_count=0,
    resolved_at=None,
):
    resolved = resolved_at or (dispatched + resolved_after * HOUR if resolved_after else None)
    return Case(
        category=town.category,
        grid=town.grid,
        latitude=LAT,
        longitude=LNG,
        title="A problem",
        description="Something is wrong here.",
        status=status,
        department=department,
        submitted_at=dispatched - HOUR,
        updated_at=dispatched,
        dispatched_at=dispatched,
        resolved_at=resolved,
        due_at=dispatched + due_after * HOUR if due_after else None,
        reopen_count=reopen_count,
    )


def _event(case, action, at, *, actor=None, details=None, to=Status.RESOLVED):
    return CaseEvent(
        case=case,
        action=action,
        from_status=Status.IN_PROGRESS,
        to_status=to,
        actor=actor,
        details=details or {},
        created_at=at,
    )


@pytest.fixture
def counted(town, parks, scheme, staff, dispatcher):
    """The hand-counted month (see the module's docstring)."""
    A, B = town.department, town.other_department
    april = datetime.datetime(2026, 4, 20, 9, 0, tzinfo=CHINA)
    june_first = datetime.datetime(2026, 6, 1, 0, 10, tzinfo=CHINA)
    may_last = datetime.datetime(2026, 5, 31, 23, 30, tzinfo=CHINA)
    a1, a2, a3, a4, *others = Case.objects.bulk_create(
        [
            _case(town, A, resolved_after=10, due_after=24),
            _case(town, A, resolved_after=30, due_after=24),
            _case(town, A, resolved_after=50, due_after=72, reopen_count=1),
            _case(town, A, status=Status.RESOLVED, resolved_after=20),
            # Not handled in May:
            _case(town, A, dispatched=april, resolved_after=5, due_after=24),
            _case(town, A, dispatched=BASE, resolved_at=june_first, due_after=24 * 30),
            _case(town, A, status=Status.IN_PROGRESS, due_after=24),
            _case(town, A, status=Status.REOPENED, dispatched=april, reopen_count=1),
            # Sanitation Station:
            _case(town, B, resolved_after=5, due_after=24),
            _case(town, B, resolved_after=6, due_after=24),
            _case(town, B, status=Status.RESOLVED, resolved_after=7, due_after=24),
            # r1: returned by A, dispatched to B (with B now); r2: returned, back with the centre.
            _case(town, B, status=Status.DISPATCHED, dispatched=BASE + 5 * HOUR, due_after=24),
            _case(town, None, status=Status.SUBMITTED, dispatched=BASE),
            # Parks Office:
            _case(town, parks, resolved_after=2, due_after=24),
        ]
    )
    april_case, june_case, in_progress, reopened, b1, b2, b3, r1, r2, c1 = others
    rating = Evaluation.Rating
    Evaluation.objects.bulk_create(
        [
            Evaluation(case=a1, round=1, rating=rating.SATISFIED, created_at=BASE + 20 * HOUR),
            Evaluation(case=a2, round=1, rating=rating.SATISFIED, created_at=BASE + 40 * HOUR),
            Evaluation(case=a3, round=1, rating=rating.UNSATISFIED, created_at=BASE + 2 * HOUR),
            Evaluation(case=a3, round=2, rating=rating.SATISFIED, created_at=may_last),
            Evaluation(case=a4, round=1, rating=rating.BASICALLY_SATISFIED, created_at=may_last),
            # Not in May:
            Evaluation(case=april_case, round=1, rating=rating.UNSATISFIED, created_at=april),
            Evaluation(case=june_case, round=1, rating=rating.UNSATISFIED, created_at=june_first),
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            _event(a1, Action.APPROVE, BASE + 10 * HOUR, actor=dispatcher),
            _event(a2, Action.SEND_BACK, BASE + 12 * HOUR, actor=dispatcher, to=Status.IN_PROGRESS),
            _event(a2, Action.APPROVE, BASE + 30 * HOUR, actor=dispatcher),
            _event(a3, Action.SEND_BACK, april, actor=dispatcher, to=Status.IN_PROGRESS),
            _event(a3, Action.APPROVE, BASE + 50 * HOUR, actor=dispatcher),
            _event(a4, Action.APPROVE, BASE + 20 * HOUR, actor=dispatcher),
            _event(
                r1,
                Action.RETURN,
                BASE + 2 * HOUR,
                actor=staff,
                details={"department_id": A.pk},
                to=Status.SUBMITTED,
            ),
            _event(r2, Action.RETURN, BASE + 3 * HOUR, actor=staff, to=Status.SUBMITTED),
        ]
    )
    appraisal_rollup(month=MAY)
    return {card.department.code: card for card in DepartmentScorecard.objects.all()}


def test_scorecards_match_the_hand_count(counted):
    a, b, c = counted["construction"], counted["sanitation"], counted["parks"]
    assert (a.month, a.handled) == (MAY, 4)
    assert a.on_time_rate == 66.7
    assert a.median_handling_hours == 25.0
    assert a.satisfaction_rate == 80.0
    assert a.first_pass_rate == 66.7
    assert a.reopen_rate == 25.0
    assert a.returned_rate == 25.0
    assert a.counts == {
        "with_deadline": 3,
        "on_time": 2,
        "reopened": 1,
        "evaluations": 5,
        "satisfied": 4,
        "checked": 3,
        "passed_first_check": 2,
        "sent": 8,
        "returned": 2,
    }
    assert a.points == {
        "on_time": 22.23,
        "handling": 10.0,
        "satisfaction": 26.67,
        "first_pass": 8.34,
        "reopen": 2.0,
        "returned": 4.0,
    }
    assert (a.score, a.rank) == (73.2, 2)

    assert b.handled == 3
    assert (b.on_time_rate, b.median_handling_hours, b.reopen_rate, b.returned_rate) == (
        100.0,
        6.0,
        0.0,
        0.0,
    )
    assert b.satisfaction_rate is None and b.first_pass_rate is None
    assert b.points["satisfaction"] is None and b.points["first_pass"] is None
    assert (b.score, b.rank) == (100.0, 1)

    # A perfect score, but one case: a scorecard without a rank.
    assert (c.handled, c.score, c.rank) == (1, 100.0, None)
    assert set(counted) == {"construction", "sanitation", "parks"}


def test_a_rerun_gives_the_same_scorecards_and_drops_departments_with_nothing_left(counted):
    before = {
        code: (card.pk, card.handled, card.score, card.rank, card.points)
        for code, card in counted.items()
    }
    assert appraisal_rollup(month="2026-05") == 3
    after = {
        card.department.code: (card.pk, card.handled, card.score, card.rank, card.points)
        for card in DepartmentScorecard.objects.all()
    }
    assert after == before

    Case.objects.filter(department__code="parks").update(department=None)
    appraisal_rollup(month=MAY)
    assert not DepartmentScorecard.objects.filter(department__code="parks").exists()
    assert DepartmentScorecard.objects.count() == 2


def test_a_past_month_is_scored_from_its_own_cases_and_the_task_scores_last_month(counted):
    assert tasks.appraisal_rollup(month="2026-04") == 1
    april = DepartmentScorecard.objects.get(month=APRIL)
    assert (april.department.code, april.handled, april.on_time_rate) == ("construction", 1, 100.0)
    assert april.satisfaction_rate == 0.0  # the unsatisfied evaluation of 20 April
    assert april.first_pass_rate == 0.0  # a3 sent back at its first check, in April
    assert april.rank is None  # 1 case
    # May is untouched; the task with no month scores last month (May, on 15 June).
    assert DepartmentScorecard.objects.filter(month=MAY).count() == 3
    DepartmentScorecard.objects.filter(month=MAY).delete()
    assert tasks.appraisal_rollup() == 3
    assert DepartmentScorecard.objects.get(month=MAY, department__code="construction").score == 73.2


def test_by_default_a_department_needs_twenty_cases_to_be_ranked(town):
    AppraisalScheme.objects.exclude(effective_from=datetime.date(2020, 1, 1)).delete()
    assert scheme_for(MAY).minimum_cases == 20
    Case.objects.bulk_create(
        [_case(town, town.department, resolved_after=2, due_after=24) for _ in range(20)]
        + [_case(town, town.other_department, resolved_after=2, due_after=24) for _ in range(19)]
    )
    appraisal_rollup(month=MAY)
    cards = {card.department.code: card for card in DepartmentScorecard.objects.all()}
    assert (cards["construction"].handled, cards["construction"].rank) == (20, 1)
    assert (cards["sanitation"].handled, cards["sanitation"].rank) == (19, None)
    assert cards["sanitation"].score == 100.0


def test_equal_scores_share_a_rank(town, parks, scheme):
    Case.objects.bulk_create(
        [
            _case(town, department, resolved_after=2, due_after=24)
            for department in (town.department, town.other_department, parks)
            for _ in range(3)
        ]
    )
    Case.objects.bulk_create(
        [_case(town, parks, resolved_after=30, due_after=24)]  # parks: one late of four
    )
    appraisal_rollup(month=MAY)
    ranks = {card.department.code: card.rank for card in DepartmentScorecard.objects.all()}
    assert ranks == {"construction": 1, "sanitation": 1, "parks": 3}


@pytest.fixture
def administrator(make_user):
    return make_user(email="admin@example.org", roles=[roles.ADMINISTRATOR])


def test_a_change_of_weights_applies_from_next_month_and_is_logged(town, scheme, administrator):
    Case.objects.bulk_create(
        [_case(town, town.department, resolved_after=30, due_after=24) for _ in range(3)]
        + [
            _case(
                town,
                town.department,
                dispatched=datetime.datetime(2026, 7, 3, 9, 0, tzinfo=CHINA),
                resolved_after=30,
                due_after=24,
            )
            for _ in range(3)
        ]
    )
    change = appraisal_scheme_change(
        actor=administrator,
        reason="Residents' satisfaction matters most.",
        weight_on_time=20,
        weight_satisfaction=40,
        minimum_cases=2,
    )
    assert change.effective_from == datetime.date(2026, 7, 1)
    assert (change.changed_by, change.reason) == (
        administrator,
        "Residents' satisfaction matters most.",
    )
    assert change.weight_handling == 10 and change.target_first_pass == 80  # the rest kept
    scheme.refresh_from_db()
    assert (scheme.weight_on_time, scheme.minimum_cases) == (30, 3)  # the old row unchanged
    assert scheme_for(datetime.date(2026, 6, 1)) == scheme
    assert scheme_for(datetime.date(2026, 7, 1)) == change

    appraisal_rollup(month=MAY)
    may = DepartmentScorecard.objects.get(month=MAY)
    # All late: on time 0 %, 0 of 30 points; the other counted measures full: 30 of 60 → 50.
    assert (may.scheme, may.points["on_time"], may.score) == (scheme, 0.0, 50.0)
    with time_machine.travel(datetime.datetime(2026, 8, 1, 3, 0, tzinfo=CHINA), tick=False):
        tasks.appraisal_rollup()
    july = DepartmentScorecard.objects.get(month=datetime.date(2026, 7, 1))
    # All late again: 0 of 20 for on time; handling, reopen and returned full: 30 of 50.
    assert (july.scheme, july.points["on_time"], july.score, july.rank) == (change, 0.0, 60.0, 1)


def test_weights_that_do_not_add_up_are_refused_and_nothing_is_saved(scheme, administrator):
    before = AppraisalScheme.objects.count()
    with pytest.raises(ValidationError) as refused:
        appraisal_scheme_change(actor=administrator, reason="More for on time.", weight_on_time=40)
    assert "The weights add up to 110; they must add up to 100 exactly." in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        appraisal_scheme_change(actor=administrator, reason="", weight_on_time=30)
    assert "reason" in refused.value.message_dict
    assert AppraisalScheme.objects.count() == before


def test_only_administrators_change_the_scheme(scheme, dispatcher, administrator, mfa_client):
    with pytest.raises(PermissionDenied):
        appraisal_scheme_change(actor=dispatcher, reason="Why not.", weight_on_time=30)
    url = reverse("appraisal_scheme")
    client = mfa_client(dispatcher)
    page = client.get(url)
    assert page.status_code == 200
    assert "Change log" in page_text(page) and "Test scheme." in page_text(page)
    assert "Change the weights and targets" not in page_text(page)
    refused = client.post(url, {"weight_on_time": 30, "reason": "x"})
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "no permission"
    assert AppraisalScheme.objects.count() == 2


def test_the_admin_form_refuses_weights_over_100_and_saves_a_good_change(
    scheme, administrator, mfa_client
):
    client = mfa_client(administrator)
    url = reverse("appraisal_scheme")
    form = {
        "weight_on_time": 30,
        "weight_handling": 10,
        "weight_satisfaction": 30,
        "weight_first_pass": 10,
        "weight_reopen": 10,
        "weight_returned": 20,
        "target_on_time": 90,
        "target_handling_hours": 72,
        "target_satisfaction": 90,
        "target_first_pass": 85,
        "target_reopen": 5,
        "target_returned": 10,
        "minimum_cases": 20,
        "reason": "Returns cost the centre time.",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "The weights add up to 110" in page_text(refused)
    assert AppraisalScheme.objects.count() == 2  # the migration's default row and the fixture's
    saved = client.post(url, {**form, "weight_on_time": 20}, follow=True)
    assert "The new weights and targets apply from 2026-07." in page_text(saved)
    latest = AppraisalScheme.objects.order_by("-pk").first()
    assert (latest.effective_from, latest.weight_returned, latest.changed_by) == (
        datetime.date(2026, 7, 1),
        20,
        administrator,
    )


def test_the_public_page_ranks_the_departments_from_scorecards_only(counted, client):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/appraisal/")
    assert page.status_code == 200
    text = page_text(page)
    assert not any("participation_case" in query["sql"] for query in queries.captured_queries)
    assert "May 2026" in text
    ranking = text.index("No. 1")
    assert (
        text.index("Sanitation Station", ranking)
        < text.index("No. 2")
        < text.index("Construction Office", text.index("No. 2"))
    )
    assert "73.2 of 100" in text and "100.0 of 100" in text
    assert "66.7\u00a0%" in text and "at least 90\u00a0%" in text and "target not met" in text
    assert "25.0 h" in text and "at most 72 h" in text and "target met" in text
    assert "22.2 of 30" in text and "nothing to count" in text
    unranked = text.index("Too few cases to be ranked")
    assert text.index("Parks Office", unranked) > unranked
    assert "fewer than 3 cases" in text
    assert "weight × result ÷ target" in text
    assert 'class="appraisal-seg--on_time"' in text and "style=" not in text.split("<main")[1]


def test_the_public_page_in_chinese_and_for_other_months(counted, client):
    tasks.appraisal_rollup(month="2026-04")
    april = client.get("/appraisal/?month=2026-04")
    assert april.status_code == 200
    assert "April 2026" in page_text(april)
    assert 'href="/appraisal/?month=2026-05"' in page_text(april)
    assert client.get("/appraisal/?month=2031-01").status_code == 404
    assert client.get("/appraisal/?month=nonsense").status_code == 200  # the default month
    chinese = client.get("/appraisal/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 200


def test_no_scorecards_yet(db, client):
    page = client.get("/appraisal/")
    assert page.status_code == 200
    assert "No scorecards yet" in page_text(page)


def _csv_rows(response):
    import csv

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_month_as_csv_and_xlsx(counted, client):
    rows = _csv_rows(client.get("/appraisal/scorecards.csv?month=2026-05"))
    header, *lines = rows
    assert header[:5] == ["month", "rank", "department_code", "department", "cases_handled"]
    by_code = {line[2]: dict(zip(header, line, strict=True)) for line in lines}
    assert [line[2] for line in lines] == ["sanitation", "construction", "parks"]
    construction = by_code["construction"]
    assert (construction["rank"], construction["score"], construction["ranked"]) == (
        "2",
        "73.2",
        "yes",
    )
    assert construction["on_time_rate_percent"] == "66.7"
    assert construction["median_handling_hours"] == "25.0"
    assert construction["points_first_pass"] == "8.34"
    assert (by_code["parks"]["rank"], by_code["parks"]["ranked"]) == ("", "no")
    assert by_code["sanitation"]["satisfaction_rate_percent"] == ""

    response = client.get("/appraisal/scorecards.xlsx?month=2026-05")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "wuzhen-department-appraisal-2026-05.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "2026-05"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == header
    assert values[2][:5] == ["2026-05", 2, "construction", "Construction Office", 4]
    assert values[2][header.index("score")] == 73.2
    assert values[1][header.index("satisfaction_rate_percent")] is None
    assert client.get("/appraisal/scorecards.csv?month=2031-01").status_code == 404


@pytest.fixture
def lead(make_user, town):
    user = make_user(email="lead@example.org", roles=[roles.DEPARTMENT_LEAD])
    DepartmentMembership.objects.create(department=town.department, user=user, role="lead")
    return user


def test_a_lead_sees_their_own_departments_trend_and_no_other(counted, lead, town, mfa_client):
    client = mfa_client(lead)
    url = reverse("appraisal_trend")
    page = client.get(url)
    assert page.status_code == 200
    text = page_text(page)
    assert "Construction Office: the last 12 months" in text
    assert "2026-05" in text and "2025-06" in text and "2025-05" not in text
    assert "73.2" in text and "No scorecard this month." in text
    assert client.get(f"{url}?department={town.department.pk}").status_code == 200
    assert client.get(f"{url}?department={town.other_department.pk}").status_code == 404
    assert "Department appraisal" in page_text(client.get("/admin/"))


def test_the_centre_picks_any_departments_trend_and_staff_see_none(
    counted, dispatcher, staff, town, mfa_client
):
    client = mfa_client(dispatcher)
    page = client.get(f"{reverse('appraisal_trend')}?department={town.other_department.pk}")
    assert page.status_code == 200
    assert "Sanitation Station: the last 12 months" in page_text(page)
    assert 'id="trend-department"' in page_text(page)
    refused = mfa_client(staff).get(reverse("appraisal_trend"))
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's "no permission"


def test_a_return_records_the_department_it_left(case_in, staff, town):
    case = case_in(Status.DISPATCHED)
    services.case_return(case=case, actor=staff, reason="Not a road matter.")
    event = CaseEvent.objects.get(case=case, action=Action.RETURN)
    assert event.details == {"department_id": town.department.pk}


def test_the_demo_has_scorecards_for_its_past_months(db, client):
    from participation import demo
    from participation.statistics.demo_appraisal import seed_appraisal

    demo.seed_structure()
    demo.seed_cases(count=600)
    months = seed_appraisal()
    assert months == 12  # June 2025 … May 2026: the demo's year of cases, up to last month
    cards = DepartmentScorecard.objects.count()
    assert seed_appraisal() == months and DepartmentScorecard.objects.count() == cards
    may = DepartmentScorecard.objects.filter(month=MAY).select_related("department")
    assert may.exists()
    page = client.get("/appraisal/")
    assert page.status_code == 200
    assert "May 2026" in page_text(page) and may[0].department.name_en in page_text(page)
