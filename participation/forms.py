from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal import forms as portal_forms
from portal.phones import MobileNumberField

from .models import Case, Category, CategoryAttribute, Community, Department, Evaluation
from .models.cases import DESCRIPTION_MAX_LENGTH, UPDATE_MAX_LENGTH
from .open311 import w3c
from .selectors import categories_by_platform, categories_with_questions
from .services import MAX_PHOTOS


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (see portal.forms.add_service_errors); a
    pin's "location" belongs to the latitude field, a question's answer to its own field."""

    def target(field):
        field = "latitude" if field == "location" else field
        if hasattr(form, "question_field"):
            return form.question_field(field) or field
        return field

    portal_forms.add_service_errors(form, error, target)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that takes several files; the service checks and rebuilds each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _question_field(question: CategoryAttribute) -> forms.Field:
    """A form field for a category's extra question. Never required here: only the chosen
    category's questions count, and the service says which are missing."""
    Datatype = CategoryAttribute.Datatype
    label = question.localized_description
    if not question.required:
        label = _("%(question)s (optional)") % {"question": label}
    options = {
        "label": label,
        "required": False,
        "help_text": question.datatype_description,
    }
    if question.datatype == Datatype.SINGLEVALUELIST:
        return forms.ChoiceField(choices=question.choices(), widget=forms.RadioSelect, **options)
    if question.datatype == Datatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(
            choices=question.choices(), widget=forms.CheckboxSelectMultiple, **options
        )
    if question.datatype == Datatype.NUMBER:
        return forms.DecimalField(**options)
    if question.datatype == Datatype.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
            **options,
        )
    if question.datatype == Datatype.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **options)
    return forms.CharField(max_length=200, **options)


