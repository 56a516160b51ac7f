"""allauth's forms as the portal uses them. Kept apart from portal.forms, which allauth imports
while building these (its SIGNUP_FORM_CLASS)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import SignupForm


class ResidentSignupForm(SignupForm):
    """Sign up with a mobile number (a code by text message, no password needed) or an email
    address (with a password), or both."""

    field_order = ["phone", "email", "display_name", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        kwargs["email_required"] = False
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Mobile number")
        self.fields["phone"].help_text = _("We text you a code to confirm it. E.g. 138 1234 5678.")
        self.fields["email"].label = _("Email (optional if you give a mobile number)")
        self.fields["password1"].label = _("Password (optional with a mobile number)")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("phone") and not data.get("email"):
            # On the first field, so it is announced with it (and the page says where).
            self.add_error(
                "phone",
                forms.ValidationError(
                    _("Give a mobile number or an email address."), code="no_contact"
                ),
            )
            return data
        if not data.get("phone") and not data.get("password1"):
            self.add_error(
                "password1", _("Choose a password: with an email address you log in with it.")
            )
        return data
