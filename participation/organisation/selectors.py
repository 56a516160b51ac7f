"""Reads of the housekeepers' organisation: who leads and serves a grid, applications, and what
the grid leader's page shows of the grid (a handful of small queries, bounded by one grid)."""

import datetime
from dataclasses import dataclass

from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, When
from django.utils import timezone

from .. import workflow
from ..models import Case, CaseEvent, Grid, GridMembership, GridMessage, HousekeeperApplication

Role = GridMembership.Role
# How many cases each list on the grid leader's page shows (the rest are a link away).
LIST_LIMIT = 20


def is_grid_leader(user, grid) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return GridMembership.objects.filter(user=user, grid=grid, role=Role.GRID_LEADER).exists()


def may_decide(user, grid) -> bool:
    """The grid's leader, or the linkage centre, decides applications to serve the grid."""
    return is_grid_leader(user, grid) or workflow.is_dispatcher(user, None)


def led_grids(user) -> QuerySet[Grid]:
    """The grids this person leads (none for anyone signed out)."""
    if user is None or not user.is_authenticated:
        return Grid.objects.none()
    return Grid.objects.filter(
        memberships__user=user, memberships__role=Role.GRID_LEADER
    ).select_related("community")


def led_grid(user, number: int) -> Grid | None:
    """The grid with this number if `user` leads it; None for everyone else."""
    return led_grids(user).filter(number=number).first()


def served_grids(user) -> QuerySet[GridMembership]:
    """The grids this person serves, and as what."""
    if user is None or not user.is_authenticated:
        return GridMembership.objects.none()
    return GridMembership.objects.filter(user=user).select_related("grid")


def applicant_applications(user) -> QuerySet[HousekeeperApplication]:
    return HousekeeperApplication.objects.filter(applicant=user).select_related("grid")


def applicant_application(user, pk: int) -> HousekeeperApplication | None:
    return applicant_applications(user).filter(pk=pk).first()


def grid_application(grid, pk: int) -> HousekeeperApplication | None:
    return HousekeeperApplication.objects.filter(grid=grid, pk=pk).first()


# Applications waiting for a decision before the rest.
PENDING_FIRST = DbCase(
    When(status=HousekeeperApplication.Status.PENDING, then=0),
    default=1,
    output_field=IntegerField(),
)


def centre_applications() -> QuerySet[HousekeeperApplication]:
    """Every application, for the linkage centre's screen: those waiting first."""
    return HousekeeperApplication.objects.select_related(
        "grid__community", "applicant", "decided_by"
    ).order_by(PENDING_FIRST, "-created_at", "-pk")


def grid_housekeepers(grid) -> QuerySet:
    """The people serving the grid as housekeepers (who grid messages go to)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        grid_memberships__grid=grid, grid_memberships__role=Role.HOUSEKEEPER, is_active=True
    )


def grid_leaders(grid) -> QuerySet:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        grid_memberships__grid=grid, grid_memberships__role=Role.GRID_LEADER, is_active=True
    )


# --- The grid leader's page -------------------------------------------------------------------


@dataclass
class Activity:
    """This month so far, in the grid."""

    since: datetime.date
    reported: int
    by_housekeepers: int
    resolved: int
    confirmations: int


@dataclass
class GridOverview:
    grid: Grid
    members: list[GridMembership]
    pending: list[HousekeeperApplication]
    open_cases: list[Case]
    open_count: int
    to_check: list[Case]
    to_check_count: int
    overdue: list[Case]
    overdue_count: int
    activity: Activity
    messages: list[GridMessage]


def _public_cases(grid) -> QuerySet[Case]:
    """What a grid leader (a resident, on the public site) sees of the grid's cases: the public
    ones, as anyone may."""
    return Case.objects.filter(grid=grid, is_hidden=False).select_related("category")


def grid_open_cases(grid) -> QuerySet[Case]:
    """Open public cases in the grid, soonest due first (overdue first)."""
    return (
        _public_cases(grid)
        .filter(status__in=Case.OPEN_STATUSES)
        .order_by(F("due_at").asc(nulls_last=True), "submitted_at", "pk")
    )


def grid_overdue_cases(grid, *, now=None) -> QuerySet[Case]:
    return grid_open_cases(grid).filter(due_at__lt=now or timezone.now())


def grid_repairs_to_check(grid) -> QuerySet[Case]:
    """Repairs in the grid the department says are done and no one has checked on site since:
    what its housekeepers can confirm (or report not fixed), as on their "My reports" page."""
    confirmed = CaseEvent.objects.filter(
        case=OuterRef("pk"),
        action=CaseEvent.Action.CONFIRM,
        created_at__gte=OuterRef("resolved_at"),
    )
    return (
        _public_cases(grid)
        .filter(status=Case.Status.RESOLVED)
        .exclude(Exists(confirmed))
        .order_by("resolved_at", "pk")
    )


def month_start(now=None) -> datetime.datetime:
    """The first moment of the current month, local time."""
    today = timezone.localdate(now)
    return timezone.make_aware(datetime.datetime.combine(today.replace(day=1), datetime.time.min))


def grid_activity(grid, *, now=None) -> Activity:
    """This month's public cases reported in the grid (and how many by its housekeepers),
    resolved in it, and repairs its people confirmed on site: two aggregate queries."""
    start = month_start(now)
    members = GridMembership.objects.filter(grid=grid).values("user")
    counts = Case.objects.filter(grid=grid, is_hidden=False).aggregate(
        reported=Count("pk", filter=Q(submitted_at__gte=start)),
        by_housekeepers=Count("pk", filter=Q(submitted_at__gte=start, reporter__in=members)),
        resolved=Count("pk", filter=Q(resolved_at__gte=start)),
    )
    confirmations = CaseEvent.objects.filter(
        case__grid=grid,
        case__is_hidden=False,
        action=CaseEvent.Action.CONFIRM,
        created_at__gte=start,
    ).count()
    return Activity(since=start.date(), confirmations=confirmations, **counts)


def grid_overview(grid, *, now=None) -> GridOverview:
    now = now or timezone.now()
    open_cases = grid_open_cases(grid)
    to_check = grid_repairs_to_check(grid)
    overdue = grid_overdue_cases(grid, now=now)
    return GridOverview(
        grid=grid,
        members=list(
            GridMembership.objects.filter(grid=grid)
            .select_related("user")
            .order_by("role", "since", "pk")
        ),
        pending=list(
            HousekeeperApplication.objects.filter(
                grid=grid, status=HousekeeperApplication.Status.PENDING
            )
            .select_related("applicant")
            .order_by("created_at", "pk")
        ),
        open_cases=list(open_cases[:LIST_LIMIT]),
        open_count=open_cases.count(),
        to_check=list(to_check[:LIST_LIMIT]),
        to_check_count=to_check.count(),
        overdue=list(overdue[:LIST_LIMIT]),
        overdue_count=overdue.count(),
        activity=grid_activity(grid, now=now),
        messages=list(GridMessage.objects.filter(grid=grid).order_by("-sent_at", "-pk")[:5]),
    )
