"""The points ledger. Append-only entries are the truth; each person's balance row is a cache
kept in the same transaction as the entry that changes it, and can never go below zero (a
database constraint). Rules say what earns how much; an entry records the points as they were
when it was written, so changing a rule affects new events only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import BilingualName

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
        ]

    def __str__(self):
        return f"{self.user} {self.points:+d} ({self.get_kind_display()})"


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
