"""Administrators keep the earning rules (each change logged in the rule's history; changes count
for new events only) and the catalogue, and adjust points with a reason; dispatchers handle
redemptions but not the rules."""

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from portal import roles
from rewards.models import Balance, PointEntry, Rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_desk(make_user, mfa_client):
    return mfa_client(make_user(email="admin@example.org", roles=[roles.ADMINISTRATOR]))


def test_a_rule_change_is_logged_in_its_history(admin_desk):
    rule = Rule.objects.get(code="evaluation_given")
    data = {
        "name": rule.name,
        "name_en": rule.name_en,
        "description": rule.description,
        "points": 3,
        "daily_cap": 5,
        "active_from": "",
        "active_until": "",
    }
    response = admin_desk.post(reverse("rewards_rules:edit", args=[rule.pk]), data)

    assert response.status_code == 302
    assert Rule.objects.get(pk=rule.pk).points == 3
    assert ModelLogEntry.objects.filter(object_id=str(rule.pk), action="wagtail.edit").exists()
    history = admin_desk.get(reverse("rewards_rules:history", args=[rule.pk]))
    assert history.status_code == 200


def test_an_administrator_adjusts_points_with_a_reason(admin_desk, make_user):
    person = make_user(email="housekeeper@example.org")
    response = admin_desk.post(
        reverse("rewards_adjust"),
        {"email": "HOUSEKEEPER@example.org", "points": 25, "reason": "Helped at the flood."},
    )
    assert response.status_code == 302
    entry = PointEntry.objects.get(user=person)
    assert (entry.kind, entry.points, entry.reason) == ("adjustment", 25, "Helped at the flood.")
    assert Balance.objects.get(user=person).points == 25

    refused = admin_desk.post(
        reverse("rewards_adjust"), {"email": "admin@example.org", "points": 5, "reason": "Me."}
    )
    assert "No one can adjust their own points." in refused.content.decode()


def test_dispatchers_handle_redemptions_but_not_rules(make_user, mfa_client):
    desk = mfa_client(make_user(email="centre@example.org", roles=[roles.DISPATCHER]))
    assert desk.get(reverse("rewards_redemptions:index")).status_code == 200
    assert desk.get(reverse("rewards_rules:index")).status_code == 302  # sent to the dashboard
    assert desk.get(reverse("rewards_adjust")).status_code in (302, 403)
