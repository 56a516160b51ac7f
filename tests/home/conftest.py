"""Fixtures for the home page tests: fresh media and case-file directories, and a small town (as
in tests/participation/conftest.py, whose fixtures are not visible here) with a helper that makes
case rows as the services would leave them."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

import pytest

from participation.models import Attachment, Case, Category, Community, Department, Grid, Platform

LAT, LNG = Decimal("30.745000"), Decimal("120.495000")


def square(lng, lat, size=0.01):
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_CASE_FILES_ROOT = tmp_path / "case-files"
    return settings.MEDIA_ROOT


@pytest.fixture
def town(db):
    platform = Platform.objects.create(code="services", name="便民服务", name_en="Services")
    department = Department.objects.create(
        platform=platform, code="construction", name="建设管理办", name_en="Construction Office"
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
    community = Community.objects.create(
        code="minhe", name="民合村", name_en="Minhe Village", kind="village"
    )
    grid = Grid.objects.create(community=community, number=7, boundary=square(120.49, 30.74))
    return SimpleNamespace(
        platform=platform, department=department, category=category, community=community, grid=grid
    )


@pytest.fixture
def make_case(town, make_user):
    """A case row; `photos` is a list of stages ("report", "rectification") to attach photos for,
    in that order."""
    reporter = make_user(email="li.hua@example.org")
    count = [0]

    def make(status=Case.Status.SUBMITTED, photos=(), **fields):
        count[0] += 1
        now = timezone.now()
        data = {
            "reporter": reporter,
            "category": town.category,
            "title": f"Case number {count[0]}",
            "description": "Something is broken.",
            "latitude": LAT,
            "longitude": LNG,
            "grid": town.grid,
            "status": status,
            "submitted_at": now - datetime.timedelta(hours=5),
            "updated_at": now,
        }
        if status != Case.Status.SUBMITTED:
            data["department"] = town.department
            data["dispatched_at"] = now - datetime.timedelta(hours=4)
        if status in (Case.Status.RESOLVED, Case.Status.CLOSED):
            data["resolved_at"] = now - datetime.timedelta(hours=1)
            data["due_at"] = now + datetime.timedelta(hours=24)
        data.update(fields)
        case = Case.objects.create(**data)
        for n, stage in enumerate(photos):
            Attachment.objects.create(
                case=case,
                kind=Attachment.Kind.PHOTO,
                stage=stage,
                file=f"2026/11/case-{case.pk}-{n}.jpg",
                content_type="image/jpeg",
                width=8,
                height=8,
                created_at=case.submitted_at + datetime.timedelta(minutes=n),
            )
        return case

    return make
