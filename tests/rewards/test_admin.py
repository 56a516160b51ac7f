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


def adjustment(email, points, reason, direction="add"):
    return {"email": email, "direction": direction, "points": points, "reason": reason}


def test_an_administrator_adjusts_points_with_a_reason(admin_desk, make_user):
    person = make_user(email="housekeeper@example.org")
    response = admin_desk.post(
        reverse("rewards_adjust"),
        adjustment("HOUSEKEEPER@example.org", 25, "Helped at the flood."),
    )
    assert response.status_code == 302
    entry = PointEntry.objects.get(user=person)
    assert (entry.kind, entry.points, entry.reason) == ("adjustment", 25, "Helped at the flood.")

    taken = admin_desk.post(
        reverse("rewards_adjust"),
        adjustment("housekeeper@example.org", 10, "Counted twice.", direction="take"),
    )
    assert taken.status_code == 302
    assert PointEntry.objects.filter(user=person).order_by("pk").last().points == -10
    assert Balance.objects.get(user=person).points == 15

    refused = admin_desk.post(reverse("rewards_adjust"), adjustment("admin@example.org", 5, "Me."))
    assert "No one can adjust their own points." in refused.content.decode()


def test_an_adjustment_of_a_negative_zero_or_too_large_amount_is_refused(admin_desk, make_user):
    person = make_user(email="housekeeper@example.org")
    admin_desk.post(reverse("rewards_adjust"), adjustment(person.email, 20, "Start."))
    for points, direction, message in [
        (-5, "add", "Give a whole number of points above zero."),
        (0, "take", "Give a whole number of points above zero."),
        (21, "take", "Not enough points."),
        (5, "sideways", "Select a valid choice."),
    ]:
        response = admin_desk.post(
            reverse("rewards_adjust"), adjustment(person.email, points, "Why.", direction)
        )
        assert response.status_code == 200 and message in response.content.decode()
    assert Balance.objects.get(user=person).points == 20
    assert PointEntry.objects.filter(user=person).count() == 1


def test_dispatchers_handle_redemptions_but_not_rules(make_user, mfa_client):
    desk = mfa_client(make_user(email="centre@example.org", roles=[roles.DISPATCHER]))
    assert desk.get(reverse("rewards_redemptions:index")).status_code == 200
    assert desk.get(reverse("rewards_rules:index")).status_code == 302  # sent to the dashboard
    assert desk.get(reverse("rewards_adjust")).status_code in (302, 403)
