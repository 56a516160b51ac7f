from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .managers import UserManager

phone_validator = RegexValidator(
    regex=r"^\+?[0-9][0-9 \-]{5,19}$",
    message=_("Enter a phone number of 6 to 20 digits; it may start with + and contain spaces."),
)


class User(AbstractUser):
    """A person with an account. Logs in by email; everything public shows `public_name`."""

    username = None
    email = models.EmailField(
        _("email address"),
        unique=True,
        help_text=_("Used to log in and for notifications. Never shown publicly."),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("The name shown where you choose to be named. Leave blank to stay anonymous."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[phone_validator],
        help_text=_("Optional. Only staff handling your reports can see it."),
    )
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

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def get_full_name(self):
        return self.display_name or super().get_full_name() or self.email

    def get_short_name(self):
        return self.display_name or self.first_name or self.email.split("@")[0]


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
        if self.name_en and (get_language() or "en").startswith("en"):
            return self.name_en
        return self.name
