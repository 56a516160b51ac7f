"""The centre's campaign screens in the Wagtail admin: the list, launching (from scratch or from a
hotspot), editing, a campaign's page (progress, cases, reports), adding open cases from a
checklist, writing a progress report, closing; and the hotspots with their map and threshold.

Every write is a service call; a refusal is shown on the form and nothing is written. Who may
do what is the model permissions the roles were granted (see migration 0022): the centre
launches and runs campaigns, town leaders and departments look."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.maps import map_config

from ..forms import add_service_errors
from ..models import Campaign, Hotspot
from . import selectors, services
from .forms import (
    ADMIN_CSS,
    CampaignCasesForm,
    CampaignCloseForm,
    CampaignForm,
    CampaignReportForm,
    HotspotThresholdForm,
)

CAMPAIGN_FIELDS = [
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
DEFAULT_LENGTH = datetime.timedelta(days=60)


class CampaignPolicy(ModelPermissionPolicy):
    """Campaigns are never deleted: their pages and reports are the public record."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Campaign, CampaignPolicy(Campaign))


def _no_permission(request):
    messages.error(request, _("Sorry, you do not have permission to access this area."))
    return redirect("wagtailadmin_home")


# --- List, launch, edit, the campaign's page ----------------------------------------------------


class CampaignIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.staff_campaigns()

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("participation.view_hotspot"):
            buttons.append(
                HeaderButton(
                    _("Hotspots"), url=reverse("campaign_hotspots:index"), icon_name="warning"
                )
            )
        return buttons

    @cached_property
    def add_item_label(self):
        return _("Launch a campaign")


class CampaignFormMixin:
    """The form is `CampaignForm`; saving goes through the service the view names in its own
    `save(data)` (launch or update), whose refusals are shown on the form."""

    inspect_url_name = None

    def get_form_class(self):
        return CampaignForm

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def form_valid(self, form):
        self.form = form
        data = {name: form.cleaned_data.get(name) for name in CAMPAIGN_FIELDS}
        try:
            self.object = self.save(data)
        except ValidationError as error:
            add_service_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        return self.save_action()


class CampaignCreateView(CampaignFormMixin, CreateView):
    """Launch a campaign; `?hotspot=<id>` fills in the hotspot's grid and category."""

    submit_button_label = gettext_lazy("Launch the campaign")
    submit_button_active_label = gettext_lazy("Launching…")
    success_message = gettext_lazy("Campaign “%(object)s” launched.")

    @cached_property
    def hotspot(self):
        pk = self.request.GET.get("hotspot", "")
        if not pk.isdigit():
            return None
        return Hotspot.objects.select_related("grid", "category").filter(pk=int(pk)).first()

    page_title = gettext_lazy("Launch a campaign")

    def get_page_subtitle(self):
        return ""

    def get_initial(self):
        initial = super().get_initial()
        today = timezone.localdate()
        initial.update(starts_on=today, ends_on=today + DEFAULT_LENGTH, is_public=True)
        spot = self.hotspot
        if spot is not None:
            category, grid = spot.category, spot.grid
            initial.update(
                grids=[grid.pk],
                categories=[category.pk],
                lead_department=category.default_department_id,
                # Names as the public will read them; the centre edits them before launching.
                title=f"第{grid.number}网格{category.name}专项整治",
                title_en=f"{category.name_en or category.name}: grid {grid.number} campaign",
            )
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(hotspot=self.hotspot, **kwargs)

    def save(self, data):
        return services.campaign_launch(actor=self.request.user, **data)


class CampaignEditView(CampaignFormMixin, EditView):
    success_message = gettext_lazy("Campaign “%(object)s” saved.")

    def save(self, data):
        return services.campaign_update(actor=self.request.user, campaign=self.object, **data)


