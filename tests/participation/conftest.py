"""Fixtures for the case tests: a small town (a platform, two departments, two categories, two
grids), the people who act on cases, a helper that reports a case through the service and one
that moves it on to a given state. The MFA-authenticated staff client is in tests/conftest.py."""

from types import SimpleNamespace

import pytest

from participation import services
from participation.models import (
    Case,
    Category,
    Community,
    Department,
    DepartmentMembership,
    Grid,
    Platform,
)
from portal import roles

from .helpers import LAT, LNG, square

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def case_files(settings, tmp_path):
    """Case files go to a fresh directory per test, so a test can see what is left on disk."""
    root = tmp_path / "case-files"
    settings.PORTAL_CASE_FILES_ROOT = root
    return root


@pytest.fixture
def town(db):
    platform = Platform.objects.create(code="services", name="便民服务", name_en="Services")
    department = Department.objects.create(
        platform=platform, code="construction", name="建设管理办", name_en="Construction Office"
    )
    other_department = Department.objects.create(
        platform=platform, code="sanitation", name="环卫所", name_en="Sanitation Station"
    )
    category = Category.objects.create(
        platform=platform,
        default_department=department,
        code="manhole-cover",
        name="井盖缺失破损",
        name_en="Missing manhole cover",
        sla_routine_hours=72,
        sla_express_hours=24,
        sla_emergency_hours=4,
    )
    other_category = Category.objects.create(
        platform=platform,
        default_department=other_department,
        code="litter",
        name="垃圾",
        name_en="Litter",
        sla_routine_hours=48,
        sla_express_hours=12,
        sla_emergency_hours=2,
    )
    community = Community.objects.create(
        code="minhe", name="民合村", name_en="Minhe Village", kind="village"
    )
    grid = Grid.objects.create(community=community, number=7, boundary=square(120.49, 30.74))
    other_grid = Grid.objects.create(community=community, number=8, boundary=square(120.50, 30.74))
    return SimpleNamespace(
        platform=platform,
        department=department,
        other_department=other_department,
        category=category,
        other_category=other_category,
        community=community,
        grid=grid,
        other_grid=other_grid,
    )


def _person(make_user, email, role, display_name="", language="en"):
    user = make_user(email=email, roles=[role])
    user.display_name = display_name
    user.language = language
    user.save(update_fields=["display_name", "language"])
    return user


@pytest.fixture
def resident(make_user):
    """The reporter in most tests."""
    return _person(make_user, "li.hua@example.org", roles.RESIDENT, display_name="Li Hua")


@pytest.fixture
def neighbour(make_user):
    return _person(make_user, "wang.fang@example.org", roles.RESIDENT, display_name="Wang Fang")


@pytest.fixture
def dispatcher(make_user):
    return _person(make_user, "centre@example.org", roles.DISPATCHER, display_name="Centre")


@pytest.fixture
def staff(make_user, town):
    """Staff of the department the cases are dispatched to."""
    user = _person(make_user, "builder@example.org", roles.DEPARTMENT_STAFF, "Builder")
    DepartmentMembership.objects.create(department=town.department, user=user, role="staff")
    return user


@pytest.fixture
def other_staff(make_user, town):
    """Staff of another department."""
    user = _person(make_user, "sweeper@example.org", roles.DEPARTMENT_STAFF, "Sweeper")
    DepartmentMembership.objects.create(department=town.other_department, user=user, role="staff")
    return user


@pytest.fixture
def submit_report(town, resident):
    """Report a case through the service; keyword arguments override the defaults. What the
    service returns: (case, created)."""

    def submit_report(**overrides):
        data = {
            "reporter": resident,
            "category": town.category,
            "urgency": Case.Urgency.ROUTINE,
            "title": "Manhole cover missing",
            "description": "The cover outside No. 12 is gone; someone could fall in.",
            "latitude": LAT,
            "longitude": LNG,
        }
        data.update(overrides)
        return services.case_submit(**data)

    return submit_report


@pytest.fixture
def submit(submit_report):
    """Report a case through the service (see `submit_report`); the case only."""

    def submit(**overrides):
        case, _created = submit_report(**overrides)
        return case

    return submit


# How to reach each state from a fresh report, as the steps the people involved take.
ROUTE = {
    Case.Status.SUBMITTED: [],
    Case.Status.DISPATCHED: ["dispatch"],
    Case.Status.IN_PROGRESS: ["dispatch", "accept"],
    Case.Status.RESOLVED: ["dispatch", "accept", "resolve"],
    Case.Status.CLOSED: ["dispatch", "accept", "resolve", "satisfied"],
    Case.Status.REJECTED: ["reject"],
    Case.Status.REOPENED: ["dispatch", "accept", "resolve", "unsatisfied"],
    Case.Status.AWAITING_CHECK: ["dispatch", "accept", "resolve_for_check"],
}


@pytest.fixture
def advance(town, resident, dispatcher, staff):
    """Move a case on by steps (names from ROUTE), each done by the right person."""

    def step(case, name):
        if name == "dispatch":
            return services.case_dispatch(
                case=case,
                actor=dispatcher,
                department=town.department,
                public_message="Sent to the Construction Office.",
                publish_report=True,  # as the dispatch form's ticked box does
            )
        if name == "reject":
            return services.case_reject(
                case=case, actor=dispatcher, reason="Duplicate.", public_message="Already known."
            )
        if name == "accept":
            return services.case_accept(case=case, actor=staff)
        if name == "resolve":
            return services.case_resolve(
                case=case,
                actor=staff,
                summary="A new cover was fitted.",
                no_photo_reason="Camera broken.",
                hazard_real=True if case.urgency == Case.Urgency.EMERGENCY else None,
            )
        if name == "resolve_for_check":
            # Where the centre checks repairs (for this one resolution only).
            category = Category.objects.filter(pk=case.category_id)
            before = category.get().centre_checks_repairs
            category.update(centre_checks_repairs=True)
            try:
                return step(Case.objects.get(pk=case.pk), "resolve")
            finally:
                category.update(centre_checks_repairs=before)
        if name in ("satisfied", "unsatisfied"):
            services.case_evaluate(case=case, user=case.reporter, rating=name)
            return Case.objects.get(pk=case.pk)
        raise AssertionError(name)

    def advance(case, *steps):
        for name in steps:
            case = step(case, name)
        return Case.objects.get(pk=case.pk)

    return advance


@pytest.fixture
def case_in(submit, advance):
    """A case reported by `resident` and moved on to `status`."""

    def case_in(status, **overrides):
        return advance(submit(**overrides), *ROUTE[status])

    return case_in
