"""Roll-ups for the public statistics page (`/cases/statistics/`), kept by the hourly task
`participation.tasks.statistics_rollup` (see `participation.statistics`).

One row per month and per value of one breakdown: the whole town, one department (or "not yet
assigned"), one category or one grid. A page for a year reads about a thousand rows, whatever the
number of cases. Cases are counted in the month they were reported (local time), with what has
happened to them so far; hidden and private cases count too (a figure shows none of them).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .structure import Category, Department, Grid

# Upper edges (hours) of the handling-time histogram; a last bucket holds everything longer.
# The median is interpolated inside its bucket, so the page shows it as "about".
HANDLING_HOURS_BUCKETS = (1, 2, 4, 8, 12, 24, 36, 48, 72, 96, 120, 168, 240, 336, 504, 720)


class CaseMonthlyStat(models.Model):
    class Dimension(models.TextChoices):
        TOWN = "town", _("Whole town")
        DEPARTMENT = "department", _("Department")
        CATEGORY = "category", _("Category")
        GRID = "grid", _("Grid")

    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    dimension = models.CharField(_("breakdown"), max_length=20, choices=Dimension.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    grid = models.ForeignKey(
        Grid, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    received = models.PositiveIntegerField(_("received"), default=0)
    dispatched = models.PositiveIntegerField(_("dispatched"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    open = models.PositiveIntegerField(_("open"), default=0)
    resolved = models.PositiveIntegerField(_("resolved"), default=0)
    resolved_with_deadline = models.PositiveIntegerField(_("resolved with a deadline"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("resolved on time"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    # The centre's examination: repairs it checked, and those it approved at the first check.
    checked = models.PositiveIntegerField(_("repairs checked by the centre"), default=0)
    passed_first_check = models.PositiveIntegerField(
        _("repairs passed at the first check"), default=0
    )
    # Joint handling, counted for the assisting department (its own part), not the lead.
    assist_parts = models.PositiveIntegerField(_("assisting parts asked"), default=0)
    assist_parts_done = models.PositiveIntegerField(_("assisting parts done"), default=0)
    # Resolved cases by handling time (report → resolution), one count per HANDLING_HOURS_BUCKETS
    # bucket plus the last "longer" bucket.
    handling_histogram = models.JSONField(_("handling time histogram"), default=list)
    handling_hours_total = models.FloatField(_("handling hours (sum)"), default=0)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("monthly case statistic")
        verbose_name_plural = _("monthly case statistics")
        ordering = ["month", "dimension"]
        indexes = [
            models.Index(fields=["month", "dimension"], name="casestat_month_idx"),
            models.Index(fields=["computed_at"], name="casestat_computed_idx"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} · {self.dimension}"
