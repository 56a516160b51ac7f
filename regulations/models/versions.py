"""The published versions of a regulation. Each is a snapshot of the articles as readers saw them
(ids, numbers, headings, texts) at one stage; opinions belong to the version they were given on,
and any two versions can be compared article by article."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import RegulationPage, Stage


class RegulationVersion(models.Model):
    regulation = models.ForeignKey(
        RegulationPage,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    title = models.CharField(_("title"), max_length=255)
    articles = models.JSONField(
        _("articles"),
        default=list,
        help_text=_("The articles at this version: id, number, heading, text, chapter."),
    )
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("regulation version")
        verbose_name_plural = _("regulation versions")
        ordering = ["regulation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number"], name="regulation_version_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"

    def article(self, article_id: str) -> dict | None:
        return next((a for a in self.articles if a["id"] == article_id), None)
