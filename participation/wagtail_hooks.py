"""The governance structure in the Wagtail admin: Settings-like screens the linkage centre keeps
up to date (platforms, departments, villages and grids, categories and their time limits)."""

from functools import partial

from django.templatetags.static import static
from django.urls import path, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from portal.permissions import ReadOnlyPolicy

from . import workflow
from .backoffice import (
    columns,
    dashboard,  # noqa: F401  (registers the admin home panel)
)
from .backoffice import views as admin_views
from .campaigns import admin_views as campaign_admin  # noqa: F401  (registers "Campaigns")
from .leadership import wagtail_hooks as leadership_hooks  # noqa: F401  (problem lists)
from .models import (
    ApiKey,
    Case,
    Category,
    Community,
    Department,
    DepartmentMembership,
    Grid,
    GridMembership,
    Platform,
    ResponseTemplate,
)
from .open311 import admin_views as open311_admin
from .organisation import admin_views as organisation_admin  # noqa: F401  (registers it)
from .statistics import appraisal_admin  # noqa: F401  (registers "Department appraisal")


class StructureViewSet(ModelViewSet):
    search_backend_name = None
    inspect_view_enabled = True
    add_to_admin_menu = False


class PlatformViewSet(StructureViewSet):
    url_prefix = "structure/platforms"
    url_namespace = "structure_platforms"
    model = Platform
    icon = "group"
    list_display = ["name", "name_en", "code", "sort_order"]
    search_fields = ["name", "name_en", "code"]
    form_fields = ["name", "name_en", "code", "description", "sort_order"]


class DepartmentViewSet(StructureViewSet):
    url_prefix = "structure/departments"
    url_namespace = "structure_departments"
    model = Department
    icon = "home"
    list_display = ["name", "name_en", "code", "platform", "is_active"]
    list_filter = ["platform", "is_active"]
    list_export = ["code", "name", "name_en", "platform", "email", "phone", "is_active"]
    search_fields = ["name", "name_en", "code"]
    form_fields = [
        "name",
        "name_en",
        "code",
        "platform",
        "email",
        "phone",
        "is_active",
        "centre_checks_repairs",
    ]


class CommunityViewSet(StructureViewSet):
    url_prefix = "structure/communities"
    url_namespace = "structure_communities"
    model = Community
    icon = "site"
    list_display = ["name", "name_en", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "code"]
    form_fields = ["name", "name_en", "code", "kind"]


class GridViewSet(StructureViewSet):
    url_prefix = "structure/grids"
    url_namespace = "structure_grids"
    model = Grid
    icon = "table"
    list_display = ["number", "name", "community"]
    list_filter = ["community"]
    list_export = ["number", "name", "community", "boundary"]
    search_fields = ["name", "community__name", "community__name_en"]
    form_fields = ["number", "name", "community", "boundary"]
    list_per_page = 50


class GridMembershipViewSet(StructureViewSet):
    url_prefix = "structure/grid-memberships"
    url_namespace = "structure_grid_memberships"
    model = GridMembership
    icon = "user"
    list_display = ["user", "role", "grid", "since"]
    list_filter = ["role", "grid__community"]
    search_fields = ["user__email", "user__display_name"]
    form_fields = ["grid", "user", "role"]


class DepartmentMembershipViewSet(StructureViewSet):
    url_prefix = "structure/department-memberships"
    url_namespace = "structure_department_memberships"
    model = DepartmentMembership
    icon = "user"
    list_display = ["user", "role", "department"]
    list_filter = ["role", "department__platform", "department"]
    search_fields = ["user__email", "user__display_name"]
    form_fields = ["department", "user", "role"]


class CategoryViewSet(StructureViewSet):
    url_prefix = "structure/categories"
    url_namespace = "structure_categories"
    model = Category
    icon = "tag"
    list_display = [
        "name",
        "name_en",
        "platform",
        "default_department",
        "sla_routine_hours",
        "sla_express_hours",
        "sla_emergency_hours",
        "is_active",
    ]
    list_filter = ["platform", "default_department", "is_active"]
    list_export = ["code", *list_display]
    search_fields = ["name", "name_en", "code", "keywords"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order"), FieldPanel("is_active")]),
        FieldRowPanel([FieldPanel("platform"), FieldPanel("default_department")]),
        FieldRowPanel([FieldPanel("public_by_default"), FieldPanel("centre_checks_repairs")]),
        FieldPanel("description"),
        FieldPanel("keywords"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("sla_routine_hours"),
                        FieldPanel("sla_express_hours"),
                        FieldPanel("sla_emergency_hours"),
                    ]
                )
            ],
            heading=_("Time limits"),
        ),
        InlinePanel(
            "attributes",
            heading=_("Extra questions"),
            label=_("Question"),
            help_text=_(
                "Asked on the report form, and of apps that report through Open311 (the "
                "service definition); answers are shown to staff on the case."
            ),
            panels=[
                FieldRowPanel([FieldPanel("code"), FieldPanel("datatype")]),
                FieldPanel("description"),
                FieldPanel("description_en"),
                FieldRowPanel([FieldPanel("required"), FieldPanel("variable")]),
                FieldPanel("datatype_description"),
                FieldPanel("values"),
            ],
        ),
    ]


