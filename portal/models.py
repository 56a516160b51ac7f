from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .managers import UserManager


class User(AbstractUser):
    """A person with an account. Logs in by email or mobile number (at least one of them);
    everything public shows `public_name`."""

    username = None
    email = models.EmailField(
        _("email address"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Used to log in and for notifications. Never shown publicly."),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("The name shown where you choose to be named. Leave blank to stay anonymous."),
    )
    # E.164 (portal.phones); changed only through allauth's change-number flow (a code is sent
    # to the new number), so a number on an account is its holder's.
    phone = models.CharField(
        _("mobile number"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Used to log in and for text messages. Never shown publicly."),
    )
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)
    # Short notices by text message: on for people without an email address, and for anyone
    # who asks for them; `muted_sms_kinds` turns kinds off, like `muted_email_kinds`.
    sms_notices = models.BooleanField(_("notices by text message"), default=False)
    muted_sms_kinds = models.JSONField(_("text messages turned off"), default=list, blank=True)
    # A string reference, not an import: the grid lives in participation (see docs/decisions.md).
    home_grid = models.ForeignKey(
        "participation.Grid",
        verbose_name=_("home grid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
        help_text=_("The grid you live in. Helps us route your reports and show local news."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
        help_text=_("The language of the emails we send you."),
    )
    on_leaderboard = models.BooleanField(
        _("show me on the leaderboards"),
        default=False,
        help_text=_(
            "Your display name and points of the month on the town's and your grid's "
            "leaderboards. Off unless you turn it on."
        ),
    )
    # Kinds of notification (portal.notifications.KINDS) this person gets on-site only.
    muted_email_kinds = models.JSONField(_("emails turned off"), default=list, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique"),
        ]
        permissions = [
            ("view_phone_number", "Can see residents' whole mobile numbers"),
        ]

    def __str__(self):
        return self.display_name or self.account_label

    def clean(self):
        super().clean()
        self._normalize_email()

    def save(self, *args, **kwargs):
        # No address is NULL, never "": many accounts have none, and the address is unique.
        self._normalize_email()
        super().save(*args, **kwargs)

    def _normalize_email(self):
        self.email = (self.email or "").strip().lower() or None

    @property
    def account_label(self) -> str:
        """How staff screens name the account: its email address, else its masked number."""
        from .phones import mask

        return self.email or mask(self.phone)

    def get_full_name(self):
        return self.display_name or super().get_full_name() or self.account_label

    @property
    def public_name(self) -> str:
        """The name shown where this person chose to be named: never their email address."""
        return self.display_name or str(_("A resident"))

    def get_short_name(self):
        return self.display_name or self.first_name or self.account_label.split("@")[0]


class BilingualName(models.Model):
    """A name kept in Chinese (the official name) and English, shown in the reader's language."""

    name = models.CharField(
        _("name (Chinese)"), max_length=100, help_text=_("The official name, in Chinese.")
    )
    name_en = models.CharField(
        _("name (English)"),
        max_length=100,
        blank=True,
        help_text=_("Shown to English readers. Leave blank to show the Chinese name."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        return self.localize(self.names)

    @property
    def names(self) -> dict:
        """Both names, for storing where the reader's language is not known yet (a timeline
        entry says them in each reader's language later, with `localize`)."""
        return {"zh-hans": self.name, "en": self.name_en}

    @staticmethod
    def localize(names: dict) -> str:
        """The name for the current language from `names`: English where there is one and the
        reader reads English, else the Chinese name."""
        if names.get("en") and (get_language() or "en").startswith("en"):
            return names["en"]
        return names["zh-hans"]


class Notification(models.Model):
    """A message to one person: shown in their on-site inbox and sent by email.

    `key` names the occurrence (e.g. ``case-event:42:7``), so telling someone twice writes once.
    """

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=40,
        blank=True,
        help_text=_("What the message is about; people can turn kinds of email off."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    # While a worker sends the email; a claim older than a task may run is a dead worker's.
    email_claimed_at = models.DateTimeField(_("email being sent since"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
            )
        ]

    def __str__(self):
        return self.subject


class TextMessage(models.Model):
    """One text message to one mobile number, sent by the task worker (portal.sms).

    `key` names what it is for (``notification:42``, ``code:…``), so asking twice sends once; the
    send is claimed with a conditional update, so two workers never both send it, and a claim
    whose worker died is taken over once older than any task may run (portal.sms.send_queued).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=120, unique=True)
    to = models.CharField(_("to"), max_length=16)
    template = models.CharField(_("template"), max_length=20)
    # A code's text and parameters are cleared once it is sent: codes are not kept.
    text = models.CharField(_("text"), max_length=500, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # When a worker claimed it (status "sending"); a claim older than a task may run is a dead
    # worker's, and the task's next run sends it.
    claimed_at = models.DateTimeField(_("being sent since"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.key


class PendingTask(models.Model):
    """A task the broker could not take (Redis unreachable when its transaction committed). The
    scheduler's `portal.tasks.enqueue_pending` hands it to the broker again once it answers, so
    a Redis outage delays work instead of losing it. Tasks are idempotent: handing one over twice
    (a crash between the hand-over and the delete) does no harm."""

    func = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    name = models.CharField(_("name"), max_length=200)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name
