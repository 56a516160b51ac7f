"""Hotspots and special rectification campaigns.

A hotspot is a grid × category pair whose cases in the last 30 days exceed its own monthly average
over the six months before by the centre's threshold (`HotspotRule`); the rows of `Hotspot` are
recomputed by a scheduled task. From one (or from scratch) the centre launches a `Campaign`: an
area (grids), categories, a period and departments. New cases in the area and categories join it
by themselves (`CampaignCase`); the centre writes progress reports residents can follow."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case
from .structure import Category, Department, Grid


def text_for_reader(chinese: str, english: str) -> tuple[str, str]:
    from portal.translations import text_for_reader  # imports Wagtail's admin: not at load time

    return text_for_reader(chinese, english)


class HotspotRule(models.Model):
    """The centre's threshold (one row; the latest applies)."""

    ratio = models.DecimalField(
        _("threshold (times the usual)"),
        max_digits=4,
        decimal_places=2,
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A pair is a hotspot when its last 30 days exceed its monthly average by this."
        ),
    )
    minimum_cases = models.PositiveSmallIntegerField(
        _("at least this many cases"),
        default=5,
        help_text=_("Fewer cases in 30 days are never a hotspot, however few there were before."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("hotspot threshold")
        verbose_name_plural = _("hotspot thresholds")
        get_latest_by = "changed_at"

    def __str__(self):
        return f"× {self.ratio} (≥ {self.minimum_cases})"


class Hotspot(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+"
    )
    recent_cases = models.PositiveIntegerField(_("cases in the last 30 days"))
    monthly_average = models.FloatField(_("monthly average, 6 months before"))
    ratio = models.FloatField(_("times the usual"))
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    class Meta:
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        ordering = ["-ratio", "-recent_cases"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "category"], name="unique_hotspot_pair"),
        ]

    def __str__(self):
        return f"{self.grid} · {self.category}"


class Campaign(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    goal = models.TextField(_("goal and description (Chinese)"))
    goal_en = models.TextField(_("goal and description (English)"), blank=True)
    grids = models.ManyToManyField(Grid, verbose_name=_("area (grids)"), related_name="campaigns")
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), related_name="campaigns"
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="led_campaigns",
    )
    joint_departments = models.ManyToManyField(
        Department, verbose_name=_("joint departments"), blank=True, related_name="joint_campaigns"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    closing_report = models.TextField(_("closing report (Chinese)"), blank=True)
    closing_report_en = models.TextField(_("closing report (English)"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("launched"), default=timezone.now)
    cases = models.ManyToManyField(
        Case, through="CampaignCase", related_name="campaigns", verbose_name=_("cases")
    )

    class Meta:
        verbose_name = _("rectification campaign")
        verbose_name_plural = _("rectification campaigns")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "starts_on", "ends_on"], name="campaign_period_idx"),
        ]

    def __str__(self):
        return self.reader_title[0]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("participation:campaign_detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    # (text, language code) in the reader's language, or in the other where it has none.
    @property
    def reader_title(self) -> tuple[str, str]:
        return text_for_reader(self.title, self.title_en)

    @property
    def reader_goal(self) -> tuple[str, str]:
        return text_for_reader(self.goal, self.goal_en)

    @property
    def reader_closing_report(self) -> tuple[str, str]:
        return text_for_reader(self.closing_report, self.closing_report_en)


class CampaignCase(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="memberships")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="campaign_memberships")
    added_at = models.DateTimeField(_("joined"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the case joined by itself."),
    )

    class Meta:
        verbose_name = _("campaign case")
        verbose_name_plural = _("campaign cases")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "case"], name="unique_campaign_case"),
        ]
        indexes = [models.Index(fields=["campaign", "added_at"], name="campaigncase_added_idx")]

    def __str__(self):
        return f"{self.campaign} · {self.case}"


class CampaignReport(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="reports"
    )
    text = models.TextField(_("report (Chinese)"))
    text_en = models.TextField(_("report (English)"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("campaign progress report")
        verbose_name_plural = _("campaign progress reports")
        ordering = ["-published_at"]

    def __str__(self):
        return f"{self.campaign} · {self.published_at:%Y-%m-%d}"

    @property
    def reader_text(self) -> tuple[str, str]:
        return text_for_reader(self.text, self.text_en)


class CampaignFollow(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="unique_campaign_follow"),
        ]

    def __str__(self):
        return f"{self.user} · {self.campaign}"
