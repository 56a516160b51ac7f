"""Every write to the points ledger. Callers (participation, regulations) know nothing of how
points are kept: they name a rule, the person, what the points are for and an idempotency key
(the same event twice writes once). Each function is one transaction that writes the entry and
updates the balance together; the balance never goes below zero."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EXPIRY_MONTHS, Balance, PointEntry, Rule


def _months_later(moment: datetime.datetime, months: int) -> datetime.datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _change_balance(user_id: int, points: int) -> None:
    """Add `points` (negative to take) to the balance in one conditional update: correct under
    concurrency on SQLite and PostgreSQL alike, and never below zero."""
    Balance.objects.get_or_create(user_id=user_id)
    changed = Balance.objects.filter(user_id=user_id, points__gte=max(0, -points)).update(
        points=F("points") + points
    )
    if not changed:
        raise ValidationError(_("Not enough points."), code="insufficient")


def _write(**fields) -> tuple[PointEntry, bool]:
    """The entry, once per idempotency key: (entry, created)."""
    try:
        with transaction.atomic():
            entry = PointEntry.objects.create(**fields)
            _change_balance(entry.user_id, entry.points)
    except IntegrityError:
        return PointEntry.objects.get(idempotency_key=fields["idempotency_key"]), False
    return entry, True


def award(
    *,
    user,
    rule: str,
    idempotency_key: str,
    source: str = "",
    source_label: str = "",
    now=None,
) -> PointEntry | None:
    """Points under rule `rule` (its code) for what `source` (a path to its page) and
    `source_label` (e.g. a case number) name. The same key twice awards once. None
    (nothing written) when the rule is unknown or not active today, or the person reached the
    rule's daily cap."""
    now = now or timezone.now()
    earlier = PointEntry.objects.filter(idempotency_key=idempotency_key).first()
    if earlier is not None:
        return earlier
    today = timezone.localdate(now)
    found = Rule.objects.filter(code=rule).first()
    if found is None or not found.is_active_on(today):
        return None
    with transaction.atomic():
        # One award at a time per person (a row lock on PostgreSQL; SQLite's write transactions
        # are serial already), so two events at once cannot both slip under the cap.
        Balance.objects.get_or_create(user=user)
        Balance.objects.select_for_update().filter(user=user).first()
        if found.daily_cap is not None:
            start = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
            earned_today = PointEntry.objects.filter(
                user=user,
                rule=found,
                kind=PointEntry.Kind.AWARD,
                created_at__gte=start,
                created_at__lt=start + datetime.timedelta(days=1),
            ).count()
            if earned_today >= found.daily_cap:
                return None
        entry, _created = _write(
            user=user,
            kind=PointEntry.Kind.AWARD,
            points=found.points,
            rule=found,
            source=source[:200],
            source_label=source_label[:60],
            idempotency_key=idempotency_key,
            created_at=now,
            expires_at=_months_later(now, EXPIRY_MONTHS),
        )
    return entry


def reverse(*, idempotency_key: str, reason: str, now=None) -> PointEntry | None:
    """Take back an award (e.g. its case was later found false) by a new entry with the reason,
    never by an edit. Only what is still in the balance can be taken back. None if there was no
    such award or nothing is left to take."""
    with transaction.atomic():
        original = PointEntry.objects.filter(
            idempotency_key=idempotency_key, kind=PointEntry.Kind.AWARD
        ).first()
        if original is None:
            return None
        done = PointEntry.objects.filter(reverses=original).first()
        if done is not None:
            return done
        balance = (
            Balance.objects.filter(user_id=original.user_id)
            .values_list("points", flat=True)
            .first()
            or 0
        )
        points = min(original.points, balance)
        if points <= 0:
            return None
        entry, _created = _write(
            user_id=original.user_id,
            kind=PointEntry.Kind.REVERSAL,
            points=-points,
            rule=original.rule,
            source=original.source,
            source_label=original.source_label,
            idempotency_key=f"{idempotency_key}:reversed",
            reason=reason[:300],
            reverses=original,
            created_at=now or timezone.now(),
        )
    return entry


def balance_drift() -> list[tuple[int, int, int]]:
    """(user id, cached balance, sum of the ledger) for every person whose cached balance is not
    the sum of their entries."""
    sums = dict(PointEntry.objects.values_list("user_id").annotate(total=Sum("points")).order_by())
    cached = dict(Balance.objects.values_list("user_id", "points"))
    return sorted(
        (user_id, cached.get(user_id, 0), sums.get(user_id, 0))
        for user_id in set(sums) | set(cached)
        if cached.get(user_id, 0) != sums.get(user_id, 0)
    )


def rebuild_balances() -> int:
    """Set every cached balance to the sum of its ledger; the number of balances corrected."""
    drift = balance_drift()
    with transaction.atomic():
        for user_id, _cached, actual in drift:
            Balance.objects.update_or_create(user_id=user_id, defaults={"points": actual})
    return len(drift)
