from django.utils.translation import gettext as _

from allauth.account.adapter import DefaultAccountAdapter

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.resident_register(
                user=user, display_name=form.cleaned_data.get("display_name", "")
            )
        return user

    def format_email_subject(self, subject):
        # In the reader's language, like the rest of the email (allauth renders it per request).
        return f"[{_('Wuzhen Housekeeper')}] {subject}"
