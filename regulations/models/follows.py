"""Residents following a regulation are told when its stage changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import RegulationPage, Stage


class RegulationFollow(models.Model):
    regulation = models.ForeignKey(
        RegulationPage,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="regulation_follows",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "user"], name="regulation_follow_once")
        ]

    def __str__(self):
        return f"{self.user} follows {self.regulation}"


class StageChange(models.Model):
    """The regulation's stages as published, in order: its public history, and what followers
    are told about (once per change)."""

    regulation = models.ForeignKey(
        RegulationPage,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    changed_at = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["regulation", "changed_at", "pk"]

    def __str__(self):
        return f"{self.regulation}: {self.get_stage_display()}"
