"""The cases panel on the Wagtail admin home page.

Dispatchers and administrators see the town: today's intake, overdue cases by department, this
week's hotspots by grid (a heat table) and the most frequent categories. Department staff and
leads see their own departments' open and overdue counts. Each figure is one aggregate query on
an indexed column (a handful in all); “this week” starts on Monday 00:00, local time.
"""

import math
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.forms import Media
from django.utils import timezone, translation

from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal import roles

from ..models import Case, DepartmentMembership, Grid

Status = Case.Status
WORKING = (Status.DISPATCHED, Status.IN_PROGRESS, Status.REOPENED)
TOP = 10
HEAT_LEVELS = 5


def _name(row: dict, prefix: str) -> str:
    """A bilingual name from a `.values()` row, in the current language."""
    english = row.get(f"{prefix}name_en")
    if english and (translation.get_language() or "en").startswith("en"):
        return english
    return row.get(f"{prefix}name") or ""


def heat_level(count: int, highest: int) -> int:
    """1 (coolest) to HEAT_LEVELS (hottest), relative to the hottest grid."""
    if highest <= 0 or count <= 0:
        return 0
    return max(1, math.ceil(HEAT_LEVELS * count / highest))


MAP_WIDTH = 400


def grid_heat_map(since) -> dict:
    """Every grid as an SVG polygon, coloured by how many cases it had since `since`: the town
    at a glance. Two queries (grids, counts per grid); coordinates projected to the panel."""
    counts = dict(
        Case.objects.filter(submitted_at__gte=since)
        .values_list("grid")
        .annotate(count=Count("pk"))
        .values_list("grid", "count")
    )
    grids = list(Grid.objects.only("pk", "number", "name", "boundary"))
    rings = {grid.pk: grid.boundary["coordinates"][0] for grid in grids}
    points = [point for ring in rings.values() for point in ring]
    if not points:
        return {"width": MAP_WIDTH, "height": 0, "cells": []}
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    # A degree of longitude is shorter than one of latitude away from the equator.
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = MAP_WIDTH / max((east - west) * squeeze, 1e-9)
    height = round((north - south) * scale)
    highest = max(counts.values(), default=0)
    cells = [
        {
            "number": grid.number,
            "count": counts.get(grid.pk, 0),
            "heat": heat_level(counts.get(grid.pk, 0), highest),
            "points": " ".join(
                f"{(lng - west) * squeeze * scale:.1f},{(north - lat) * scale:.1f}"
                for lng, lat in rings[grid.pk]
            ),
        }
        for grid in grids
    ]
    return {"width": MAP_WIDTH, "height": height, "cells": cells}


def _is_centre(user) -> bool:
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[roles.DISPATCHER, roles.ADMINISTRATOR]).exists()


def centre_figures(now) -> dict:
    local = timezone.localtime(now)
    today = timezone.make_aware(datetime.combine(local.date(), time.min))
    week_start = today - timedelta(days=local.weekday())
    intake = Case.objects.filter(submitted_at__gte=today).aggregate(
        total=Count("pk"),
        emergency=Count("pk", filter=Q(urgency=Case.Urgency.EMERGENCY)),
        waiting=Count("pk", filter=Q(status=Status.SUBMITTED)),
    )
    overdue = [
        {"name": _name(row, "department__"), "count": row["count"]}
        for row in Case.objects.filter(status__in=WORKING, due_at__lt=now)
        .values("department", "department__name", "department__name_en")
        .annotate(count=Count("pk"))
        .order_by("-count", "department")[:TOP]
    ]
    grid_rows = list(
        Case.objects.filter(submitted_at__gte=week_start)
        .values("grid", "grid__number", "grid__name")
        .annotate(
            count=Count("pk"),
            open=Count("pk", filter=Q(status__in=Case.OPEN_STATUSES)),
        )
        .order_by("-count", "grid__number")[:TOP]
    )
    highest = grid_rows[0]["count"] if grid_rows else 0
    hotspots = [
        {
            "number": row["grid__number"],
            "name": row["grid__name"],
            "count": row["count"],
            "open": row["open"],
            "heat": heat_level(row["count"], highest),
        }
        for row in grid_rows
    ]
    categories = [
        {"name": _name(row, "category__"), "count": row["count"]}
        for row in Case.objects.filter(submitted_at__gte=week_start)
        .values("category", "category__name", "category__name_en")
        .annotate(count=Count("pk"))
        .order_by("-count", "category")[:TOP]
    ]
    return {
        "intake": intake,
        "overdue_by_department": overdue,
        "hotspots": hotspots,
        "heat_map": grid_heat_map(week_start),
        "categories": categories,
    }


def department_figures(user, now) -> list[dict]:
    department_ids = DepartmentMembership.objects.filter(user=user).values("department_id")
    rows = (
        Case.objects.filter(department_id__in=department_ids, status__in=WORKING)
        .values("department", "department__name", "department__name_en")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            due_today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=now + timedelta(hours=24))),
        )
        .order_by("department__name")
    )
    return [
        {
            "name": _name(row, "department__"),
            "open": row["open"],
            "overdue": row["overdue"],
            "due_today": row["due_today"],
        }
        for row in rows
    ]


class CasesPanel(Component):
    name = "cases_dashboard"
    order = 50
    template_name = "participation/backoffice/dashboard_panel.html"

    def __init__(self, request, *, centre: bool):
        self.request = request
        self.centre = centre

    @property
    def media(self):
        return Media(css={"all": ["css/admin-dashboard.css"]})

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        context = {"centre": self.centre, "request": self.request}
        if self.centre:
            context.update(centre_figures(now))
            from ..campaigns.admin_views import dashboard_hotspots

            context["campaign_hotspots"] = dashboard_hotspots()
        else:
            context["departments"] = department_figures(self.request.user, now)
        return context


@hooks.register("construct_homepage_panels")
def add_cases_panel(request, panels):
    user = request.user
    if _is_centre(user):
        panels.insert(0, CasesPanel(request, centre=True))
    elif DepartmentMembership.objects.filter(user=user).exists():
        panels.insert(0, CasesPanel(request, centre=False))
