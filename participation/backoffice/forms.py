"""Plain forms for moving a case through the workflow from the Wagtail admin (one per action)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ModelIdsField

from ..forms import MultipleFileField, MultipleFileInput, ReportForm
from ..models import Attachment, Case, CaseAssist, CaseUpdate, Category, Department, Grid
from ..selectors import case_by_reference
from ..services import STAFF_SOURCES

PUBLIC_MESSAGE_HELP = _("Shown on the public case page and emailed to the reporter and followers.")
INTERNAL_NOTE_HELP = _("Seen by staff only.")


def public_message_field(*, required=True, **kwargs):
    return forms.CharField(
        label=_("Public message"),
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PUBLIC_MESSAGE_HELP,
        **kwargs,
    )


def internal_note_field(label=None):
    return forms.CharField(
        label=label or _("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=INTERNAL_NOTE_HELP,
    )


class CaseActionForm(forms.Form):
    """Every action form carries the case version it was shown (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case


PUBLISH_REPORT_HELP = _(
    "The public sees the reporter's description and voice note only once the centre has read "
    "them. Untick if they name people or private details: edit the report first."
)


class DispatchForm(CaseActionForm):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(is_active=True)
    )
    public_message = public_message_field()
    internal_note = internal_note_field()
    publish_report = forms.BooleanField(
        label=_("Publish the reporter's description and voice note"),
        required=False,
        initial=True,
        help_text=PUBLISH_REPORT_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None and self.case.description_public:
            del self.fields["publish_report"]


class RejectForm(CaseActionForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Invalid, a duplicate, or not a governance matter. Staff only."),
    )
    public_message = public_message_field()


class AcceptForm(CaseActionForm):
    # Every change of status carries a message; the usual one is filled in, ready to send or edit.
    public_message = public_message_field(
        initial=_("The department has started work on this case.")
    )
    internal_note = internal_note_field()


class ReturnForm(CaseActionForm):
    reason = forms.CharField(
        label=_("Why is this not for your department?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=INTERNAL_NOTE_HELP,
    )


class ResolveForm(CaseActionForm):
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
    video = forms.FileField(
        label=_("Video of the result (optional, up to 1 minute)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
        help_text=_("MP4 or WebM. Location data in the video is removed."),
    )
    no_photo_reason = internal_note_field(_("No photo? Say why"))
    hazard_real = forms.TypedChoiceField(
        label=_("Was the hazard real?"),
        choices=[("yes", _("Yes: we found the hazard on site")), ("no", _("No hazard found"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "For this emergency. Only a real hazard earns the reporter the emergency bonus."
        ),
    )
    hazard_appeared_at = forms.DateTimeField(
        label=_("When did the hazard appear? (if you could tell)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_(
            "For this emergency, as found on site. A report within an hour of it earns the "
            "reporter a timeliness bonus."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is None or self.case.urgency != Case.Urgency.EMERGENCY:
            del self.fields["hazard_appeared_at"]
            del self.fields["hazard_real"]

    def clean_hazard_real(self):
        # Not answered: None, for the service to ask for (an empty choice is not "no").
        return self.cleaned_data["hazard_real"] if self.data.get("hazard_real") else None


class NoteForm(CaseActionForm):
    public_message = public_message_field(required=False)
    internal_note = internal_note_field()


class ReassignForm(CaseActionForm):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(is_active=True)
    )
    public_message = public_message_field()
    internal_note = internal_note_field()


class DeadlineForm(CaseActionForm):
    due_at = forms.DateTimeField(
        label=_("New deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=INTERNAL_NOTE_HELP
    )


class MergeForm(CaseActionForm):
    into = forms.CharField(
        label=_("The case this one repeats"),
        help_text=_("Its reference, e.g. WZ-2026-000123."),
        max_length=20,
    )
    reason = internal_note_field()

    def clean_into(self):
        reference = self.cleaned_data["into"].strip().upper()
        case = case_by_reference(Case.objects.all(), reference)
        if case is None:
            raise forms.ValidationError(
                _("There is no case %(reference)s.") % {"reference": reference}
            )
        return case


class HideForm(CaseActionForm):
    # Required, with the service's own words for what is missing (it checks again).
    reason = forms.CharField(
        label=_("Why take it off the public site?"),
        error_messages={"required": _("Give the reason for hiding the case.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "E.g. it names a person or shows a private home. Staff only; the reporter still "
            "sees the case."
        ),
    )


class PublishForm(CaseActionForm):
    internal_note = internal_note_field()


class RedactForm(CaseActionForm):
    """The public title and description, as the centre edits them; what the reporter wrote is
    kept for staff."""

    title = forms.CharField(label=_("Public title"), max_length=120)
    description = forms.CharField(
        label=_("Public description"), widget=forms.Textarea(attrs={"rows": 6})
    )
    reason = forms.CharField(
        label=_("Why edit it?"),
        error_messages={"required": _("Give the reason for editing the report.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. it gave a neighbour's name and phone number. Staff only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["title"].initial = self.case.title
            self.fields["description"].initial = self.case.description


class PublishReportForm(CaseActionForm):
    internal_note = internal_note_field()


class FileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()} · {obj.get_stage_display()} · #{obj.pk}"


class _FileForm(CaseActionForm):
    """One of the case's files; which ones are offered depends on the action."""

    offer_public = True

    attachment = FileChoiceField(
        label=_("File"), queryset=Attachment.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["attachment"].queryset = self.case.attachments.filter(
                is_public=self.offer_public
            )


class HideFileForm(_FileForm):
    reason = forms.CharField(
        label=_("Why take it off the public site?"),
        error_messages={"required": _("Give the reason for hiding the file.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. it shows a face or a number plate. Staff only."),
    )


class ShowFileForm(_FileForm):
    offer_public = False
    internal_note = internal_note_field()


class UpdateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.created_at:%Y-%m-%d %H:%M} · {obj.text[:80]}"


class HideUpdateForm(CaseActionForm):
    update = UpdateChoiceField(
        label=_("Update"), queryset=CaseUpdate.objects.none(), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why take it off the public site?"),
        error_messages={"required": _("Give the reason for hiding the update.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. it insults a neighbour. Staff only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["update"].queryset = self.case.updates.filter(is_hidden=False)


class AssistAddForm(CaseActionForm):
    department = forms.ModelChoiceField(
        label=_("Assisting department"), queryset=Department.objects.filter(is_active=True)
    )
    task = forms.CharField(
        label=_("What must it do?"),
        error_messages={"required": _("Say what the assisting department must do.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “Measure the extension and confirm it has no permit.”"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["department"].queryset = Department.objects.filter(is_active=True).exclude(
                pk=self.case.department_id
            )


class AssistRecordForm(CaseActionForm):
    note = forms.CharField(
        label=_("What did your department do?"),
        error_messages={"required": _("Say what your department did.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the lead department and the centre. Staff only."),
    )
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
    )


class AssistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.department} · {obj.task[:80]}"


class AssistWaiveForm(CaseActionForm):
    assist = AssistChoiceField(
        label=_("Part"), queryset=CaseAssist.objects.none(), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why is it no longer needed?"),
        error_messages={"required": _("Give the reason for waiving the part.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=INTERNAL_NOTE_HELP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["assist"].queryset = self.case.assists.filter(
                status=CaseAssist.Status.OPEN
            ).select_related("department")


class ApproveForm(CaseActionForm):
    # Left empty, each reader gets the standard sentence in their own language.
    public_message = public_message_field(required=False)
    internal_note = internal_note_field()


class SendBackForm(CaseActionForm):
    reason = forms.CharField(
        label=_("What is wrong with the repair?"),
        error_messages={"required": _("Say what is wrong with the repair.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The department is told. Staff only."),
    )
    public_message = public_message_field(required=False)


class ReopenForm(CaseActionForm):
    reason = forms.CharField(
        label=_("Why reopen it?"),
        error_messages={"required": _("Say why the case is reopened.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the housekeeper's photo shows the cover still missing. Staff only."),
    )
    public_message = public_message_field(required=False)


class ClearFlagForm(CaseActionForm):
    reason = forms.CharField(
        label=_("What did the centre find?"),
        error_messages={"required": _("Say what the centre found.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=INTERNAL_NOTE_HELP,
    )


class ReclassifyForm(CaseActionForm):
    """What the reporter chose, ready to correct: the category, the urgency, the pin or just
    the grid. Unchanged fields change nothing."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True)
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Case.Urgency.choices)
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
        help_text=_("Moves the pin to the middle of the grid."),
    )
    reason = forms.CharField(
        label=_("Why correct it?"),
        error_messages={"required": _("Give the reason for the correction.")},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Staff only. The reporter is told what changed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case is not None:
            for name in ("category", "urgency", "latitude", "longitude"):
                self.fields[name].initial = getattr(self.case, name)

    def clean(self):
        data = super().clean()
        case, grid = self.case, data.get("grid")
        same_pin = case is not None and (data.get("latitude"), data.get("longitude")) == (
            case.latitude,
            case.longitude,
        )
        if grid is not None and same_pin:
            data["latitude"] = data["longitude"] = None  # only the grid was changed
        elif data.get("latitude") is None or data.get("longitude") is None:
            data["latitude"] = data["longitude"] = None
        return data


class BulkForm(forms.Form):
    """Dispatch or reject the selected cases of the centre's queue in one go."""

    ACTIONS = [("dispatch", _("Dispatch")), ("reject", _("Reject"))]

    cases = ModelIdsField(
        label=_("Cases"),
        queryset=Case.objects.filter(status=Case.Status.SUBMITTED),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one case.")},
    )
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        empty_label=_("Each case's default department"),
    )
    public_message = public_message_field()
    reason = internal_note_field(_("Reason (for rejecting)"))
    publish_report = forms.BooleanField(
        label=_("Publish the reporters' descriptions and voice notes (when dispatching)"),
        required=False,
        initial=True,
        help_text=PUBLISH_REPORT_HELP,
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for rejecting the cases."))
        return data


class EnterForm(ReportForm):
    """A case the centre enters for someone. Where: a pin's coordinates, or just the grid (its
    middle is used) when a caller can only say which grid they are in."""

    source = forms.ChoiceField(
        label=_("Where did it come from?"),
        choices=[(s, label) for s, label in Case.Source.choices if s in STAFF_SOURCES],
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=_("Contact (staff only)"),
        required=False,
        max_length=200,
        help_text=_("The caller's name and phone number. Never public."),
    )
    requested_due_at = forms.DateTimeField(
        label=_("Inspector's time limit"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leadership inspections only."),
    )
    grid = forms.ModelChoiceField(
        label=_("Or just the grid"),
        queryset=Grid.objects.order_by("number"),
        required=False,
        help_text=_("When there are no coordinates; the middle of the grid is used."),
    )

    field_order = [
        "source",
        "contact",
        "neighbour_phone",
        "neighbour_consent",
        "requested_due_at",
        "category",
        "urgency",
        "title",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, for_neighbour=True, **kwargs)
        # A caller who gives a mobile number is texted the case number and the evaluation link.
        self.fields["neighbour_phone"].label = _("Caller's mobile number for text messages")
        self.fields["neighbour_consent"].label = _(
            "The caller agreed to get text messages about this case"
        )
        del self.fields["show_reporter_name"]
        del self.fields["voice"]
        del self.fields["idempotency_key"]  # a reporter's key; these cases have no reporter
        for name in ("latitude", "longitude"):
            self.fields[name].required = False


FORMS = {
    "dispatch": DispatchForm,
    "reject": RejectForm,
    "accept": AcceptForm,
    "return": ReturnForm,
    "resolve": ResolveForm,
    "note": NoteForm,
    "reassign": ReassignForm,
    "deadline": DeadlineForm,
    "merge": MergeForm,
    "hide": HideForm,
    "publish": PublishForm,
    "redact": RedactForm,
    "publish_report": PublishReportForm,
    "hide_file": HideFileForm,
    "show_file": ShowFileForm,
    "approve": ApproveForm,
    "send_back": SendBackForm,
    "reopen": ReopenForm,
    "clear_flag": ClearFlagForm,
    "reclassify": ReclassifyForm,
    "hide_update": HideUpdateForm,
    "assist_add": AssistAddForm,
    "assist_record": AssistRecordForm,
    "assist_waive": AssistWaiveForm,
}
