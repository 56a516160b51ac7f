"""The demo catalogue, the points that expired by now, and a few requests in every state, decided
by the demo dispatcher. (The demo residents' and housekeepers' points history is written by
participation's demo, from their cases' steps, as the workflow would have; it runs first.) The
same on every date. Safe to run again: rewards are found by name, expiries by the entry that
expired, requests once."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from . import services
from .models import Balance, PointEntry, Redemption, Reward

CATALOGUE = [
    # name, English name, kind, points, stock, per-person limit, description, English description
    (
        "10元话费",
        "10 yuan phone credit",
        "phone_credit",
        100,
        50,
        None,
        "充值到您登记的手机号。",
        "Topped up to the mobile number you registered.",
    ),
    (
        "30元话费",
        "30 yuan phone credit",
        "phone_credit",
        280,
        20,
        None,
        "充值到您登记的手机号。",
        "Topped up to the mobile number you registered.",
    ),
    (
        "务工补贴券",
        "Labour subsidy voucher",
        "labour_subsidy",
        500,
        10,
        1,
        "可抵一天公益岗位务工补贴。",
        "Worth one day's labour subsidy for a public-service job.",
    ),
    (
        "雨衣",
        "Rain poncho",
        "goods",
        60,
        30,
        2,
        "到村（社区）便民服务中心领取。",
        "Collect it at your village or community service centre.",
    ),
    (
        "环保购物袋",
        "Reusable shopping bag",
        "goods",
        30,
        100,
        None,
        "到村（社区）便民服务中心领取。",
        "Collect it at your village or community service centre.",
    ),
    (
        "本月之星管家",
        "Star Housekeeper of the month",
        "honour",
        300,
        1,
        1,
        "颁发荣誉证书，并在首页公布。",
        "A certificate of honour, and your name on the home page.",
    ),
]


# Requests: (days ago, reward, where it got to, who asked). Always the same people, whatever
# the date: the demo housekeeper (ready to collect) and five demo residents. Whoever has too few
# points for theirs by then is first given them, through the ledger (`_top_up`); the housekeeper
# is given enough to have HOUSEKEEPER_SPARE left after theirs.
REQUESTS = [
    (1, "环保购物袋", Redemption.Status.APPROVED, "housekeeper@example.org"),
    (21, "10元话费", Redemption.Status.FULFILLED, "resident01@demo.wuzhen.example"),
    (14, "雨衣", Redemption.Status.FULFILLED, "resident02@demo.wuzhen.example"),
    (9, "10元话费", Redemption.Status.REJECTED, "resident03@demo.wuzhen.example"),
    (2, "雨衣", Redemption.Status.HELD, "resident04@demo.wuzhen.example"),
    (1, "环保购物袋", Redemption.Status.HELD, "resident05@demo.wuzhen.example"),
]
REJECTION = (
    "登记的手机号无法充值，请到便民服务中心核对号码。\n"
    "The registered phone number cannot be topped up; please check it at the service centre."
)
TOP_UP_REASON = "参加“清河护水”志愿活动。\nVolunteering on the river clean-up day."
DECIDER_EMAIL = "dispatcher@example.org"
# The demo housekeeper keeps at least this many points after their request, so they can redeem
# something themselves (the cheapest rewards cost 30, 60 and 100), whatever their cases earned.
HOUSEKEEPER_EMAIL = "housekeeper@example.org"
HOUSEKEEPER_SPARE = 100


def seed_requests(now=None) -> int:
    """The requests, oldest first, each decided by the demo dispatcher as REQUESTS says. Once:
    nothing is added where demo requests exist already."""
    made = Redemption.objects.filter(request_key__startswith="demo-")
    User = get_user_model()
    staff = User.objects.filter(email=DECIDER_EMAIL).first()
    if staff is None or made.exists():
        return made.count()
    now = now or timezone.now()
    people = {user.email: user for user in User.objects.filter(email__in=[r[3] for r in REQUESTS])}
    rewards = {reward.name: reward for reward in Reward.objects.all()}
    order = sorted(range(len(REQUESTS)), key=lambda index: -REQUESTS[index][0])
    for index in order:
        days, name, outcome, email = REQUESTS[index]
        person, reward = people.get(email), rewards.get(name)
        if person is None or reward is None:
            continue
        at = now - datetime.timedelta(days=days, hours=3)
        spare = HOUSEKEEPER_SPARE if email == HOUSEKEEPER_EMAIL else 0
        _top_up(person, reward.cost + spare, staff=staff, at=at)
        redemption, _created = services.redeem(
            user=person, reward=reward, request_key=f"demo-{index}", now=at
        )
        decided = at + datetime.timedelta(hours=2)
        if outcome == Redemption.Status.REJECTED:
            services.reject(staff=staff, redemption=redemption, reason=REJECTION, now=decided)
        elif outcome in (Redemption.Status.APPROVED, Redemption.Status.FULFILLED):
            redemption = services.approve(staff=staff, redemption=redemption, now=decided)
            if outcome == Redemption.Status.FULFILLED:
                services.fulfil(
                    staff=staff,
                    redemption=redemption,
                    pickup_code=redemption.pickup_code,
                    now=decided + datetime.timedelta(days=1),
                )
    return made.count()


def _top_up(person, cost: int, *, staff, at) -> None:
    """Give `person` what they lack for `cost` points at `at`: by then (the points they had
    earned by `at`, less what they had used) and today (the points still theirs now, so the
    request's hold can be taken). Points given a day before, by a staff adjustment with its
    reason."""
    had = PointEntry.objects.filter(user=person, created_at__lte=at).aggregate(total=Sum("points"))[
        "total"
    ]
    has = Balance.objects.filter(user=person).values_list("points", flat=True).first()
    missing = cost - min(had or 0, has or 0)
    if missing > 0:
        services.adjust(
            staff=staff,
            user=person,
            points=missing,
            reason=TOP_UP_REASON,
            now=at - datetime.timedelta(days=1),
        )


def seed(*, stdout) -> dict[str, int]:
    for order, (name, name_en, kind, cost, stock, limit, description, description_en) in enumerate(
        CATALOGUE
    ):
        reward, created = Reward.objects.get_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "kind": kind,
                "cost": cost,
                "stock": stock,
                "per_person_limit": limit,
                "description": description,
                "description_en": description_en,
                "sort_order": order,
            },
        )
        if not created and not reward.description_en:  # a catalogue seeded before there was one
            reward.description_en = description_en
            reward.save(update_fields=["description_en"])
    now = timezone.now()
    return {
        "rewards": Reward.objects.count(),
        # As the nightly schedule would have by now (the demo's oldest points are 13 months old).
        "points expired": services.expire_points(now=now),
        "requests": seed_requests(now),
    }
