"""The form a town leader (or the centre for one) records an inspection with: the list, and one
small form per problem in a formset (“add another problem”). Only shape is checked here; the
rules (a department, a time limit in the future, the leader) are the service's."""

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Category, Department, Grid
from ..selectors import categories_by_platform
from . import selectors
from .services import MAX_ITEMS

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class ProblemListForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What the inspection was, e.g. “Old town walk”."),
        error_messages={"required": _("Give the list a title, e.g. the inspection's route.")},
    )
    inspected_on = forms.DateField(
        label=_("Inspection date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date of the inspection.")},
    )
    leader = forms.ModelChoiceField(
        label=_("Town leader"),
        queryset=selectors.town_leaders(),
        help_text=_("The leader who handed the list down."),
        error_messages={"required": _("Choose a town leader.")},
    )
    description = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the list as a whole should say: who came along, what to watch."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_on"].initial = timezone.localdate()
        if selectors.may_record_for_others(user):
            self.fields["leader"].queryset = selectors.town_leaders()
            if selectors.is_town_leader(user):
                self.fields["leader"].initial = user.pk
        else:
            # A leader records their own lists: they are the leader.
            del self.fields["leader"]


class ProblemListItemForm(forms.Form):
    title = forms.CharField(
        label=_("Problem"),
        min_length=4,
        max_length=120,
        help_text=_("A short summary, e.g. “Broken railing on Tongji Bridge”."),
        error_messages={"required": _("Give the problem a short title.")},
    )
    description = forms.CharField(
        label=_("What must be done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public case page."),
        error_messages={"required": _("Describe the problem and exactly where it is.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        error_messages={"required": _("Choose what kind of problem this is.")},
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(is_active=True).order_by("name_en", "name"),
        help_text=_("It gets the case at once, without waiting in the centre's queue."),
        error_messages={"required": _("Choose the department that must fix it.")},
    )
    due_at = forms.DateTimeField(
        label=_("Time limit"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("When it must be resolved; used instead of the category's time limit."),
        error_messages={"required": _("Give the time limit.")},
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False
    )
    grid = forms.ModelChoiceField(
        label=_("Or just the grid"),
        queryset=Grid.objects.order_by("number"),
        required=False,
        help_text=_("When there are no coordinates; the middle of the grid is used."),
    )
    address = forms.CharField(
        label=_("Address or landmark (optional)"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        field.choices = [("", "—")] + [
            (platform.localized_name, [(c.pk, c.localized_name) for c in categories])
            for platform, categories in categories_by_platform()
        ]

    def clean(self):
        data = super().clean()
        has_point = data.get("latitude") is not None and data.get("longitude") is not None
        if not has_point and data.get("grid") is None and not self.errors:
            self.add_error("latitude", _("Give the coordinates or choose the grid."))
        return data


class BaseProblemListItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.filled():
            raise forms.ValidationError(_("Add at least one problem to the list."))

    def filled(self) -> list[tuple[int, dict]]:
        """(index, data) of each item filled in; blank extra forms are left out."""
        return [
            (index, form.cleaned_data)
            for index, form in enumerate(self.forms)
            if form.has_changed() and form.cleaned_data
        ]


ProblemListItemFormSet = formset_factory(
    ProblemListItemForm,
    formset=BaseProblemListItemFormSet,
    extra=1,
    max_num=MAX_ITEMS,
    validate_max=True,
    absolute_max=MAX_ITEMS,
)
