"""Monthly department appraisal: the weights and targets in force (`AppraisalScheme`, a new row
for each change, applying from the month it names: the rows are the change log), and each
department's scorecard for a month (`DepartmentScorecard`), kept by a monthly task."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .structure import Department

# The weighted measures, in the order the page shows them.
MEASURES = (
    "on_time",
    "handling",
    "satisfaction",
    "first_pass",
    "reopen",
    "returned",
)


class AppraisalScheme(models.Model):
    effective_from = models.DateField(
        _("applies from"),
        help_text=_("The first day of the first month scored with these weights and targets."),
    )
    weight_on_time = models.PositiveSmallIntegerField(_("weight: on-time rate"), default=30)
    weight_handling = models.PositiveSmallIntegerField(_("weight: handling time"), default=10)
    weight_satisfaction = models.PositiveSmallIntegerField(_("weight: satisfaction"), default=30)
    weight_first_pass = models.PositiveSmallIntegerField(
        _("weight: passed the first check"), default=10
    )
    weight_reopen = models.PositiveSmallIntegerField(_("weight: reopen rate"), default=10)
    weight_returned = models.PositiveSmallIntegerField(
        _("weight: returned to the centre"), default=10
    )
    target_on_time = models.PositiveSmallIntegerField(_("target: on-time rate (%)"), default=90)
    target_handling_hours = models.PositiveIntegerField(
        _("target: median handling time (hours)"), default=72
    )
    target_satisfaction = models.PositiveSmallIntegerField(
        _("target: satisfaction (%)"), default=90
    )
    target_first_pass = models.PositiveSmallIntegerField(
        _("target: passed the first check (%)"), default=85
    )
    target_reopen = models.PositiveSmallIntegerField(
        _("target: reopen rate at most (%)"), default=5
    )
    target_returned = models.PositiveSmallIntegerField(
        _("target: returned to the centre at most (%)"), default=10
    )
    minimum_cases = models.PositiveSmallIntegerField(_("cases needed to be ranked"), default=20)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("appraisal weights and targets")
        verbose_name_plural = _("appraisal weights and targets")
        ordering = ["-effective_from", "-changed_at"]
        get_latest_by = "changed_at"

    def __str__(self):
        return f"{self.effective_from:%Y-%m}"

    @property
    def weights(self) -> dict:
        return {measure: getattr(self, f"weight_{measure}") for measure in MEASURES}


class DepartmentScorecard(models.Model):
    month = models.DateField(_("month"), help_text=_("The first day of the month scored."))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="scorecards",
    )
    scheme = models.ForeignKey(
        AppraisalScheme,
        verbose_name=_("weights and targets"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    handled = models.PositiveIntegerField(_("cases handled"), default=0)
    on_time_rate = models.FloatField(_("on-time rate"), null=True, blank=True)
    median_handling_hours = models.FloatField(_("median handling time (hours)"), null=True)
    satisfaction_rate = models.FloatField(_("satisfaction"), null=True, blank=True)
    first_pass_rate = models.FloatField(_("passed the first check"), null=True, blank=True)
    reopen_rate = models.FloatField(_("reopen rate"), null=True, blank=True)
    returned_rate = models.FloatField(_("returned to the centre"), null=True, blank=True)
    # What the rates are worked out from (cases with a deadline, of them on time, …).
    counts = models.JSONField(_("counts"), default=dict)
    # Each measure's points out of its weight, and the total out of 100.
    points = models.JSONField(_("points per measure"), default=dict)
    score = models.FloatField(_("score"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("department scorecard")
        verbose_name_plural = _("department scorecards")
        ordering = ["-month", "rank", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "department"], name="unique_scorecard_month_department"
            ),
        ]
        indexes = [
            models.Index(fields=["month", "rank"], name="scorecard_month_rank_idx"),
            models.Index(fields=["department", "month"], name="scorecard_department_idx"),
        ]

    def __str__(self):
        return f"{self.department} · {self.month:%Y-%m}"
