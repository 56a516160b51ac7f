"""Reviews by invited experts (the Expert role), on one article or the whole draft. Shown with an
“expert” badge, or only to editors when the regulation's editor chose so."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .opinions import MAX_TEXT
from .pages import RegulationPage
from .versions import RegulationVersion


class ExpertReview(models.Model):
    regulation = models.ForeignKey(
        RegulationPage,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="expert_reviews",
    )
    version = models.ForeignKey(
        RegulationVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="expert_reviews",
    )
    article_id = models.CharField(_("article"), max_length=36, blank=True)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="expert_reviews",
    )
    text = models.TextField(_("review"), max_length=MAX_TEXT)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["regulation", "article_id"], name="expert_review_article_idx")
        ]

    def __str__(self):
        return f"{self.expert} on {self.regulation}"
