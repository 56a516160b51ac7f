"""The points ledger: awards are written once per event, within the rule's daily cap and active
dates; a reversal is a new entry with its reason and never takes more than is left; the balance
is the ledger's sum and never below zero; `rebuild_balances --check` finds a balance that does
not match its ledger."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
import time_machine

from rewards import services
from rewards.models import Balance, PendingAward, PointEntry, Rule

pytestmark = pytest.mark.django_db

CST = zoneinfo.ZoneInfo("Asia/Shanghai")
MORNING = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=CST)


@pytest.fixture
def person(make_user):
    return make_user(email="housekeeper@example.org")


def balance(user) -> int:
    return Balance.objects.get(user=user).points


def dispatched(user, number, now=MORNING):
    return services.award(
        user=user,
        rule="case_dispatched",
        source=f"case:{number}",
        idempotency_key=f"case:{number}:dispatched",
        now=now,
    )


def test_the_same_event_twice_writes_one_entry(person):
    first = dispatched(person, 1)
    again = dispatched(person, 1)

    assert again.pk == first.pk
    assert PointEntry.objects.count() == 1
    assert first.points == Rule.objects.get(code="case_dispatched").points
    assert balance(person) == first.points
    assert first.expires_at == datetime.datetime(2027, 12, 5, 9, 0, tzinfo=CST)


def test_the_daily_cap_counts_a_day_in_china(person, calendar_moment):
    """From 9:00 on each calendar moment's day in China (on New Year's Eve: into the new year)."""
    morning = calendar_moment.astimezone(CST).replace(hour=9, minute=0, second=0)
    cap = Rule.objects.get(code="case_dispatched").daily_cap
    for number in range(cap):
        assert dispatched(person, number, now=morning) is not None
    assert dispatched(person, 99, now=morning) is None  # over the cap: nothing written
    # 23:59 the same day in Wuzhen is still capped; midnight starts a new day.
    assert dispatched(person, 100, now=morning.replace(hour=23, minute=59)) is None
    assert dispatched(person, 101, now=morning + datetime.timedelta(hours=15)) is not None
    assert PointEntry.objects.count() == cap + 1


def test_unknown_and_inactive_rules_award_nothing(person):
    Rule.objects.filter(code="case_dispatched").update(active_until=datetime.date(2026, 12, 4))
    assert dispatched(person, 1) is None
    assert (
        services.award(user=person, rule="no_such_rule", source="x", idempotency_key="x:1") is None
    )
    assert not PointEntry.objects.exists()


def test_a_changed_rule_counts_for_new_events_only(person):
    first = dispatched(person, 1)
    Rule.objects.filter(code="case_dispatched").update(points=50)
    second = dispatched(person, 2)
    first.refresh_from_db()
    assert (first.points, second.points) == (10, 50)
    assert balance(person) == 60


def test_a_reversal_is_a_new_entry_with_its_reason(person):
    award = dispatched(person, 1)
    reversal = services.reverse(
        idempotency_key="case:1:dispatched", reason="The report was found to be false."
    )

    assert reversal.points == -award.points
    assert reversal.reverses == award
    assert reversal.reason == "The report was found to be false."
    award.refresh_from_db()
    assert award.points == 10, "the award itself is never edited"
    assert balance(person) == 0
    # Twice is once; an award that does not exist reverses nothing.
    assert services.reverse(idempotency_key="case:1:dispatched", reason="again") == reversal
    assert services.reverse(idempotency_key="case:404:dispatched", reason="x") is None
    assert PointEntry.objects.count() == 2


def test_a_reversal_takes_back_only_what_is_left(person):
    dispatched(person, 1)
    services._change_balance(person.pk, -6)  # as if 6 points had been spent
    PointEntry.objects.create(
        user=person,
        kind=PointEntry.Kind.REDEMPTION,
        points=-6,
        idempotency_key="spent",
        created_at=MORNING,
    )
    reversal = services.reverse(idempotency_key="case:1:dispatched", reason="False report.")
    assert reversal.points == -4
    assert balance(person) == 0


def test_the_balance_never_goes_below_zero(person):
    dispatched(person, 1)
    with pytest.raises(ValidationError):
        services._change_balance(person.pk, -11)
    assert balance(person) == 10


def test_rebuild_balances_check_finds_a_corrupted_balance(person, capsys):
    with time_machine.travel(MORNING, tick=False):
        dispatched(person, 1)
        dispatched(person, 2)
    call_command("rebuild_balances", "--check")  # all well: no error
    Balance.objects.filter(user=person).update(points=7)  # a hand-corrupted balance

    with pytest.raises(CommandError):
        call_command("rebuild_balances", "--check")
    assert f"user {person.pk}: balance 7, ledger 20" in capsys.readouterr().out
    assert balance(person) == 7, "--check changes nothing"

    call_command("rebuild_balances")
    assert balance(person) == 20
    call_command("rebuild_balances", "--check")


def promised(user, number, now=MORNING):
    return services.promise(
        user=user,
        rule="case_dispatched",
        source=f"/cases/{number}/",
        source_label=f"WZ-{number}",
        idempotency_key=f"case:{number}:dispatched",
        now=now,
    )


def test_points_promised_are_pending_until_awarded_and_never_spendable(person):
    first = promised(person, 1)
    again = promised(person, 1)

    assert again.pk == first.pk and PendingAward.objects.count() == 1
    assert first.points == Rule.objects.get(code="case_dispatched").points
    assert not PointEntry.objects.exists(), "pending points are not in the ledger"

    dispatched(person, 1)
    assert not PendingAward.objects.exists()
    assert balance(person) == first.points
    assert promised(person, 1) is None, "once awarded, nothing is pending again"


def test_a_reversal_drops_what_was_pending_and_an_award_over_the_cap_too(person):
    promised(person, 1)
    assert services.reverse(idempotency_key="case:1:dispatched", reason="Rejected.") is None
    assert not PendingAward.objects.exists() and not PointEntry.objects.exists()

    cap = Rule.objects.get(code="case_dispatched").daily_cap
    for number in range(cap):
        dispatched(person, number + 10)
    promised(person, 99)
    assert dispatched(person, 99) is None
    assert not PendingAward.objects.exists(), "capped: it will not come, so it is not pending"
