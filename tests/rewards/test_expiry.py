"""Points expire twelve months after they were earned; what is spent, taken back or expired is
taken from the earliest-expiring points first; the nightly task writes each expiry once and
reminds people (once a month) of points expiring within 30 days."""

import datetime
import zoneinfo

import pytest
import time_machine

from portal.models import Notification
from rewards import selectors, services, tasks
from rewards.models import Balance, PointEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def start(calendar_moment):
    """Points are first earned at each of the calendar moments."""
    return calendar_moment


@pytest.fixture
def months(start):
    """`months(n)`: n calendar months after `start`."""
    return lambda n: services._months_later(start, n)


@pytest.fixture
def person(make_user):
    return make_user(email="housekeeper@example.org")


def earn(user, number, when):
    return services.award(
        user=user, rule="case_dispatched", idempotency_key=f"case:{number}", now=when
    )


def balance(user) -> int:
    return Balance.objects.get(user=user).points


def test_the_earliest_points_are_used_first_and_expire_once(person, make_user, start, months):
    earn(person, 1, start)  # 10 points, expire at 12 months
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


def test_nothing_expires_before_its_date(person, start, months):
    earn(person, 1, start)
    assert services.expire_points(now=months(12) - datetime.timedelta(minutes=1)) == 0
    assert balance(person) == 10


def test_people_are_reminded_of_points_expiring_within_30_days_once_a_month(person, start, months):
    earn(person, 1, start)
    earn(person, 2, months(6))
    with time_machine.travel(months(12) - datetime.timedelta(days=20), tick=False):
        assert selectors.expiring_soon(person) == 10
        tasks.expire_points()
        tasks.expire_points()
    [reminder] = Notification.objects.filter(recipient=person)
    assert "10" in reminder.subject


@pytest.mark.parametrize(
    ("earned", "expires"),
    [
        # Twelve months in the China calendar: a leap day's points last until 28 February.
        ("2028-02-29 07:00", "2029-02-28 07:00"),
        # A minute before the new year in China is still 31 December there.
        ("2026-12-31 23:59", "2027-12-31 23:59"),
        ("2027-01-31 00:30", "2028-01-31 00:30"),
        ("2027-03-31 12:00", "2028-03-31 12:00"),
    ],
)
def test_points_expire_twelve_months_later_in_the_china_calendar(person, earned, expires):
    china = zoneinfo.ZoneInfo("Asia/Shanghai")

    def at(text):
        return datetime.datetime.fromisoformat(text).replace(tzinfo=china)

    entry = earn(person, 1, at(earned).astimezone(datetime.UTC))
    assert entry.expires_at == at(expires)
    assert services.expire_points(now=at(expires) - datetime.timedelta(minutes=1)) == 0
    assert services.expire_points(now=at(expires)) == 1
    assert balance(person) == 0


@pytest.mark.parametrize(
    ("moment", "months", "later"),
    [
        # The end of a longer month becomes the end of the shorter one, in leap years too.
        ("2027-01-31 12:00", 1, "2027-02-28 12:00"),
        ("2028-01-31 12:00", 1, "2028-02-29 12:00"),
        ("2027-03-31 12:00", 1, "2027-04-30 12:00"),
        # A leap day is 28 February in an ordinary year and 29 February four years on.
        ("2028-02-29 10:30", 12, "2029-02-28 10:30"),
        ("2028-02-29 10:30", 48, "2032-02-29 10:30"),
        # 23:59 on New Year's Eve in China (15:59 UTC) is in December, and so a year later.
        ("2026-12-31 23:59", 1, "2027-01-31 23:59"),
        ("2026-12-31 23:59", 2, "2027-02-28 23:59"),
        ("2026-12-31 23:59", 12, "2027-12-31 23:59"),
        # 00:30 on 1 March in China is still 28 February in UTC.
        ("2027-03-01 00:30", 12, "2028-03-01 00:30"),
    ],
)
def test_months_later_counts_calendar_months_in_china(moment, months, later):
    china = zoneinfo.ZoneInfo("Asia/Shanghai")

    def at(text):
        return datetime.datetime.fromisoformat(text).replace(tzinfo=china)

    assert services._months_later(at(moment).astimezone(datetime.UTC), months) == at(later)
