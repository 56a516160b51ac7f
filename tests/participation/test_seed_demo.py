"""`seed_demo` builds the demo town, and running it again changes nothing."""

from collections import Counter, defaultdict
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

import pytest
from allauth.mfa.models import Authenticator
from shapely.geometry import Point, shape

from participation import demo, services
from participation.models import (
    Case,
    CaseAssist,
    CaseEvent,
    CaseFollow,
    CaseSupport,
    Category,
    Community,
    Department,
    DepartmentMembership,
    Evaluation,
    Grid,
    GridMembership,
    Platform,
)
from portal import demo as portal_demo
from portal import roles
from portal.models import User

COUNTED = [
    Platform,
    Department,
    Community,
    Grid,
    Category,
    GridMembership,
    DepartmentMembership,
    User,
    Group,
    Authenticator,
    Case,
    CaseEvent,
    Evaluation,
    CaseSupport,
    CaseFollow,
]
Status = Case.Status
Action = CaseEvent.Action


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def few_cases(monkeypatch):
    """For the tests about the structure and accounts: a handful of demo cases is enough."""
    monkeypatch.setattr(demo, "DEMO_CASE_COUNT", 20)


@pytest.mark.django_db
def test_seed_demo_builds_the_town_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")

    assert counts() == first
    assert first["Platform"] == 4
    assert first["Department"] == 25
    assert first["Grid"] == 103
    assert first["Community"] == 10
    assert 18 <= first["Category"] <= 25
    # The demo accounts by email, the one by mobile number only, and the residents of the cases.
    assert first["User"] == len(portal_demo.DEMO_USERS) + 1 + len(demo.DEMO_RESIDENT_NAMES)
    assert 1900 <= first["Case"] <= 2100
    assert "wuzhen-demo-2026" in capsys.readouterr().out

    _check_cases()


def _check_cases():
    """The demo cases look like a year of real work (one seed, checked here to keep it fast)."""
    now = timezone.now()
    cases = {case.pk: case for case in Case.objects.select_related("category", "grid")}
    statuses = Counter(case.status for case in cases.values())
    assert set(statuses) == set(Status.values), statuses
    assert statuses[Status.CLOSED] > 0.75 * len(cases)
    assert statuses[Status.REJECTED] < 0.1 * len(cases)
    assert not Grid.objects.annotate(n=Count("cases")).filter(n=0).exists()
    assert not Category.objects.annotate(n=Count("cases")).filter(n=0).exists()
    sources = Counter(case.source for case in cases.values())
    assert sources.most_common(1)[0][0] == Case.Source.WEB
    assert {Case.Source.HOTLINE, Case.Source.PATROL, Case.Source.INSPECTION} <= set(sources)
    assert Counter(c.urgency for c in cases.values()).most_common(1)[0][0] == Case.Urgency.ROUTINE
    # Cases of private categories are mostly hidden (some published by the centre); of the
    # others, hardly any.
    private = [c for c in cases.values() if not c.category.public_by_default]
    public = [c for c in cases.values() if c.category.public_by_default]
    assert {c.category.code for c in private} == {
        "neighbour-dispute",
        "public-security",
        "hardship",
    }
    assert 0.6 * len(private) < sum(c.is_hidden for c in private) < len(private)
    assert sum(c.is_hidden for c in public) < 0.01 * len(public)
    assert any(case.show_reporter_name and case.reporter_id for case in cases.values())

    events = defaultdict(list)
    for event in CaseEvent.objects.order_by("case_id", "created_at", "pk"):
        events[event.case_id].append(event)
    evaluations = Counter(Evaluation.objects.values_list("case_id", flat=True))
    supports = Counter(CaseSupport.objects.values_list("case_id", flat=True))
    late = on_time = 0
    own_reporter = User.objects.get(email=demo.OWN_CASES_EMAIL).pk
    for pk, case in cases.items():
        timeline = events[pk]
        assert case.submitted_at <= now
        if case.reporter_id != own_reporter:  # the resident's own go back 13 months
            assert now - timedelta(days=367) < case.submitted_at
        ring = case.grid.boundary["coordinates"][0]
        assert min(p[0] for p in ring) < case.longitude < max(p[0] for p in ring)
        assert min(p[1] for p in ring) < case.latitude < max(p[1] for p in ring)
        assert timeline[0].action == Action.SUBMIT and timeline[0].from_status == ""
        assert timeline[0].created_at == case.submitted_at
        for before, after in zip(timeline, timeline[1:], strict=False):
            assert before.created_at < after.created_at
            assert after.from_status == before.to_status
        assert timeline[-1].to_status == case.status
        assert timeline[-1].created_at == case.updated_at <= now
        assert evaluations[pk] == sum(e.action == Action.EVALUATE for e in timeline)
        assert supports[pk] == case.supporters_count
        dispatches = [e for e in timeline if e.action == Action.DISPATCH]
        if dispatches:
            assert case.dispatched_at == dispatches[0].created_at
            assert case.department_id == case.category.default_department_id
            assert case.due_at == services.due_time(case, start=case.dispatched_at)
        if case.status in (Status.CLOSED, Status.REJECTED):
            assert case.closed_at == timeline[-1].created_at >= case.submitted_at
        else:
            assert case.closed_at is None
        if case.status == Status.CLOSED:
            assert timeline[-1].action in (Action.EVALUATE, Action.AUTO_CLOSE)
            assert case.resolved_at is not None
            late += case.resolved_at > case.due_at
            on_time += case.resolved_at <= case.due_at
        if case.status == Status.REOPENED:
            assert case.reopen_count >= 1 and case.resolved_at is None
    assert 0 < late < on_time

    # Joint handling: some cases had another department's help, done before the repair.
    parts = list(CaseAssist.objects.select_related("case"))
    assert any(part.status == CaseAssist.Status.DONE for part in parts)
    for part in parts:
        if part.status == CaseAssist.Status.OPEN:
            assert part.case.status == Status.IN_PROGRESS
        elif part.case.resolved_at is not None:
            assert part.done_at < part.case.resolved_at
    # Repairs the centre checks: approved (a few after being sent back), or still waiting.
    assert CaseEvent.objects.filter(action=Action.APPROVE).exists()
    assert CaseEvent.objects.filter(action=Action.SEND_BACK).exists()
    waiting = Case.objects.filter(status=Status.AWAITING_CHECK)
    assert waiting.exists()
    for case in waiting:  # with a before and an after photo to compare
        assert sorted(case.attachments.values_list("stage", flat=True)) == [
            "rectification",
            "report",
        ]

    own = Case.objects.filter(reporter__email=demo.OWN_CASES_EMAIL)
    assert own.count() == len(demo.OWN_CASES)
    assert own.filter(status=Status.RESOLVED).exists()


