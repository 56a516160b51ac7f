from django import forms
from django.utils.translation import gettext_lazy as _


class SectionFilterForm(forms.Form):
    """A section's filters. An unknown topic or year is not an error page: the form is invalid
    and the section shows everything, with the filter cleared."""

    tag = forms.ChoiceField(label=_("Topic"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, tags=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("All topics")), *tags]
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]

    def filters(self) -> dict:
        return {"tag": self.cleaned_data["tag"], "year": self.cleaned_data["year"]}