class CampaignInspectView(InspectView):
    """The campaign's page for staff: its facts, progress, cases, reports and what to do next."""

    cases_url_name = None
    report_url_name = None
    close_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(
            Campaign.objects.select_related("lead_department", "created_by").prefetch_related(
                "grids", "categories", "joint_departments"
            ),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        can_change = self.permission_policy.user_has_permission(self.request.user, "change")
        running = campaign.is_running
        chart = selectors.progress_chart(campaign)
        context.update(
            campaign=campaign,
            progress=chart["progress"] if chart else selectors.campaign_progress(campaign),
            chart=chart,
            members=selectors.campaign_members(campaign),
            reports=selectors.campaign_reports(campaign),
            cases_url=reverse(self.cases_url_name, args=[campaign.pk])
            if can_change and running
            else "",
            report_url=reverse(self.report_url_name, args=[campaign.pk])
            if can_change and running
            else "",
            close_url=reverse(self.close_url_name, args=[campaign.pk])
            if can_change and running
            else "",
            media=ADMIN_CSS,
        )
        return context


# --- Adding cases, reports, closing -------------------------------------------------------------


def _campaign_screen(request, pk, *, policy, url_namespace):
    """The campaign (404 if absent) for a screen that changes it, or a refusal response."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if not policy.user_has_permission(request.user, "change"):
        return campaign, _no_permission(request)
    if not campaign.is_running:
        messages.error(request, _("This campaign is finished."))
        return campaign, redirect(f"{url_namespace}:inspect", campaign.pk)
    return campaign, None


def _form_page(request, campaign, form, *, title, intro, submit, url_namespace, status=200):
    return TemplateResponse(
        request,
        "participation/campaigns/admin/form.html",
        {
            "campaign": campaign,
            "form": form,
            "intro": intro,
            "submit_label": submit,
            "inspect_url": reverse(f"{url_namespace}:inspect", args=[campaign.pk]),
            "header_title": f"{title} · {campaign}",
            "page_title": title,
            "page_subtitle": str(campaign),
            "header_icon": "flag",
            "media": ADMIN_CSS,
        },
        status=status,
    )


def add_cases(request, pk, *, policy, url_namespace):
    """A checklist of open cases of the area and categories not in the campaign yet."""
    campaign, refusal = _campaign_screen(request, pk, policy=policy, url_namespace=url_namespace)
    if refusal:
        return refusal
    candidates = list(selectors.candidate_cases(campaign))
    form = CampaignCasesForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.campaign_add_cases(
                actor=request.user, campaign=campaign, cases=form.cleaned_data["cases"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(count)s case(s) added.") % {"count": added})
            return redirect(f"{url_namespace}:inspect", campaign.pk)
    intro = (
        _(
            "Open cases reported in the campaign's grids and categories. New cases join by "
            "themselves; tick earlier ones to add them."
        )
        if candidates
        else _("Every open case of the campaign's area and categories is in it already.")
    )
    return _form_page(
        request,
        campaign,
        form if candidates else None,
        title=_("Add open cases"),
        intro=intro,
        submit=_("Add the ticked cases"),
        url_namespace=url_namespace,
        status=400 if request.method == "POST" else 200,
    )


def write_report(request, pk, *, policy, url_namespace):
    campaign, refusal = _campaign_screen(request, pk, policy=policy, url_namespace=url_namespace)
    if refusal:
        return refusal
    form = CampaignReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_report_publish(
                actor=request.user, campaign=campaign, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress report published; followers are told."))
            return redirect(f"{url_namespace}:inspect", campaign.pk)
    return _form_page(
        request,
        campaign,
        form,
        title=_("Write a progress report"),
        intro=_("What has been done since the last report, and what comes next."),
        submit=_("Publish the report"),
        url_namespace=url_namespace,
        status=400 if request.method == "POST" else 200,
    )


def close(request, pk, *, policy, url_namespace):
    campaign, refusal = _campaign_screen(request, pk, policy=policy, url_namespace=url_namespace)
    if refusal:
        return refusal
    form = CampaignCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_close(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The campaign is finished; followers are told."))
            return redirect(f"{url_namespace}:inspect", campaign.pk)
    return _form_page(
        request,
        campaign,
        form,
        title=_("Close the campaign"),
        intro=_(
            "No case joins the campaign after this. Its page keeps its cases, photos and "
            "reports, with the closing report on top."
        ),
        submit=_("Close with this report"),
        url_namespace=url_namespace,
        status=400 if request.method == "POST" else 200,
    )


class CampaignViewSet(ModelViewSet):
    model = Campaign
    url_prefix = "campaigns"
    url_namespace = "participation_campaigns"
    icon = "flag"
    menu_label = gettext_lazy("Rectification campaigns")
    add_to_admin_menu = False
    copy_view_enabled = False
    search_backend_name = None
    index_view_class = CampaignIndexView
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    inspect_view_enabled = True
    inspect_view_class = CampaignInspectView
    create_template_name = "participation/campaigns/admin/launch.html"
    inspect_template_name = "participation/campaigns/admin/inspect.html"
    form_fields = CAMPAIGN_FIELDS
    list_display = [
        "title",
        "status",
        "starts_on",
        "ends_on",
        "lead_department",
        Column("cases_total", label=gettext_lazy("Cases"), sort_key="cases_total"),
        Column("cases_handled", label=gettext_lazy("Handled"), sort_key="cases_handled"),
    ]
    list_filter = ["status", "is_public"]
    search_fields = ["title", "title_en"]

    def get_form_class(self, for_update=False):
        return CampaignForm

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            cases_url_name=self.get_url_name("cases"),
            report_url_name=self.get_url_name("report"),
            close_url_name=self.get_url_name("close"),
            **kwargs,
        )

    def get_urlpatterns(self):
        screen = {"policy": self.permission_policy, "url_namespace": self.url_namespace}
        return super().get_urlpatterns() + [
            path("<int:pk>/cases/", add_cases, screen, name="cases"),
            path("<int:pk>/report/", write_report, screen, name="report"),
            path("<int:pk>/close/", close, screen, name="close"),
        ]


# --- Hotspots -----------------------------------------------------------------------------------


def hotspots(request):
    """The latest hotspots on a map and in a table, with the threshold that made them."""
    user = request.user
    if not user.has_perm("participation.view_hotspot"):
        return _no_permission(request)
    spots = selectors.hotspots()
    can_launch = user.has_perm("participation.add_campaign")
    add_url = reverse("participation_campaigns:add")

    def launch_url(spot):
        return f"{add_url}?hotspot={spot.pk}" if can_launch else ""

    return TemplateResponse(
        request,
        "participation/campaigns/admin/hotspots.html",
        {
            "hotspots": [(spot, launch_url(spot)) for spot in spots],
            "can_launch": can_launch,
            "features": selectors.hotspot_features(spots, launch_url),
            "rule": selectors.hotspot_rule(),
            "computed_at": spots[0].computed_at if spots else None,
            "threshold_url": reverse("campaign_hotspots:threshold")
            if user.has_perm("participation.add_hotspotrule")
            else "",
            "campaigns_url": reverse("participation_campaigns:index"),
            "map": map_config(),
            "header_title": _("Hotspots"),
            "page_title": _("Hotspots"),
            "header_icon": "warning",
            "media": ADMIN_CSS,
        },
    )


def threshold(request):
    """The centre sets the threshold; the hotspots are recomputed."""
    if not request.user.has_perm("participation.add_hotspotrule"):
        return _no_permission(request)
    rule = selectors.hotspot_rule()
    form = HotspotThresholdForm(
        request.POST or None, initial={"ratio": rule.ratio, "minimum_cases": rule.minimum_cases}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.hotspot_threshold_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Threshold saved. The hotspots are being recomputed with it.")
            )
            return redirect("campaign_hotspots:index")
    return TemplateResponse(
        request,
        "participation/campaigns/admin/threshold.html",
        {
            "form": form,
            "rule": rule,
            "index_url": reverse("campaign_hotspots:index"),
            "header_title": _("Hotspot threshold"),
            "page_title": _("Hotspot threshold"),
            "header_icon": "warning",
            "media": ADMIN_CSS,
        },
        status=400 if request.method == "POST" else 200,
    )


class HotspotsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("participation.view_hotspot")


class HotspotsViewSet(ViewSet):
    name = "campaign_hotspots"
    url_prefix = "hotspots"
    icon = "warning"
    menu_label = gettext_lazy("Hotspots")
    menu_item_class = HotspotsMenuItem

    def get_urlpatterns(self):
        return [
            path("", hotspots, name="index"),
            path("threshold/", threshold, name="threshold"),
        ]


class CampaignsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Campaigns")
    menu_icon = "flag"
    menu_order = 260
    items = [CampaignViewSet, HotspotsViewSet]


@hooks.register("register_admin_viewset")
def register_campaigns():
    """The "Campaigns" menu and its screens (imported by `participation.wagtail_hooks`)."""
    return CampaignsGroup()


DASHBOARD_HOTSPOTS = 10


def dashboard_hotspots() -> dict:
    """For the centre's panel on the admin home (dispatchers and administrators, who launch
    campaigns): the top hotspots, each with the link that launches a campaign there, and the
    hotspots page. One query."""
    add_url = reverse("participation_campaigns:add")
    return {
        "rows": [
            (spot, f"{add_url}?hotspot={spot.pk}")
            for spot in selectors.hotspots(limit=DASHBOARD_HOTSPOTS)
        ],
        "url": reverse("campaign_hotspots:index"),
    }
