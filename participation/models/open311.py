"""What the Open311 GeoReport v2 API (`participation.open311`) needs beyond cases: the keys client
applications post with, the extra questions a category asks (the spec's service attributes), and
what a client sent with each request it created."""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.models import Orderable

from modelcluster.fields import ParentalKey

from .cases import Case
from .structure import Category

KEY_PREFIX = "wz_"


def hash_key(raw: str) -> str:
    """Keys are long random strings, so one SHA-256 is enough to store them safely and to find a
    key by its hash in one indexed lookup (a slow password hash would only slow every request)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(models.Model):
    """A client application allowed to post service requests. Only the key's hash is kept: the
    key itself is shown once, when it is made. Keys are revoked, never deleted (cases keep a
    record of the key that created them)."""

    name = models.CharField(
        _("client application"),
        max_length=120,
        help_text=_("Who uses this key, e.g. “Tongxiang city hotline system”."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Who to call or email about this client. Staff only."),
    )
    prefix = models.CharField(
        _("key starts with"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the key, to tell keys apart."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"),
        default=60,
        validators=[MinValueValidator(1)],
        help_text=_("Requests made with this key above this number in a minute are refused."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CategoryAttribute(Orderable):
    """An extra question a category asks (an Open311 service attribute), e.g. “Is anyone hurt?”."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLEVALUELIST = "singlevaluelist", _("Choose one")
        MULTIVALUELIST = "multivaluelist", _("Choose any")

    LIST_TYPES = (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST)

    category = ParentalKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="attributes",
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("A short, stable identifier; clients send the answer as attribute[code]."),
    )
    description = models.CharField(
        _("question (Chinese)"), max_length=300, help_text=_("The question, in Chinese.")
    )
    description_en = models.CharField(
        _("question (English)"),
        max_length=300,
        blank=True,
        help_text=_("Leave blank to ask in Chinese."),
    )
    datatype = models.CharField(
        _("kind of answer"), max_length=20, choices=Datatype.choices, default=Datatype.STRING
    )
    required = models.BooleanField(_("required"), default=False)
    variable = models.BooleanField(
        _("asks for an answer"),
        default=True,
        help_text=_("Untick for a notice that is only shown, never answered."),
    )
    datatype_description = models.CharField(
        _("answer hint"),
        max_length=200,
        blank=True,
        help_text=_("How to answer, e.g. “in metres”."),
    )
    values = models.TextField(
        _("choices"),
        blank=True,
        help_text=_(
            "For “Choose one” and “Choose any”: one choice per line, as "
            "key | Chinese name | English name (the English name may be left out)."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="unique_category_attribute_code"
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def localized_description(self) -> str:
        if self.description_en and (get_language() or "en").startswith("en"):
            return self.description_en
        return self.description

    def choices(self) -> list[tuple[str, str]]:
        """The list's (key, name) pairs, names in the reader's language."""
        english = (get_language() or "en").startswith("en")
        pairs = []
        for line in self.values.splitlines():
            parts = [part.strip() for part in line.split("|")]
            if not parts[0]:
                continue
            name_zh = parts[1] if len(parts) > 1 and parts[1] else parts[0]
            name_en = parts[2] if len(parts) > 2 and parts[2] else ""
            pairs.append((parts[0], name_en if english and name_en else name_zh))
        return pairs

    def clean(self):
        super().clean()
        if self.datatype in self.LIST_TYPES:
            keys = [key for key, _name in self.choices()]
            if not keys:
                raise ValidationError({"values": _("Give at least one choice.")})
            if len(set(keys)) != len(keys):
                raise ValidationError({"values": _("Each choice needs its own key.")})
            bad = [key for key in keys if not re.fullmatch(r"[\w-]{1,40}", key)]
            if bad:
                raise ValidationError(
                    {
                        "values": _(
                            "A key is a short word without spaces (letters, digits, - or _): "
                            "%(key)s"
                        )
                        % {"key": bad[0]}
                    }
                )
        elif self.values.strip():
            raise ValidationError({"values": _("Only “Choose one” and “Choose any” have choices.")})
        if not self.variable and self.required:
            raise ValidationError(
                {"required": _("A notice that is not answered cannot be required.")}
            )


class Open311Request(models.Model):
    """What a client application sent with a request it created. Contact details are private:
    staff see them on the case, the API never returns them."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="open311"
    )
    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("API key"), on_delete=models.PROTECT, related_name="requests"
    )
    token = models.CharField(_("token"), max_length=40, unique=True)
    email = models.EmailField(_("email"), blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    account_id = models.CharField(_("account id"), max_length=100, blank=True)
    media_url = models.URLField(
        _("media URL"),
        max_length=500,
        blank=True,
        help_text=_("A link the client sent. Never fetched or shown in public."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")

    def __str__(self):
        return f"{self.case_id} · {self.api_key_id}"

    @property
    def contact_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)