class ReportForm(forms.Form):
    """What a resident fills in. Only these fields are read: status, department and reporter
    are never taken from the request."""

    category = forms.ModelChoiceField(
        label=_("What kind of problem is it?"),
        queryset=Category.objects.filter(is_active=True).select_related("platform"),
        empty_label=_("— Choose a category —"),
        error_messages={"required": _("Choose what kind of problem this is.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Case.Urgency.choices,
        initial=Case.Urgency.ROUTINE,
        widget=forms.RadioSelect,
        help_text=_("Emergency: a danger to people right now, such as an open manhole."),
    )
    title = forms.CharField(
        label=_("Title"),
        min_length=4,
        max_length=120,
        help_text=_("A short summary, e.g. “Manhole cover missing outside No. 12”."),
        error_messages={"required": _("Give the problem a short title.")},
    )
    description = forms.CharField(
        label=_("What is wrong?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Describe the problem and exactly where it is (at most 4,000 characters)."),
        error_messages={"required": _("Describe the problem.")},
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        error_messages={"required": _("Put a pin on the map where the problem is.")},
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        error_messages={"required": _("Put a pin on the map where the problem is.")},
    )
    address = forms.CharField(
        label=_("Address or landmark (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    photos = MultipleFileField(
        # The count is filled in per request (see __init__), in the reader's language.
        label=_("Photos (optional, up to %(count)s)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
        help_text=_("JPEG, PNG, WebP or HEIC. Location data in the photo is removed."),
    )
    voice = forms.FileField(
        label=_("Voice note (optional, up to 2 minutes)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    show_reporter_name = forms.BooleanField(
        label=_("Show my display name on the public case page"),
        required=False,
        help_text=_("Off: the public sees “a resident of grid N”. Staff always see who you are."),
    )
    # One per report: made by the server for the page, and by the browser for each report it
    # keeps while offline (static/js/report_drafts.js). The same report sent twice is one case.
    idempotency_key = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _(
                "This report's key is not valid. Reload the page and send the report again."
            )
        },
    )
    # Reporting for a neighbour (housekeepers only: see __init__; the hotline form keeps them).
    neighbour_phone = MobileNumberField(
        label=_("Their mobile number"),
        required=False,
        help_text=_(
            "We text them the case number, and a link to evaluate the repair. Never public."
        ),
    )
    neighbour_consent = forms.BooleanField(
        label=_("They agreed to get text messages about this case"),
        required=False,
    )

    def __init__(self, *args, for_neighbour=False, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels are questions; no colon after them
        super().__init__(*args, **kwargs)
        if not for_neighbour:
            del self.fields["neighbour_phone"]
            del self.fields["neighbour_consent"]
        self.fields["photos"].label = _("Photos (optional, up to %(count)s)") % {
            "count": MAX_PHOTOS
        }
        self.fields["photos"].widget.attrs["data-max"] = MAX_PHOTOS  # for the thumbnails
        field = self.fields["category"]
        field.choices = [("", field.empty_label)] + [
            (platform.localized_name, [(c.pk, c.localized_name) for c in categories])
            for platform, categories in categories_by_platform()
        ]

        self.question_groups = []
        for category in categories_with_questions():
            names = []
            for question in category.attributes.all():
                if question.variable:
                    name = f"q_{category.pk}_{question.code}"
                    self.fields[name] = _question_field(question)
                    names.append(name)
            self.question_groups.append((category, [self[name] for name in names]))

    def question_field(self, service_field: str) -> str | None:
        """The form field for a service error on ``attribute[code]`` of the chosen category."""
        category = self.cleaned_data.get("category")
        if category is None or not service_field.startswith("attribute["):
            return None
        name = f"q_{category.pk}_{service_field[len('attribute[') : -1]}"
        return name if name in self.fields else None

    def submission(self) -> dict:
        """What `case_submit` takes: the report's fields, and the answers to the chosen
        category's questions (the service checks them; answers for other categories are
        dropped)."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("q_")}
        prefix = f"q_{data['category'].pk}_"
        answers = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(prefix) and value not in (None, "", []):
                if hasattr(value, "isoformat"):
                    value = w3c.as_text(value)
                answers[name[len(prefix) :]] = value if isinstance(value, list) else str(value)
        data["attributes"] = answers
        return data

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        if len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Attach at most %(count)s photos.") % {"count": MAX_PHOTOS}
            )
        return photos


class CaseFilterForm(forms.Form):
    """The public list's filters (GET). Invalid values are ignored, never an error page."""

    STATUS_CHOICES = [("", _("Any status")), ("open", _("Open"))] + list(Case.Status.choices)
    SORT_CHOICES = [
        ("newest", _("Newest")),
        ("updated", _("Recently updated")),
        ("affected", _("Most affected")),
    ]

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.select_related("platform"),
        required=False,
        empty_label=_("Any category"),
    )
    community = forms.ModelChoiceField(
        label=_("Village or community"),
        queryset=Community.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Any village or community"),
    )
    grid = forms.TypedChoiceField(label=_("Grid"), coerce=int, required=False, empty_value=None)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("Any department"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=[("", _("Any urgency"))] + list(Case.Urgency.choices),
        required=False,
    )
    date_from = forms.DateField(
        label=_("Reported from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Reported until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, grids=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["grid"].choices = [("", _("Any grid"))] + [
            (grid.number, str(grid)) for grid in grids
        ]

    def filters(self, grid_lookup) -> dict:
        """The valid filters as keyword arguments for `selectors.public_cases`."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        if "grid" in data:
            data["grid"] = grid_lookup(data["grid"])
        return data


class ConfirmOnSiteForm(forms.Form):
    seen = forms.BooleanField(
        label=_("I went there and saw that the problem is fixed"),
        error_messages={"required": _("Tick the box once you have seen the repair on site.")},
    )
    comment = forms.CharField(
        label=_("What you saw (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public case page."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CaseUpdateForm(forms.Form):
    """A public update from the reporter or a follower; the reporter of a resolved case can
    also say it is still not fixed."""

    text = forms.CharField(
        label=_("Your update"),
        max_length=UPDATE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “Still blocked this morning.” Shown on the public case page."),
    )
    photos = MultipleFileField(
        label=_("Photos (up to 2, optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
        help_text=_("Location data in a photo is removed."),
    )
    still_not_fixed = forms.BooleanField(
        label=_("It is still not fixed: reopen the case"),
        required=False,
        help_text=_("Add a photo that shows it. The department will have to fix it again."),
    )

    def __init__(self, *args, still_not_fixed=False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not still_not_fixed:
            del self.fields["still_not_fixed"]


class NotFixedForm(forms.Form):
    """A housekeeper found a repair not done: a note and a photo, for the linkage centre."""

    note = forms.CharField(
        label=_("What is still wrong?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the linkage centre, which reopens the case or looks into it."),
    )
    photos = MultipleFileField(
        label=_("A photo of what you found"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/heic", "capture": "environment"}
        ),
        help_text=_("Seen by the linkage centre; location data in it is removed."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Are you satisfied with the result?"),
        choices=Evaluation.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("If you are not satisfied, say what is still wrong."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
