import json

from django.db import transaction
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from . import services, sms
from .models import User
from .phones import MobileNumberField, normalize_or_none
from .text import without_control_characters


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        if not commit:
            return super().save_user(request, user, form, commit=False)
        # The account and its Resident role are written together or not at all.
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=True)
            services.resident_register(
                user=user,
                display_name=form.cleaned_data.get("display_name", ""),
                language=get_language(),
            )
        return user

    def format_email_subject(self, subject):
        # In the reader's language, like the rest of the email (allauth renders it per request).
        return f"[{_('Wuzhen Housekeeper')}] {subject}"

    def get_signup_redirect_url(self, request):
        # A new resident is told what they can do next, whichever way they signed up.
        return reverse("portal:welcome")

    def get_email_verification_redirect_url(self, email_address):
        # A first address confirmed is a signup finishing; a changed address is not.
        if (
            not EmailAddress.objects.filter(user=email_address.user)
            .exclude(pk=email_address.pk)
            .exists()
        ):
            return reverse("portal:welcome")
        return super().get_email_verification_redirect_url(email_address)

    def get_login_stages(self):
        # An email address must be verified before its account signs in (our stage below);
        # an account with only a mobile number verifies that instead (allauth's phone stage).
        return [
            "portal.adapters.VerifiedEmailStage"
            if path.endswith(".EmailVerificationStage")
            else path
            for path in super().get_login_stages()
        ]

    # --- Mobile numbers (allauth's phone support; numbers in E.164, portal.phones) --------------

    def phone_form_field(self, **kwargs):
        return MobileNumberField(**kwargs)

    def get_phone(self, user):
        if user.phone:
            return user.phone, user.phone_verified
        return None

    def set_phone(self, user, phone, verified):
        with transaction.atomic():
            user.phone = phone
            user.phone_verified = verified
            # Without an email address, text messages are how this person hears from us.
            user.sms_notices = user.sms_notices or not user.email
            user.save(update_fields=["phone", "phone_verified", "sms_notices"])

    def set_phone_verified(self, user, phone):
        # Verifying a number moves it to this account (a change of number ends here).
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone):
        phone = normalize_or_none(phone)
        if phone is None:
            return None
        return User.objects.filter(phone=phone, is_active=True).first()

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        sms.queue(
            to=phone,
            template=sms.CODE,
            params={"code": code},
            text=_("Your Wuzhen Housekeeper code is %(code)s. It expires in 10 minutes.")
            % {"code": code},
        )

    def send_unknown_account_sms(self, phone, **kwargs):
        # Enumeration protection: the number is told, the page says nothing different.
        sms.queue(
            to=phone,
            template=sms.NOTICE,
            text=_(
                "Someone asked for a Wuzhen Housekeeper code for this number, which has no account."
            ),
        )

    def send_account_already_exists_sms(self, phone):
        sms.queue(
            to=phone,
            template=sms.NOTICE,
            text=_(
                "This number already has a Wuzhen Housekeeper account: sign in with it instead."
            ),
        )


class VerifiedEmailStage(EmailVerificationStage):
    """allauth's mandatory email verification, for accounts that have an email address; an
    account with only a mobile number has verified that instead (allauth's phone stage)."""

    def handle(self):
        user = self.login.user  # None when a signup repeats an address (enumeration prevention)
        if user is not None and not user.email and not user.emailaddress_set.exists():
            return None, True
        return super().handle()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        # A WeChat account is a resident too, named by its WeChat nickname (which it can change).
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            nickname = _wechat_nickname((sociallogin.account.extra_data or {}).get("nickname"))
            services.resident_register(
                user=user, display_name=nickname[:60], language=get_language()
            )
        return user


def _wechat_nickname(value) -> str:
    """allauth re-encodes WeChat's nickname for a mis-decoded answer; from a correctly decoded
    one that leaves \\uXXXX escapes, which are turned back into the characters here."""
    value = str(value or "")
    if "\\u" in value:
        try:
            value = json.loads(f'"{value}"')
        except ValueError:
            return ""
    return without_control_characters(value).strip()
