"""Mobile numbers: parsed with `phonenumbers`, stored in E.164 (+8613812341234), shown masked.

A number is personal data: never on a public page, feed, export or API answer, never logged, and
shown whole only to staff who need it to call back (`for_staff`).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize(value: str) -> str:
    """The E.164 form of a mobile number typed any usual way ("138 1234 1234",
    "+86 138-1234-1234", "008613812341234"); ValidationError, translated, if it is not one."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Enter a mobile number."), code="required")
    if len(value) > 30:
        raise ValidationError(_("Enter a valid mobile number."), code="invalid")
    try:
        number = phonenumbers.parse(value, settings.PORTAL_PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a valid mobile number."), code="invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid mobile number."), code="invalid")
    region = phonenumbers.region_code_for_number(number)
    if region not in settings.PORTAL_PHONE_REGIONS:
        raise ValidationError(
            _("We cannot send text messages to numbers of that country or region."),
            code="region",
        )
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(
            _("This is not a mobile number: we send the code by text message."),
            code="not_mobile",
        )
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def normalize_or_none(value: str) -> str | None:
    try:
        return normalize(value)
    except ValidationError:
        return None


def national(e164: str) -> str:
    """The number as people write it at home: 13812341234 for a Chinese mobile."""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL).replace(" ", "")


def mask(e164: str | None) -> str:
    """138****1234: enough to recognise one's own number, not enough to call it."""
    if not e164:
        return ""
    digits = national(e164) if e164.startswith("+") else e164
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def for_staff(e164: str | None, user) -> str:
    """The whole number for staff who call people back (the linkage centre, whose role has the
    permission), masked for everyone else."""
    if not e164:
        return ""
    if user.has_perm("portal.view_phone_number"):
        return national(e164)
    return mask(e164)


class MobileNumberField(forms.CharField):
    """A form field that accepts a mobile number written any usual way and cleans to E.164."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"},
            ),
        )
        kwargs.setdefault("help_text", _("E.g. 138 1234 5678."))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return normalize(value)
