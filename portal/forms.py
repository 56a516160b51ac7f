from django import forms
from django.utils.translation import gettext_lazy as _

from .ids import is_row_id
from .models import User


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of rows, which sends every value to the database: an id beyond
    64 bits makes SQLite raise OverflowError (a 500). Here a value that cannot be an id is an
    invalid choice before any query, with Django's own message."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value or ():
                if not is_row_id(item):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)


class SignupForm(forms.Form):
    """Extra fields on allauth's signup form (allauth calls `signup` after creating the user)."""

    display_name = forms.CharField(
        label=_("Display name (optional)"),
        max_length=60,
        required=False,
        help_text=_("Shown only where you choose to be named. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def signup(self, request, user):
        # The adapter has already registered the resident with this display name.
        return user


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "home_grid", "language", "on_leaderboard"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["home_grid"]
        field.empty_label = _("— Not set —")
        grids = field.queryset.select_related("community").order_by("community__name", "number")
        field.queryset = grids
        # Group the ~100 grids under their village or community so the list can be scanned.
        grouped: dict[str, list] = {}
        for grid in grids:
            grouped.setdefault(str(grid.community), []).append((grid.pk, str(grid)))
        field.choices = [("", field.empty_label), *grouped.items()]


class NotificationSettingsForm(forms.Form):
    """One checkbox per kind of notification: checked means “also by email”; for people with a
    verified mobile number, a second checkbox per kind that has text messages (``sms:<kind>``),
    and whether to get text messages at all."""

    def __init__(
        self, *args, kinds, muted=(), sms_kinds=None, sms_on=False, muted_sms=(), **kwargs
    ):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for kind, label in kinds.items():
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=kind not in muted
            )
        self.sms_kinds = sms_kinds or {}
        if self.sms_kinds:
            self.fields["sms_notices"] = forms.BooleanField(
                label=_("Send me short notices by text message"),
                required=False,
                initial=sms_on,
            )
            for kind, label in self.sms_kinds.items():
                self.fields[f"sms:{kind}"] = forms.BooleanField(
                    label=label, required=False, initial=kind not in muted_sms
                )

    def email_fields(self):
        return [self[name] for name in self.fields if name != "sms_notices" and ":" not in name]

    def sms_fields(self):
        return [self[name] for name in self.fields if name.startswith("sms:")]


def add_service_errors(form, error, target=None) -> None:
    """Show a service's ValidationError on the form: each message on its field if the form has
    it, otherwise above the form. `target(field)` may map a service's field name to the form's."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            name = target(field) if target else field
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
