"""Forms for the centre's campaign screens. They parse what was typed; the services decide (and
refuse with a clear message, shown on the form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.widgets import AdminDateInput

from ..models import Campaign, Case, Department, Grid

ADMIN_CSS = forms.Media(css={"all": ["css/admin-campaigns.css"]})


class Checklist(forms.CheckboxSelectMultiple):
    """Check boxes in a box of their own that scrolls when the list is long."""

    def __init__(self, attrs=None, **kwargs):
        super().__init__({"class": "campaign-checklist", **(attrs or {})}, **kwargs)


class CampaignForm(forms.ModelForm):
    """Launch or edit a campaign: both languages where the page has both."""

    class Meta:
        model = Campaign
        fields = [
            "title",
            "title_en",
            "goal",
            "goal_en",
            "grids",
            "categories",
            "starts_on",
            "ends_on",
            "lead_department",
            "joint_departments",
            "is_public",
            "slug",
        ]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 5}),
            "goal_en": forms.Textarea(attrs={"rows": 5}),
            "grids": Checklist,
            "categories": Checklist,
            "joint_departments": Checklist,
            "starts_on": AdminDateInput,
            "ends_on": AdminDateInput,
        }
        help_texts = {
            "title": _("As residents will read it, e.g. 河道垃圾专项整治."),
            "title_en": _("For English readers; leave blank to show the Chinese title."),
            "goal": _("Shown on the public page: what the campaign sets out to fix, and how."),
            "goal_en": _("For English readers; leave blank to show the Chinese text."),
            "grids": _("The area: cases reported in these grids can join the campaign."),
            "categories": _("Cases of these categories in the area join the campaign."),
            "starts_on": _("Cases reported from this day on join by themselves."),
            "ends_on": _("The last day a new case joins by itself."),
            "lead_department": _("The department answerable for the campaign."),
            "joint_departments": _("Departments that take part alongside the lead."),
            "is_public": _("Untick to keep the campaign off the public site."),
            "slug": _(
                "The end of the page's address (/campaigns/…/): letters, digits and hyphens. "
                "Leave blank to make one from the English title."
            ),
        }

    @property
    def media(self):
        return super().media + ADMIN_CSS

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        grids = list(Grid.objects.select_related("community").order_by("community__code", "number"))
        self.fields["grids"].queryset = Grid.objects.all()
        # Grouped by village or community, so the area is found quickly among a hundred grids.
        groups: dict = {}
        for grid in grids:
            groups.setdefault(str(grid.community), []).append((grid.pk, str(grid)))
        self.fields["grids"].choices = list(groups.items())
        self.fields["categories"].queryset = self.fields["categories"].queryset.select_related(
            "platform"
        )
        active = Department.objects.filter(is_active=True)
        self.fields["lead_department"].queryset = active
        self.fields["joint_departments"].queryset = active


class CampaignCasesForm(forms.Form):
    """The checklist of open cases to add (its choices are set by the view)."""

    cases = forms.ModelMultipleChoiceField(
        label=_("Open cases of the area and categories, not in the campaign yet"),
        queryset=Case.objects.none(),
        widget=Checklist,
        required=False,
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cases"]
        field.queryset = Case.objects.filter(pk__in=[case.pk for case in candidates])
        field.choices = [
            (
                case.pk,
                f"{case.reference} · {case.title} · {case.category} · {case.grid} · "
                f"{case.get_status_display()}",
            )
            for case in candidates
        ]


class CampaignReportForm(forms.Form):
    text = forms.CharField(
        label=_("Progress report (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Shown on the campaign's public page and sent to its followers."),
    )
    text_en = forms.CharField(
        label=_("Progress report (English)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("For English readers; leave blank to show the Chinese text."),
    )


class CampaignCloseForm(forms.Form):
    closing_report = forms.CharField(
        label=_("Closing report (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("What the campaign achieved; shown on its public page and sent to followers."),
    )
    closing_report_en = forms.CharField(
        label=_("Closing report (English)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("For English readers; leave blank to show the Chinese text."),
    )


class HotspotThresholdForm(forms.Form):
    ratio = forms.DecimalField(
        label=_("Threshold (times the usual)"),
        max_digits=4,
        decimal_places=2,
        help_text=_(
            "A grid × category is a hotspot when its cases of the last 30 days reach this many "
            "times its monthly average over the six months before (e.g. 2: twice the usual)."
        ),
    )
    minimum_cases = forms.IntegerField(
        label=_("At least this many cases in 30 days"),
        help_text=_("Fewer are never a hotspot, however few there were before."),
    )
