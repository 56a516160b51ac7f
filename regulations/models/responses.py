"""The government's response after a comment period: an answer to each opinion (adopted, partly
adopted or not adopted, with the reasons), a summary of what was heard on each article, and the
response as a whole, published once. Kept apart from the page so that publishing a page revision
never undoes a published response."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .opinions import Opinion
from .pages import RegulationPage

MAX_ANSWER = 2000


class OpinionAnswer(models.Model):
    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    opinion = models.OneToOneField(
        Opinion, verbose_name=_("opinion"), on_delete=models.CASCADE, related_name="answer"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    reason = models.TextField(_("reasons"), max_length=MAX_ANSWER)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("answer to an opinion")
        verbose_name_plural = _("answers to opinions")

    def __str__(self):
        return f"{self.opinion.receipt}: {self.get_outcome_display()}"


class ArticleSummary(models.Model):
    """What was heard about one article ("" = the whole draft), in a few sentences."""

    regulation = models.ForeignKey(
        RegulationPage,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="article_summaries",
    )
    article_id = models.CharField(_("article"), max_length=36, blank=True)
    summary = models.TextField(_("summary"), max_length=MAX_ANSWER)

    class Meta:
        verbose_name = _("article summary")
        verbose_name_plural = _("article summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "article_id"], name="article_summary_once"
            )
        ]

    def __str__(self):
        return self.summary[:60]


class RegulationResponse(models.Model):
    """The published response to a comment period; there is one per regulation."""

    regulation = models.OneToOneField(
        RegulationPage,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    summary = models.TextField(
        _("overall summary"),
        max_length=5000,
        help_text=_("What was heard and what changes as a result, in plain words."),
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("response to the comments")
        verbose_name_plural = _("responses to the comments")

    def __str__(self):
        return str(self.regulation)
