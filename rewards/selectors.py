"""Reads for the points pages."""

import datetime

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Balance, Honour, PendingAward, PointEntry, Redemption, Reward, Rule

EXPIRY_NOTICE_DAYS = 30


def balance(user) -> int:
    return Balance.objects.filter(user=user).values_list("points", flat=True).first() or 0


def history(user):
    return (
        PointEntry.objects.filter(user=user)
        .select_related("rule", "reward")
        .order_by("-created_at", "-pk")
    )


def pending(user) -> list[PendingAward]:
    """Points this person can expect once what they did is verified, newest first."""
    return list(PendingAward.objects.filter(user=user).select_related("rule"))


def expiring_soon(user, now=None) -> int:
    """Points that expire within EXPIRY_NOTICE_DAYS unless used first (earliest used first)."""
    from .services import expiring

    return expiring(user.pk, now=now, days=EXPIRY_NOTICE_DAYS)


def active_rules(today=None) -> list[Rule]:
    today = today or timezone.localdate()
    return [rule for rule in Rule.objects.order_by("-points", "code") if rule.is_active_on(today)]


def catalogue(user, today=None) -> list[Reward]:
    """Rewards offered today, each with how many more this person may redeem (None: no limit)."""
    today = today or timezone.localdate()
    rewards = [reward for reward in Reward.objects.all() if reward.is_available_on(today)]
    taken = {}
    if user.is_authenticated:
        taken = dict(
            Redemption.objects.filter(user=user, status__in=Redemption.COUNTED)
            .values_list("reward_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    for reward in rewards:
        reward.left_for_me = (
            None
            if reward.per_person_limit is None
            else max(0, reward.per_person_limit - taken.get(reward.pk, 0))
        )
    return rewards


def redemptions(user):
    return Redemption.objects.filter(user=user).select_related("reward").order_by("-created_at")


def month_start(today=None) -> datetime.datetime:
    today = today or timezone.localdate()
    return timezone.make_aware(datetime.datetime(today.year, today.month, 1))


def leaderboard(*, grid_id=None, limit: int = 10, today=None) -> list:
    """The month's top earners (points earned, not spent) among people who chose to be shown,
    town-wide or in one grid: each with `points`, `name` (their display name, or None) and `id`
    (for their honours page)."""
    start = month_start(today)
    people = (
        PointEntry.objects.filter(
            kind=PointEntry.Kind.AWARD, created_at__gte=start, user__on_leaderboard=True
        )
        .values("user_id", "user__display_name")
        .annotate(points=Sum("points"))
        .order_by("-points", "user_id")
    )
    if grid_id is not None:
        people = people.filter(user__home_grid_id=grid_id)
    return [
        {"points": row["points"], "name": row["user__display_name"] or None, "id": row["user_id"]}
        for row in people[:limit]
    ]


def public_profile(user, *, today=None) -> dict:
    """What a housekeeper's public page shows: their honours and the points they earned this
    month and in all (earned, not spent)."""
    earned = PointEntry.objects.filter(user=user, kind=PointEntry.Kind.AWARD)
    return {
        "badges": badges(user),
        "this_month": earned.filter(created_at__gte=month_start(today)).aggregate(
            total=Sum("points")
        )["total"]
        or 0,
        "in_all": earned.aggregate(total=Sum("points"))["total"] or 0,
    }


def badges(user) -> list[str]:
    """The honours a person has earned, named in the reader's language: each honour whose rule
    has awarded them points at least its number of times (one query, however many honours
    staff keep), then each month they topped their grid's leaderboard (people on the
    leaderboards only)."""
    awards = (
        PointEntry.objects.filter(user=user, kind=PointEntry.Kind.AWARD, rule=OuterRef("rule"))
        .order_by()
        .values("rule")
        .annotate(n=Count("pk"))
        .values("n")
    )
    earned = [
        honour.localized_name
        for honour in Honour.objects.annotate(awards=Subquery(awards)).filter(
            awards__gte=F("times")
        )
    ]
    if user.on_leaderboard:
        earned += [
            str(_("Top housekeeper of the grid, %(month)s") % {"month": month})
            for month in _months_topped(user)
        ]
    return earned


def _months_topped(user) -> list[str]:
    """The finished months this person earned the most points among the shown people of their
    grid (this month's leader is only leading so far)."""
    if user.home_grid_id is None:
        return []
    rows = (
        PointEntry.objects.filter(
            kind=PointEntry.Kind.AWARD,
            user__on_leaderboard=True,
            user__home_grid_id=user.home_grid_id,
            created_at__lt=month_start(),
        )
        .annotate(month=TruncMonth("created_at"))
        .values("month", "user_id")
        .annotate(points=Sum("points"))
        .order_by("month", "-points", "user_id")
    )
    best: dict = {}
    for row in rows:
        best.setdefault(row["month"], row["user_id"])
    return [
        date_format(month, "YEAR_MONTH_FORMAT")
        for month, user_id in sorted(best.items())
        if user_id == user.pk
    ]
