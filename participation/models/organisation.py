"""The housekeepers' own organisation: residents apply to serve a grid, the grid leader (or a
dispatcher) decides, and the grid leader writes to the grid's housekeepers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .structure import Grid


class HousekeeperApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.CASCADE,
        related_name="housekeeper_applications",
    )
    note = models.TextField(
        _("about you"),
        max_length=1000,
        help_text=_("Why you want to serve the grid and when you are around."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("message to the applicant"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        verbose_name = _("housekeeper application")
        verbose_name_plural = _("housekeeper applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "applicant"],
                condition=models.Q(status="pending"),
                name="unique_pending_application",
            ),
        ]
        indexes = [models.Index(fields=["grid", "status"], name="application_grid_status_idx")]

    def __str__(self):
        return f"{self.applicant} → {self.grid}"


class GridMessage(models.Model):
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=4000)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message to a grid")
        verbose_name_plural = _("messages to grids")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["grid", "-sent_at"], name="gridmessage_grid_idx")]

    def __str__(self):
        return self.subject
