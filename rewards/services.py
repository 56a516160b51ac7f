"""Every write to the points ledger. Callers (participation, regulations) know nothing of how
points are kept: they name a rule, the person, what the points are for and an idempotency key
(the same event twice writes once). Each function is one transaction that writes the entry and
updates the balance together; the balance never goes below zero."""

import calendar
import datetime
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.tasks import enqueue_on_commit

from .models import EXPIRY_MONTHS, Balance, PendingAward, PointEntry, Redemption, Reward, Rule


def _months_later(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same time of day `months` calendar months later, on the town's calendar (a 29 February
    becomes 28 February, 31 January becomes the end of February)."""
    moment = timezone.localtime(moment)
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _lock_balance(user_id: int) -> None:
    """One change at a time per person within the caller's transaction: a row lock on
    PostgreSQL (SQLite's write transactions are serial already)."""
    Balance.objects.get_or_create(user_id=user_id)
    Balance.objects.select_for_update().filter(user_id=user_id).first()


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


def _active_rule(code: str, day) -> Rule | None:
    """The rule with this code if it is in force on `day`."""
    found = Rule.objects.filter(code=code).first()
    return found if found is not None and found.is_active_on(day) else None


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
    rule's daily cap. Points pending under the same key (see `promise`) stop being pending."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two events at once cannot both slip under the cap, nor a promise in behind the award.
        _lock_balance(user.pk)
        # Whatever happens below, points expected under this key are no longer pending.
        PendingAward.objects.filter(idempotency_key=idempotency_key).delete()
        earlier = PointEntry.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
        today = timezone.localdate(now)
        found = _active_rule(rule, today)
        if found is None:
            return None
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


def promise(
    *,
    user,
    rule: str,
    idempotency_key: str,
    source: str = "",
    source_label: str = "",
    now=None,
) -> PendingAward | None:
    """Points `user` can expect under rule `rule` once what they did is verified, shown as
    pending until `award` with the same key writes them (or `reverse` drops them). Once per key;
    None when the rule is unknown or not active, or the points were awarded already."""
    now = now or timezone.now()
    found = _active_rule(rule, timezone.localdate(now))
    if found is None:
        return None
    with transaction.atomic():
        _lock_balance(user.pk)  # an award under this key made meanwhile is seen below
        if PointEntry.objects.filter(idempotency_key=idempotency_key).exists():
            return None
        pending, _created = PendingAward.objects.get_or_create(
            idempotency_key=idempotency_key,
            defaults={
                "user": user,
                "rule": found,
                "points": found.points,
                "source": source[:200],
                "source_label": source_label[:60],
                "created_at": now,
            },
        )
    return pending


def reverse(*, idempotency_key: str, reason: str, now=None) -> PointEntry | None:
    """Take back an award (e.g. its case was later found false) by a new entry with the reason,
    never by an edit. Only what is still in the balance can be taken back; points still pending
    under the key are dropped. None if there was no such award or nothing is left to take."""
    with transaction.atomic():
        PendingAward.objects.filter(idempotency_key=idempotency_key).delete()
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


# --- Redemption ----------------------------------------------------------------------------------


def redeem(*, user, reward: Reward, request_key: str, now=None) -> tuple[Redemption, bool]:
    """Hold the reward's points and one item of its stock, in one transaction; (redemption,
    created). The same request key gives back the redemption it made. Refused with a
    ValidationError (nothing changed) when the reward is not offered today, is out of stock,
    the person reached its limit or has too few points."""
    now = now or timezone.now()
    request_key = (request_key or "")[:64] or uuid.uuid4().hex
    earlier = Redemption.objects.filter(user=user, request_key=request_key).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            _lock_balance(user.pk)  # the limit below cannot be raced
            reward = Reward.objects.get(pk=reward.pk)
            if not reward.is_available_on(timezone.localdate(now)):
                raise ValidationError(_("This reward is not offered now."), code="unavailable")
            if reward.per_person_limit is not None:
                taken = Redemption.objects.filter(
                    user=user, reward=reward, status__in=Redemption.COUNTED
                ).count()
                if taken >= reward.per_person_limit:
                    raise ValidationError(
                        _("You have already redeemed this reward as often as one person may."),
                        code="limit",
                    )
            if not Reward.objects.filter(pk=reward.pk, stock__gte=1).update(stock=F("stock") - 1):
                raise ValidationError(_("This reward is out of stock."), code="stock")
            redemption = Redemption.objects.create(
                user=user,
                reward=reward,
                points=reward.cost,
                request_key=request_key,
                created_at=now,
            )
            PointEntry.objects.create(
                user=user,
                kind=PointEntry.Kind.REDEMPTION,
                points=-reward.cost,
                reward=reward,
                idempotency_key=f"redemption:{redemption.pk}",
                created_at=now,
            )
            _change_balance(user.pk, -reward.cost)
    except IntegrityError:
        # The same request arrived twice at once: the other one made it.
        return Redemption.objects.get(user=user, request_key=request_key), False
    return redemption, True


def _decide(redemption: Redemption, staff, expected: str) -> Redemption:
    if staff.pk == redemption.user_id:
        raise ValidationError(_("No one can decide on their own redemption."), code="own")
    locked = Redemption.objects.select_for_update().get(pk=redemption.pk)
    if locked.status != expected:
        raise ValidationError(_("This redemption was dealt with already."), code="status")
    return locked


def approve(*, staff, redemption: Redemption, now=None) -> Redemption:
    """Approve: the person gets a pickup code to show at the service centre."""
    with transaction.atomic():
        redemption = _decide(redemption, staff, Redemption.Status.HELD)
        redemption.status = Redemption.Status.APPROVED
        redemption.pickup_code = f"{secrets.randbelow(10**6):06d}"
        redemption.decided_at = now or timezone.now()
        redemption.decided_by = staff
        redemption.save(update_fields=["status", "pickup_code", "decided_at", "decided_by"])
        enqueue_on_commit("rewards.tasks.redemption_decided", redemption.pk)
    return redemption


def fulfil(*, staff, redemption: Redemption, pickup_code: str, now=None) -> Redemption:
    """Hand the reward over to the person who shows the pickup code."""
    with transaction.atomic():
        redemption = _decide(redemption, staff, Redemption.Status.APPROVED)
        if (pickup_code or "").strip() != redemption.pickup_code:
            raise ValidationError({"pickup_code": _("That is not this redemption's pickup code.")})
        redemption.status = Redemption.Status.FULFILLED
        redemption.fulfilled_at = now or timezone.now()
        redemption.fulfilled_by = staff
        redemption.save(update_fields=["status", "fulfilled_at", "fulfilled_by"])
    return redemption


def reject(*, staff, redemption: Redemption, reason: str, now=None) -> Redemption:
    """Reject: the points and the item of stock are given back, and the person is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the person who asked.")})
    now = now or timezone.now()
    with transaction.atomic():
        redemption = _decide(redemption, staff, Redemption.Status.HELD)
        redemption.status = Redemption.Status.REJECTED
        redemption.reject_reason = reason[:300]
        redemption.decided_at = now
        redemption.decided_by = staff
        redemption.save(update_fields=["status", "reject_reason", "decided_at", "decided_by"])
        Reward.objects.filter(pk=redemption.reward_id).update(stock=F("stock") + 1)
        _write(
            user_id=redemption.user_id,
            kind=PointEntry.Kind.RELEASE,
            points=redemption.points,
            reward=redemption.reward,
            idempotency_key=f"redemption:{redemption.pk}:released",
            reason=reason[:300],
            created_at=now,
            expires_at=_months_later(now, EXPIRY_MONTHS),
        )
        enqueue_on_commit("rewards.tasks.redemption_decided", redemption.pk)
    return redemption


def adjust(
    *, staff, user, points: int, reason: str, take_away: bool = False, now=None
) -> PointEntry:
    """A manual adjustment by staff, with its reason (shown to the person): `points` (above zero)
    added, or taken away with `take_away`. Never one's own, and never taking more than the
    balance holds."""
    if staff.pk == user.pk:
        raise ValidationError(_("No one can adjust their own points."), code="own")
    if not isinstance(points, int) or points <= 0:
        raise ValidationError(
            {"points": _("Give a whole number of points above zero.")}, code="amount"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the person concerned.")})
    now = now or timezone.now()
    entry, _created = _write(
        user=user,
        kind=PointEntry.Kind.ADJUSTMENT,
        points=-points if take_away else points,
        reason=reason[:300],
        idempotency_key=f"adjustment:{uuid.uuid4().hex}",
        created_at=now,
        expires_at=None if take_away else _months_later(now, EXPIRY_MONTHS),
    )
    return entry


# --- Expiry --------------------------------------------------------------------------------------


def _unspent(user_id: int) -> list[tuple[PointEntry, int]]:
    """Each entry that added points, with how many of its points are left: what was taken
    (spent, reversed, expired) counts against the earliest-expiring points first."""
    entries = list(PointEntry.objects.filter(user_id=user_id).order_by("created_at", "pk"))
    taken = -sum(entry.points for entry in entries if entry.points < 0)
    added = sorted(
        (entry for entry in entries if entry.points > 0),
        key=lambda entry: (
            entry.expires_at is None,
            entry.expires_at or entry.created_at,
            entry.pk,
        ),
    )
    left = []
    for entry in added:
        used = min(taken, entry.points)
        taken -= used
        left.append((entry, entry.points - used))
    return left


def expire_points(*, now=None) -> int:
    """Write an expiry entry for every earned point past its expiry date and not yet used, once
    (keyed by the entry that earned it). Returns the number of entries written."""
    now = now or timezone.now()
    people = (
        PointEntry.objects.filter(points__gt=0, expires_at__lte=now)
        .values_list("user_id", flat=True)
        .distinct()
    )
    written = 0
    for user_id in people:
        with transaction.atomic():
            _lock_balance(user_id)
            for entry, left in _unspent(user_id):
                if left > 0 and entry.expires_at is not None and entry.expires_at <= now:
                    _entry, created = _write(
                        user_id=user_id,
                        kind=PointEntry.Kind.EXPIRY,
                        points=-left,
                        source=entry.source,
                        source_label=entry.source_label,
                        idempotency_key=f"expiry:{entry.pk}",
                        created_at=now,
                    )
                    written += created
    return written


def expiring(user_id: int, *, now=None, days: int = 30) -> int:
    """Points of this person that expire within `days`, unless used first."""
    now = now or timezone.now()
    until = now + datetime.timedelta(days=days)
    return sum(
        left
        for entry, left in _unspent(user_id)
        if entry.expires_at is not None and now < entry.expires_at <= until
    )