class ResponseTemplateViewSet(StructureViewSet):
    url_prefix = "structure/response-templates"
    url_namespace = "structure_response_templates"
    model = ResponseTemplate
    icon = "doc-full"
    list_display = ["title", "action", "category", "is_active"]
    list_filter = ["action", "category", "is_active"]
    search_fields = ["title", "text"]
    form_fields = ["title", "action", "category", "text", "is_active"]


class ApiKeyViewSet(StructureViewSet):
    url_prefix = "structure/api-keys"
    url_namespace = "structure_api_keys"
    model = ApiKey
    icon = "key"
    menu_label = _("API keys (Open311)")
    inspect_view_enabled = False
    copy_view_enabled = False
    index_view_class = open311_admin.ApiKeyIndexView
    add_view_class = open311_admin.ApiKeyCreateView
    list_display = [
        "name",
        "prefix",
        "rate_limit",
        Column("requests_count", label=_("Cases created"), sort_key="requests_count"),
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "contact", "prefix"]
    form_fields = ["name", "contact", "rate_limit"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/revoke/",
                partial(
                    open311_admin.revoke,
                    url_namespace=self.url_namespace,
                    permission_policy=self.permission_policy,
                ),
                name="revoke",
            ),
        ]


class GovernanceStructureGroup(ModelViewSetGroup):
    menu_label = _("Governance structure")
    menu_icon = "cogs"
    menu_order = 300
    items = [
        PlatformViewSet,
        DepartmentViewSet,
        CommunityViewSet,
        GridViewSet,
        GridMembershipViewSet,
        DepartmentMembershipViewSet,
        CategoryViewSet,
        ResponseTemplateViewSet,
        ApiKeyViewSet,
    ]


@hooks.register("register_admin_viewset")
def register_governance_structure():
    return GovernanceStructureGroup()


class CaseViewSet(ModelViewSet):
    model = Case
    url_prefix = "cases"
    url_namespace = "participation_cases"
    icon = "clipboard-list"
    menu_label = _("Cases")
    menu_order = 200
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = admin_views.CaseIndexView
    inspect_view_class = admin_views.CaseInspectView
    copy_view_enabled = False
    search_backend_name = None
    # Cells written in Python, not a template each (see backoffice/columns.py).
    list_display = [
        columns.field_column(
            "title", columns.CaseTitleColumn, url_name="participation_cases:inspect"
        ),
        columns.CellColumn("reference", label=_("Reference")),
        *map(columns.field_column, ["status", "urgency", "category", "grid", "department"]),
        columns.field_column("submitted_at"),
        columns.CellColumn(
            "time_left", label=_("Time left"), accessor=admin_views.time_left, sort_key="due_at"
        ),
    ]
    filterset_class = admin_views.CaseFilterSet
    search_fields = ["title", "description"]
    list_per_page = 25  # a screenful on a phone; each row is nine rendered cells
    form_fields = []

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "enter/",
                partial(admin_views.enter, url_namespace=self.url_namespace),
                name="enter",
            ),
            path(
                "queue/",
                partial(admin_views.bulk, url_namespace=self.url_namespace),
                name="bulk",
            ),
            path(
                "<int:pk>/<slug:action>/",
                partial(admin_views.transition, url_namespace=self.url_namespace),
                name="transition",
            ),
        ]


register_permission_policy(Case, ReadOnlyPolicy(Case))
register_permission_policy(ApiKey, open311_admin.ApiKeyPolicy(ApiKey))


@hooks.register("register_admin_viewset")
def register_cases():
    return CaseViewSet()


class CentreQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return workflow.is_dispatcher(request.user, None)


@hooks.register("register_admin_menu_item")
def register_centre_queue():
    return CentreQueueMenuItem(
        _("Centre queue"), reverse_lazy("participation_cases:bulk"), icon_name="tasks", order=190
    )


@hooks.register("insert_global_admin_css")
def case_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-case.css"))
