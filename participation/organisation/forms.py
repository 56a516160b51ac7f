"""Forms of the housekeepers' organisation: the application, the decision, the grid message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Grid, GridMessage, HousekeeperApplication


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ApplicationForm(_Form):
    grid = forms.ModelChoiceField(
        queryset=Grid.objects.all(),
        label=_("Which grid would you like to serve?"),
        empty_label=_("Choose a grid"),
        help_text=_("Usually the grid you live in."),
    )
    note = forms.CharField(
        label=_("About you"),
        max_length=HousekeeperApplication._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why you want to serve the grid, and when you are around. Only the grid leader and "
            "the linkage centre read it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Grids grouped under their village or community, as residents look for them.
        field, groups = self.fields["grid"], {}
        for grid in Grid.objects.select_related("community").order_by("community__code", "number"):
            groups.setdefault(grid.community, []).append((grid.pk, str(grid)))
        field.choices = [("", field.empty_label)] + [
            (community.localized_name, grids) for community, grids in groups.items()
        ]


class DecisionForm(_Form):
    DECISIONS = [("approve", _("Approve")), ("decline", _("Decline"))]

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Message to the applicant (optional)"),
        max_length=HousekeeperApplication._meta.get_field("decision_note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GridMessageForm(_Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=GridMessage._meta.get_field("subject").max_length,
        error_messages={"required": _("Give the message a subject.")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=GridMessage._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the message.")},
        help_text=_("Sent to every housekeeper of the grid, in their inbox and by email."),
    )
