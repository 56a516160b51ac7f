"""The demo catalogue. (The demo housekeepers' points history is written by participation's demo,
from their cases' steps, as the workflow would have.) Safe to run again: found by name."""

from .models import Reward

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
    return {"rewards": Reward.objects.count()}
