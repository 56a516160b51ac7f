"""The cases panel on the admin home page, and the weekly digest."""

from datetime import timedelta

from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

import pytest

from participation import tasks
from participation.backoffice import dashboard, digest
from participation.models import Case, DepartmentMembership
from portal import roles
from portal.models import Notification

from .helpers import GRID8_LAT, GRID8_LNG, page_text

S = Case.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(make_user, town):
    user = make_user(email="boss@example.org", roles=[roles.DEPARTMENT_LEAD])
    user.language = "en"
    user.save(update_fields=["language"])
    DepartmentMembership.objects.create(department=town.department, user=user, role="lead")
    return user


@pytest.fixture
def cases(calendar_moment, case_in, submit, town):
    """Today (each calendar moment's, the clock frozen there): two open cases in grid 7 (one
    overdue), one waiting emergency in grid 8 of another category, one closed case in grid 7."""
    overdue = case_in(S.IN_PROGRESS)
    Case.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(hours=1))
    in_time = case_in(S.DISPATCHED)
    waiting = submit(
        latitude=GRID8_LAT,
        longitude=GRID8_LNG,
        category=town.other_category,
        urgency=Case.Urgency.EMERGENCY,
    )
    closed = case_in(S.CLOSED)
    return overdue, in_time, waiting, closed


def test_heat_levels():
    assert dashboard.heat_level(0, 10) == 0
    assert dashboard.heat_level(1, 10) == 1
    assert dashboard.heat_level(5, 10) == 3
    assert dashboard.heat_level(10, 10) == 5


def test_centre_figures_in_a_handful_of_queries(cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        figures = dashboard.centre_figures(timezone.now())
    assert figures["intake"] == {"total": 4, "emergency": 1, "waiting": 1}
    assert figures["overdue_by_department"] == [{"name": "Construction Office", "count": 1}]
    assert [
        (row["number"], row["count"], row["open"], row["heat"]) for row in figures["hotspots"]
    ] == [
        (7, 3, 2, 5),
        (8, 1, 1, 2),
    ]
    assert figures["categories"] == [
        {"name": "Missing manhole cover", "count": 3},
        {"name": "Litter", "count": 1},
    ]


def test_the_panel_on_the_admin_home_for_a_dispatcher(cases, dispatcher, mfa_client):
    client = mfa_client(dispatcher)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = page_text(response)
    assert 'id="cases-dashboard' in page or "cases-dashboard" in page
    assert 'data-figure="intake">4<' in page
    assert 'data-figure="emergency">1<' in page
    assert "Construction Office" in page
    assert "heat heat--5" in page and "heat heat--2" in page
    # The heat map: every grid drawn, the busiest darkest.
    assert page.count('<polygon class="heat-cell') == 2
    assert '<polygon class="heat-cell heat--5"' in page
    assert "Grid 7: 3 cases" in page
    assert "Missing manhole cover" in page
    assert "css/admin-dashboard.css" in page
    assert ' style="' not in page.split('id="cases-dashboard', 1)[-1].split("</section>", 1)[0]


def test_the_whole_panel_renders_in_a_bounded_number_of_queries(
    cases, dispatcher, django_assert_max_num_queries
):
    request = RequestFactory().get("/admin/")
    request.user = dispatcher
    panels = []
    dashboard.add_cases_panel(request, panels)
    (panel,) = panels
    with django_assert_max_num_queries(7):  # 6 for the figures, 1 for the campaigns' hotspots
        html = panel.render_html({})
    assert "Construction Office" in html


def test_department_staff_see_their_own_department(cases, staff, other_staff, mfa_client):
    page = page_text(mfa_client(staff).get("/admin/"))
    assert "Cases: my department" in page
    assert "Construction Office" in page
    figures = dashboard.department_figures(staff, timezone.now())
    assert figures == [{"name": "Construction Office", "open": 2, "overdue": 1, "due_today": 0}]
    assert dashboard.department_figures(other_staff, timezone.now()) == []


def test_residents_and_editors_get_no_panel(make_user):
    request = RequestFactory().get("/admin/")
    request.user = make_user(email="editor@example.org", roles=[roles.EDITOR])
    panels = []
    dashboard.add_cases_panel(request, panels)
    assert panels == []


# --- The weekly digest ---------------------------------------------------------------------------


def next_monday_morning():
    local = timezone.localtime()
    monday = local.date() + timedelta(days=7 - local.weekday())
    return timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time()))


def test_last_week(calendar_moment):
    start, end, week = digest.last_week(next_monday_morning() + timedelta(hours=8))
    assert end - start == timedelta(days=7)
    assert start <= timezone.now() < end
    year, number, _day = timezone.localtime().date().isocalendar()
    assert week == f"{year}-W{number:02d}"


def test_the_weekly_digest_is_sent_once_per_week_per_lead(
    cases, lead, dispatcher, staff, django_capture_on_commit_callbacks
):
    overdue, in_time = cases[0], cases[1]
    Case.objects.filter(pk=overdue.pk).update(overdue_at=timezone.now(), escalation_level=1)
    now = next_monday_morning() + timedelta(hours=8)
    # Due before the digest goes out, whatever day of the week "today" is.
    Case.objects.filter(pk=in_time.pk).update(due_at=now - timedelta(hours=1))
    _start, _end, week = digest.last_week(now)

    assert digest.weekly_digest(now=now) == 2
    to_lead = Notification.objects.get(recipient=lead, kind="digest")
    assert to_lead.key == f"digest:{week}:{lead.pk}"
    assert "Construction Office" in to_lead.body
    assert "Received: 3 · resolved: 1 · became overdue: 1" in to_lead.body
    assert f"{overdue.reference} · Manhole cover missing" in to_lead.body
    assert "(overdue)" in to_lead.body
    assert cases[3].reference not in to_lead.body, "closed cases are not open"
    to_centre = Notification.objects.get(recipient=dispatcher, kind="digest")
    assert "Reported: 4 · dispatched: 3 · resolved: 1 · became overdue: 1" in to_centre.body
    assert "Construction Office: 2" in to_centre.body  # by Monday both are overdue
    assert not Notification.objects.filter(recipient=staff, kind="digest").exists()
    sent = len(mail.outbox)

    digest.weekly_digest(now=now + timedelta(hours=2))
    assert Notification.objects.filter(kind="digest").count() == 2
    assert len(mail.outbox) == sent

    digest.weekly_digest(now=now + timedelta(days=7))  # the next week: a new digest
    assert Notification.objects.filter(kind="digest", recipient=lead).count() == 2


def test_the_digest_task(lead, time_machine):
    time_machine.move_to(next_monday_morning() + timedelta(hours=8), tick=False)
    assert tasks.weekly_digest() == 1
