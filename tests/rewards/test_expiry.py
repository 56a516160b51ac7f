"""Points expire twelve months after they were earned; what is spent, taken back or expired is
taken from the earliest-expiring points first; the nightly task writes each expiry once and
reminds people (once a month) of points expiring within 30 days."""

import datetime

import pytest
import time_machine

from portal.models import Notification
from rewards import selectors, services, tasks
from rewards.models import Balance, PointEntry

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 1, 10, 9, 0, tzinfo=datetime.UTC)


def months(n: int) -> datetime.datetime:
    return services._months_later(START, n)


@pytest.fixture
def person(make_user):
    return make_user(email="housekeeper@example.org")


def earn(user, number, when):
    return services.award(
        user=user, rule="case_dispatched", idempotency_key=f"case:{number}", now=when
    )


def balance(user) -> int:
    return Balance.objects.get(user=user).points


def test_the_earliest_points_are_used_first_and_expire_once(person, make_user):
    earn(person, 1, START)  # 10 points, expire at 12 months
    earn(person, 2, months(6))  # 10 points, expire at 18 months
    staff = make_user(email="admin@example.org")
    services.adjust(
        staff=staff, user=person, points=5, take_away=True, reason="Spent.", now=months(7)
    )

    assert services.expire_points(now=months(12) + datetime.timedelta(days=1)) == 1
    expired = PointEntry.objects.get(kind=PointEntry.Kind.EXPIRY)
    assert expired.points == -5, "the 5 already used came from the earliest points"
    assert balance(person) == 10
    assert services.expire_points(now=months(12) + datetime.timedelta(days=2)) == 0

    services.expire_points(now=months(18) + datetime.timedelta(days=1))
    assert balance(person) == 0
    assert services.balance_drift() == []


def test_nothing_expires_before_its_date(person):
    earn(person, 1, START)
    assert services.expire_points(now=months(12) - datetime.timedelta(minutes=1)) == 0
    assert balance(person) == 10


def test_people_are_reminded_of_points_expiring_within_30_days_once_a_month(person):
    earn(person, 1, START)
    earn(person, 2, months(6))
    with time_machine.travel(months(12) - datetime.timedelta(days=20), tick=False):
        assert selectors.expiring_soon(person) == 10
        tasks.expire_points()
        tasks.expire_points()
    [reminder] = Notification.objects.filter(recipient=person)
    assert "10" in reminder.subject
