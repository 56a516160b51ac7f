"""The points ledger. Append-only entries are the truth; each person's balance row is a cache
kept in the same transaction as the entry that changes it, and can never go below zero (a
database constraint). Rules say what earns how much; an entry records the points as they were
when it was written, so changing a rule affects new events only. Honours follow from the entries:
so many awards under a rule earn one."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import BilingualName
from portal.translations import text_for_reader

# Points earned expire this long after they were earned.
EXPIRY_MONTHS = 12


class Rule(BilingualName):
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("How the apps name the rule, e.g. “case_dispatched”. Never changes."),
    )
    description = models.CharField(
        _("in plain words"),
        max_length=300,
        blank=True,
        help_text=_("What earns the points, as residents read it on the rules page."),
    )
    points = models.PositiveIntegerField(_("points"))
    daily_cap = models.PositiveSmallIntegerField(
        _("at most per day"),
        null=True,
        blank=True,
        help_text=_(
            "How many times a person can earn this rule's points in one day; empty: no cap."
        ),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        verbose_name = _("earning rule")
        verbose_name_plural = _("earning rules")
        ordering = ["code"]

    def is_active_on(self, day) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )


class Honour(BilingualName):
    """An honour a person earns once they have been awarded points under one rule a number of
    times (their first report followed up, ten of them, an adopted opinion). Data that staff keep
    in the admin: the apps that award the points know nothing of honours."""

    rule = models.ForeignKey(
        Rule,
        verbose_name=_("earning rule"),
        on_delete=models.PROTECT,
        related_name="honours",
        help_text=_("The rule whose awards count towards this honour."),
    )
    times = models.PositiveSmallIntegerField(
        _("awards needed"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many awards under the rule earn the honour: 1 for the first, 10 for ten."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Honours are listed in this order, lowest first.")
    )

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "times"], name="honour_rule_times_unique"),
            models.CheckConstraint(condition=Q(times__gte=1), name="honour_times_at_least_one"),
        ]


class PointEntry(models.Model):
    class Kind(models.TextChoices):
        AWARD = "award", _("Earned")
        REVERSAL = "reversal", _("Taken back")
        ADJUSTMENT = "adjustment", _("Adjusted by staff")
        EXPIRY = "expiry", _("Expired")
        REDEMPTION = "redemption", _("Redeemed")
        RELEASE = "release", _("Given back")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="point_entries",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    points = models.IntegerField(_("points"))
    rule = models.ForeignKey(
        Rule,
        verbose_name=_("rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    source = models.CharField(
        _("link"),
        max_length=200,
        blank=True,
        help_text=_("The page of what earned the points (a case, an opinion), as a path."),
    )
    source_label = models.CharField(
        _("earned by"),
        max_length=60,
        blank=True,
        help_text=_("What earned them, e.g. a case number “WZ-2026-000123”."),
    )
    idempotency_key = models.CharField(max_length=150, unique=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    reward = models.ForeignKey(
        "Reward",
        verbose_name=_("reward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        help_text=_("For points spent on a reward or given back."),
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("takes back"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    created_at = models.DateTimeField(_("time"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="point_entry_not_zero"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="point_entry_history_idx"),
            models.Index(fields=["user", "rule", "created_at"], name="point_entry_cap_idx"),
            # The month's leaderboards and honours: points earned since a date, by everyone.
            models.Index(fields=["kind", "created_at"], name="point_entry_earned_idx"),
        ]

    def __str__(self):
        return f"{self.user} {self.points:+d} ({self.get_kind_display()})"


class PendingAward(models.Model):
    """Points a person can expect once what they did is verified (e.g. their report dispatched):
    shown on My points as pending, never spendable and not in the ledger. The award with the
    same idempotency key replaces it; a reversal (the report was rejected) removes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="pending_awards",
    )
    rule = models.ForeignKey(
        Rule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="pending"
    )
    points = models.PositiveIntegerField(_("points"))
    source = models.CharField(_("link"), max_length=200, blank=True)
    source_label = models.CharField(_("earned by"), max_length=60, blank=True)
    idempotency_key = models.CharField(max_length=150, unique=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("pending points")
        verbose_name_plural = _("pending points")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="pending_award_user_idx")]

    def __str__(self):
        return f"{self.user} +{self.points} ({self.rule})"


class Balance(models.Model):
    """A person's points now: the sum of their entries, kept with every entry."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="points_balance",
    )
    points = models.IntegerField(_("points"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("points balance")
        verbose_name_plural = _("points balances")
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=0), name="points_balance_not_negative"),
        ]

    def __str__(self):
        return f"{self.user}: {self.points}"


class Reward(BilingualName):
    """Something points can be exchanged for. `stock` never goes below zero (a constraint), and
    is taken in the same transaction as the points."""

    class Kind(models.TextChoices):
        PHONE_CREDIT = "phone_credit", _("Phone credit")
        LABOUR_SUBSIDY = "labour_subsidy", _("Labour subsidy")
        GOODS = "goods", _("Goods")
        HONOUR = "honour", _("Honour")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(
        _("description (Chinese)"),
        max_length=300,
        blank=True,
        help_text=_("What it is and how to collect it, in Chinese."),
    )
    description_en = models.CharField(
        _("description (English)"),
        max_length=300,
        blank=True,
        help_text=_("Shown to English readers. Leave blank to show the Chinese description."),
    )
    cost = models.PositiveIntegerField(_("points needed"))
    stock = models.IntegerField(_("in stock"), default=0)
    per_person_limit = models.PositiveSmallIntegerField(
        _("at most per person"),
        null=True,
        blank=True,
        help_text=_("How many one person may redeem in all; empty: no limit."),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["sort_order", "cost", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="reward_stock_not_negative"),
        ]

    @property
    def localized_description(self) -> str:
        """The description in the reader's language; the other language's where it has none."""
        return text_for_reader(self.description, self.description_en)[0]

    @property
    def localized_description_language(self) -> str:
        """The language `localized_description` is in, for its `lang` attribute."""
        return text_for_reader(self.description, self.description_en)[1]

    def is_available_on(self, day) -> bool:
        return (
            self.is_active
            and (self.available_from is None or self.available_from <= day)
            and (self.available_until is None or day <= self.available_until)
        )


class Redemption(models.Model):
    """A request to exchange points for a reward: the points and one item of stock are held at
    once; staff approve it (the person gets a pickup code) and hand it over, or reject it (the
    points and the item are given back)."""

    class Status(models.TextChoices):
        HELD = "held", _("Waiting for approval")
        APPROVED = "approved", _("Ready to collect")
        FULFILLED = "fulfilled", _("Collected")
        REJECTED = "rejected", _("Rejected")

    # The redemptions that count against a per-person limit.
    COUNTED = [Status.HELD, Status.APPROVED, Status.FULFILLED]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="redemptions",
    )
    reward = models.ForeignKey(
        Reward, verbose_name=_("reward"), on_delete=models.PROTECT, related_name="redemptions"
    )
    points = models.PositiveIntegerField(_("points"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    request_key = models.CharField(max_length=64, editable=False)
    pickup_code = models.CharField(_("pickup code"), max_length=8, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fulfilled_at = models.DateTimeField(_("collected"), null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A retried request (a double tap) makes one redemption.
            models.UniqueConstraint(fields=["user", "request_key"], name="redemption_once"),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="redemption_queue_idx"),
            models.Index(fields=["user", "reward", "status"], name="redemption_limit_idx"),
        ]

    def __str__(self):
        return f"{self.user} · {self.reward}"
