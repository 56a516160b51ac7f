"""`seed_demo` builds the demo town, and running it again changes nothing."""

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from allauth.mfa.models import Authenticator
from shapely.geometry import Point, shape

from participation.models import (
    Category,
    Community,
    Department,
    DepartmentMembership,
    Grid,
    GridMembership,
    Platform,
)
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
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


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
    assert first["User"] == len(roles.ALL_ROLES)
    assert "wuzhen-demo-2026" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_grids_cover_wuzhen_without_overlapping():
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
def test_every_role_has_a_demo_user_and_staff_have_totp():
    call_command("seed_demo")

    for role in roles.ALL_ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
    for user in User.objects.filter(groups__name__in=roles.STAFF_ROLES):
        assert Authenticator.objects.filter(user=user, type="totp").exists(), user.email


@pytest.mark.django_db
def test_seed_demo_refuses_when_demo_data_is_disabled(settings):
    settings.PORTAL_ALLOW_DEMO_DATA = False

    with pytest.raises(CommandError, match="never be loaded into a production database"):
        call_command("seed_demo")

    assert Platform.objects.count() == 0
