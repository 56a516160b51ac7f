"""What residents say about a draft: opinions on the whole draft or one article, replies to them
(one level), “I agree” marks and abuse flags. Rows are never deleted by their authors: a
withdrawn or hidden opinion keeps its row (and receipt number) with its status."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .pages import RegulationPage
from .versions import RegulationVersion

MAX_TEXT = 5000
MAX_REPLY = 2000


class Opinion(models.Model):
    class Stance(models.TextChoices):
        SUPPORT = "support", _("Support")
        OPPOSE = "oppose", _("Oppose")
        CHANGE = "change", _("Suggest a change")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    regulation = models.ForeignKey(
        RegulationPage,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        related_name="opinions",
    )
    version = models.ForeignKey(
        RegulationVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    article_id = models.CharField(
        _("article"),
        max_length=36,
        blank=True,
        help_text=_("The article's id in the text; empty for an opinion on the whole draft."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="regulation_opinions",
    )
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices)
    text = models.TextField(_("opinion"), max_length=MAX_TEXT)
    proposed_wording = models.TextField(_("proposed wording"), max_length=MAX_TEXT, blank=True)
    show_name = models.BooleanField(_("show my name"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    receipt = models.CharField(_("receipt number"), max_length=30, unique=True)
    submission_token = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same form sent twice (a double tap) makes one opinion.
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="opinion_submission_once"
            ),
            models.CheckConstraint(
                condition=Q(status="hidden") | Q(hidden_reason=""),
                name="opinion_reason_only_when_hidden",
            ),
        ]
        indexes = [
            models.Index(fields=["regulation", "status", "article_id"], name="opinion_article_idx"),
            models.Index(fields=["author", "-created_at"], name="opinion_author_idx"),
            models.Index(fields=["status", "-created_at"], name="opinion_moderation_idx"),
        ]

    def __str__(self):
        return self.receipt

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.PUBLISHED


class OpinionReply(models.Model):
    """A reply to an opinion. Replies cannot be replied to."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="regulation_replies",
    )
    text = models.TextField(_("reply"), max_length=MAX_REPLY)
    show_name = models.BooleanField(_("show my name"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    submission_token = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_token"], name="opinion_reply_submission_once"
            )
        ]

    def __str__(self):
        return f"{self.opinion.receipt}: {self.text[:40]}"


class OpinionAgreement(models.Model):
    """“I agree”: one per person and opinion."""

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.CASCADE, related_name="agreements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["opinion", "user"], name="opinion_agreement_once")
        ]

    def __str__(self):
        return f"{self.user} agrees with {self.opinion_id}"


class OpinionFlag(models.Model):
    """A report that an opinion breaks the rules, for the moderators."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or offensive")
        PERSONAL = "personal", _("Gives someone's personal details")
        SPAM = "spam", _("Advertising or spam")
        OFF_TOPIC = "off_topic", _("Not about this regulation")

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.CASCADE, related_name="flags"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("flagged by"), on_delete=models.CASCADE
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["opinion", "user"], name="opinion_flag_once")
        ]
        indexes = [models.Index(fields=["resolved_at"], name="opinion_flag_open_idx")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.opinion_id}"
