"""Plain forms for moving a case through the workflow from the Wagtail admin (one per action)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import MultipleFileField, MultipleFileInput
from .models import Department

PUBLIC_MESSAGE_HELP = _("Shown on the public case page and emailed to the reporter and followers.")
INTERNAL_NOTE_HELP = _("Seen by staff only.")


class DispatchForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(is_active=True)
    )
    public_message = forms.CharField(
        label=_("Public message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PUBLIC_MESSAGE_HELP,
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=INTERNAL_NOTE_HELP,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Invalid, a duplicate, or not a governance matter. Staff only."),
    )
    public_message = forms.CharField(
        label=_("Public message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PUBLIC_MESSAGE_HELP,
    )


class AcceptForm(forms.Form):
    public_message = forms.CharField(
        label=_("Public message (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PUBLIC_MESSAGE_HELP,
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=INTERNAL_NOTE_HELP,
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this not for your department?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=INTERNAL_NOTE_HELP,
    )


class ResolveForm(forms.Form):
    summary = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=PUBLIC_MESSAGE_HELP,
    )
    photos = MultipleFileField(
        label=_("Photos of the result"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
    )
    no_photo_reason = forms.CharField(
        label=_("No photo? Say why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=INTERNAL_NOTE_HELP,
    )


FORMS = {
    "dispatch": DispatchForm,
    "reject": RejectForm,
    "accept": AcceptForm,
    "return": ReturnForm,
    "resolve": ResolveForm,
}
