"""The demo catalogue and a few requests in every state, decided by the demo dispatcher. (The
demo housekeepers' points history is written by participation's demo, from their cases' steps, as
the workflow would have; it runs first.) Safe to run again: rewards are found by name, requests by
once."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import Balance, Redemption, Reward

CATALOGUE = [
    # name, English name, kind, points, stock, per-person limit, description
    ("10元话费", "10 yuan phone credit", "phone_credit", 100, 50, None, "充值到您登记的手机号。"),
    ("30元话费", "30 yuan phone credit", "phone_credit", 280, 20, None, "充值到您登记的手机号。"),
    (
        "务工补贴券",
        "Labour subsidy voucher",
        "labour_subsidy",
        500,
        10,
        1,
        "可抵一天公益岗位务工补贴。",
    ),
    ("雨衣", "Rain poncho", "goods", 60, 30, 2, "到村（社区）便民服务中心领取。"),
    (
        "环保购物袋",
        "Reusable shopping bag",
        "goods",
        30,
        100,
        None,
        "到村（社区）便民服务中心领取。",
    ),
    (
        "本月之星管家",
        "Star Housekeeper of the month",
        "honour",
        300,
        1,
        1,
        "颁发荣誉证书，并在首页公布。",
    ),
]


# Requests: (days ago, reward, where it got to). The first is the demo housekeeper's (ready to
# collect) if they have the points; the others go to the residents with the most points.
REQUESTS = [
    (1, "环保购物袋", Redemption.Status.APPROVED),
    (21, "10元话费", Redemption.Status.FULFILLED),
    (14, "雨衣", Redemption.Status.FULFILLED),
    (9, "10元话费", Redemption.Status.REJECTED),
    (2, "雨衣", Redemption.Status.HELD),
    (1, "环保购物袋", Redemption.Status.HELD),
]
REJECTION = (
    "登记的手机号无法充值，请到便民服务中心核对号码。\n"
    "The registered phone number cannot be topped up; please check it at the service centre."
)
HOUSEKEEPER_EMAIL = "housekeeper@example.org"
DECIDER_EMAIL = "dispatcher@example.org"


def seed_requests(now=None) -> int:
    made = Redemption.objects.filter(request_key__startswith="demo-")
    User = get_user_model()
    staff = User.objects.filter(email=DECIDER_EMAIL).first()
    if staff is None or made.exists():  # once: who has the most points changes with them
        return made.count()
    now = now or timezone.now()
    richest = (
        Balance.objects.filter(points__gt=0)
        .exclude(user__email__in=[HOUSEKEEPER_EMAIL, DECIDER_EMAIL])
        .order_by("-points", "user_id")
        .values_list("user_id", flat=True)
    )
    candidates = [
        *User.objects.filter(email=HOUSEKEEPER_EMAIL).values_list("pk", flat=True),
        *richest[: len(REQUESTS)],
    ]
    for index, (days, name, outcome) in enumerate(REQUESTS):
        reward = Reward.objects.filter(name=name).first()
        # The next person in line who has the points for it.
        while (
            candidates
            and not Balance.objects.filter(
                user_id=candidates[0], points__gte=reward.cost if reward else 0
            ).exists()
        ):
            candidates.pop(0)
        if reward is None or not candidates:
            continue
        person = User.objects.get(pk=candidates.pop(0))
        at = now - datetime.timedelta(days=days, hours=3)
        redemption, _created = services.redeem(
            user=person, reward=reward, request_key=f"demo-{index}", now=at
        )
        decided = at + datetime.timedelta(hours=5)
        if outcome == Redemption.Status.REJECTED and redemption.status == Redemption.Status.HELD:
            services.reject(staff=staff, redemption=redemption, reason=REJECTION, now=decided)
        elif outcome in (Redemption.Status.APPROVED, Redemption.Status.FULFILLED):
            if redemption.status == Redemption.Status.HELD:
                redemption = services.approve(staff=staff, redemption=redemption, now=decided)
            if outcome == Redemption.Status.FULFILLED and (
                redemption.status == Redemption.Status.APPROVED
            ):
                services.fulfil(
                    staff=staff,
                    redemption=redemption,
                    pickup_code=redemption.pickup_code,
                    now=decided + datetime.timedelta(days=1),
                )
    return made.count()


def seed(*, stdout) -> dict[str, int]:
    for order, (name, name_en, kind, cost, stock, limit, description) in enumerate(CATALOGUE):
        Reward.objects.get_or_create(
            name=name,
            defaults={
                "name_en": name_en,
                "kind": kind,
                "cost": cost,
                "stock": stock,
                "per_person_limit": limit,
                "description": description,
                "sort_order": order,
            },
        )
    return {"rewards": Reward.objects.count(), "requests": seed_requests()}
