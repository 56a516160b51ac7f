"""The demo town comes out whole on every date and at every size the tests seed it at: what a
reviewer is promised (README, "The demo town") is there whatever day `make run` is typed, and
seeding again adds nothing. Seeded with the clock frozen at each of the calendar moments."""

import datetime

from django.core.management import call_command

import pytest

from participation import demo as participation_demo
from participation import selectors as case_selectors
from participation.models import Case, CaseEvent
from portal.models import User
from regulations import demo_texts
from regulations.models import RegulationPage
from rewards import selectors as points_selectors
from rewards import services as points
from rewards.models import Balance, PendingAward, PointEntry, Redemption

pytestmark = pytest.mark.django_db

COUNTED = [Case, CaseEvent, PointEntry, PendingAward, Redemption, RegulationPage]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.mark.parametrize("cases", [10, 60])
def test_the_demo_town_comes_out_whole(calendar_moment, cases, monkeypatch):
    monkeypatch.setattr(participation_demo, "DEMO_CASE_COUNT", cases)
    call_command("seed_demo")
    first = counts()

    resident = User.objects.get(email="resident@example.org")
    housekeeper = User.objects.get(email="housekeeper@example.org")
    now = calendar_moment

    # The resident's own reports: one waiting at the centre (its points pending), one resolved and
    # waiting for their evaluation; the oldest earned points that are about to expire, and one's
    # have expired already.
    own = Case.objects.filter(reporter=resident)
    assert own.count() == len(participation_demo.OWN_CASES)
    assert own.filter(status=Case.Status.SUBMITTED).exists()
    assert own.filter(status=Case.Status.RESOLVED).exists()
    assert points_selectors.pending(resident), "a report's points are pending"
    assert points_selectors.expiring_soon(resident, now=now) > 0, "points expire within 30 days"
    assert PointEntry.objects.filter(user=resident, kind=PointEntry.Kind.EXPIRY).exists()
    for pending in PendingAward.objects.all():
        case = Case.objects.get(pk=int(pending.idempotency_key.split(":")[1]))
        assert case.status == Case.Status.SUBMITTED or pending.rule.code == "hazard_confirmed"

    # The demo housekeeper has repairs in their grid to check, and others were checked (with
    # their points).
    assert case_selectors.cases_to_confirm(housekeeper).exists()
    confirmed = CaseEvent.objects.filter(action=CaseEvent.Action.CONFIRM)
    assert confirmed.exists()
    for event in confirmed:
        assert event.created_at <= now
        assert PointEntry.objects.filter(
            user=event.actor, idempotency_key=f"case:{event.case_id}:confirmed:{event.pk}"
        ).exists()

    # Redemption requests in every state, the demo housekeeper's ready to collect.
    assert set(Redemption.objects.values_list("status", flat=True)) == set(Redemption.Status.values)
    ready = Redemption.objects.get(status=Redemption.Status.APPROVED)
    assert ready.user == housekeeper and ready.pickup_code
    assert not Redemption.objects.filter(created_at__gt=now).exists()

    # The ledger is the truth: every balance is its entries' sum, none below zero, nothing dated
    # after now.
    assert points.balance_drift() == []
    assert not Balance.objects.filter(points__lt=0).exists()
    assert not PointEntry.objects.filter(created_at__gt=now).exists()
    assert not CaseEvent.objects.filter(created_at__gt=now).exists()

    # Regulations: one open for comment now, one under review, one in force.
    stages = dict(
        RegulationPage.objects.filter(locale__language_code="zh-hans").values_list("slug", "stage")
    )
    assert stages[demo_texts.STALLS["slug"]] == RegulationPage.Stage.CONSULTATION
    assert stages[demo_texts.GARBAGE["slug"]] == RegulationPage.Stage.REVIEW
    assert stages[demo_texts.WATERWAYS["slug"]] == RegulationPage.Stage.IN_FORCE
    stalls = RegulationPage.objects.get(
        slug=demo_texts.STALLS["slug"], locale__language_code="zh-hans"
    )
    assert stalls.is_open_for_comment()

    # Seeding again, a day later, adds nothing.
    call_command("seed_demo")
    assert counts() == first


def test_the_demo_cases_are_the_same_whatever_the_time_of_day():
    """Which cases the demo has depends on the day only through their dates: each case draws
    from a random stream of its own, so one that has not got as far at this hour does not change
    every case after it."""
    participation_demo.seed_structure()
    morning = datetime.datetime(2027, 4, 30, 9, 0, tzinfo=datetime.UTC)
    fields = ["title", "grid__number", "urgency", "category__code", "latitude"]
    participation_demo.seed_cases(count=80, now=morning)
    first = sorted(Case.objects.values_list(*fields))
    last = Case.objects.order_by("pk").last().pk
    Case.objects.update(reporter=None)  # no longer counted as demo cases: the seed runs again
    participation_demo.seed_cases(count=80, now=morning + datetime.timedelta(hours=7))

    again = sorted(Case.objects.filter(pk__gt=last).values_list(*fields))
    assert again == first
