from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from allauth.account.adapter import DefaultAccountAdapter

from . import services


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