@pytest.mark.django_db
def test_seed_demo_cases_look_the_same_every_time():
    demo.seed_structure()
    now = timezone.now()
    demo.seed_cases(count=50, now=now)
    fields = ["title", "grid__number", "status", "submitted_at", "updated_at", "latitude"]
    first = list(Case.objects.order_by("pk").values_list(*fields))
    Case.objects.update(reporter=None)  # no longer counted as demo cases: the seed runs again
    demo.seed_cases(count=50, now=now)

    again = list(Case.objects.order_by("pk").values_list(*fields))
    assert again[len(first) :] == first


@pytest.mark.django_db
def test_demo_grids_cover_wuzhen_without_overlapping(few_cases):
    call_command("seed_demo")
    polygons = [shape(grid.boundary) for grid in Grid.objects.all()]

    town = polygons[0]
    for polygon in polygons[1:]:
        assert town.intersection(polygon).area < 1e-12
        town = town.union(polygon)
    assert town.contains(Point(120.49, 30.74))
    for polygon in polygons:
        polygon_lat = polygon.centroid.y
        assert 30.70 < polygon_lat < 30.78


@pytest.mark.django_db
def test_every_role_has_a_demo_user_and_staff_have_totp(few_cases):
    call_command("seed_demo")

    for role in roles.ALL_ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
    for user in User.objects.filter(groups__name__in=roles.STAFF_ROLES):
        assert Authenticator.objects.filter(user=user, type="totp").exists(), user.email
    residents = User.objects.filter(email__endswith=f"@{demo.DEMO_RESIDENT_DOMAIN}")
    assert residents.count() == len(demo.DEMO_RESIDENT_NAMES)
    for user in residents:
        assert user.groups.filter(name=roles.RESIDENT).exists()
        assert user.emailaddress_set.filter(verified=True, primary=True).exists()
        assert user.display_name and user.home_grid_id
        assert user.check_password(portal_demo.DEMO_PASSWORD)


@pytest.mark.django_db
def test_seed_demo_refuses_when_demo_data_is_disabled(settings):
    settings.PORTAL_ALLOW_DEMO_DATA = False

    with pytest.raises(CommandError, match="never be loaded into a production database"):
        call_command("seed_demo")

    assert Platform.objects.count() == 0


def test_the_demo_town_has_no_holes_between_its_grids():
    """A pin anywhere inside the town's outline lands in a grid (none is refused as outside)."""
    from shapely.geometry import shape
    from shapely.ops import unary_union

    from participation.demo import grid_boundaries

    town = unary_union([shape(boundary) for _code, boundary in grid_boundaries()])

    assert town.geom_type == "Polygon" and not town.interiors
    assert abs(town.area - town.envelope.area) < 1e-9
