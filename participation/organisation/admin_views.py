"""The linkage centre's screen of housekeeper applications in the Wagtail admin: every
application (those waiting first), filtered by status, village or community and grid, and a page
to approve or decline one. Registered from participation/wagtail_hooks.py."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ..models import HousekeeperApplication
from . import selectors, services
from .forms import DecisionForm

Status = HousekeeperApplication.Status


class ApplicationPolicy(ModelPermissionPolicy):
    """Applications change only through the decision (a service call), never a model form."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class ApplicationIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.centre_applications()

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == Status.PENDING and selectors.may_decide(
            self.request.user, instance.grid
        ):
            buttons.append(
                MenuItem(
                    _("Approve or decline"),
                    url=reverse(
                        self.index_url_name.replace(":index", ":decide"), args=[instance.pk]
                    ),
                    icon_name="tasks",
                    priority=10,
                )
            )
        return buttons


def decide(request, pk, *, url_namespace, permission_policy):
    """GET shows the application and the decision form; POST approves or declines it."""
    if not permission_policy.user_has_permission(request.user, "view"):
        messages.error(request, _("Sorry, you do not have permission to access this area."))
        return redirect("wagtailadmin_home")
    application = get_object_or_404(selectors.centre_applications(), pk=pk)
    index_url = reverse(f"{url_namespace}:index")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        decide_ = (
            services.housekeeper_application_approve
            if approve
            else services.housekeeper_application_decline
        )
        try:
            decide_(application=application, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            values = {"person": application.applicant, "grid": application.grid}
            if approve:
                messages.success(
                    request, _("%(person)s is now a housekeeper of %(grid)s.") % values
                )
            else:
                messages.success(request, _("You declined the application of %(person)s.") % values)
            return redirect(index_url)
    title = _("Application of %(person)s to serve %(grid)s") % {
        "person": application.applicant,
        "grid": application.grid,
    }
    return TemplateResponse(
        request,
        "participation/organisation/admin/decide.html",
        {
            "application": application,
            "form": form,
            "index_url": index_url,
            "may_decide": application.status == Status.PENDING
            and selectors.may_decide(request.user, application.grid),
            "header_title": title,
            "page_title": _("Housekeeper application"),
            "header_icon": "user",
        },
        status=400 if form.errors else 200,
    )


class HousekeeperApplicationViewSet(ModelViewSet):
    model = HousekeeperApplication
    url_prefix = "housekeeper-applications"
    url_namespace = "housekeeper_applications"
    icon = "user"
    menu_label = gettext_lazy("Housekeeper applications")
    menu_order = 230
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    index_view_class = ApplicationIndexView
    list_display = [
        "applicant",
        "grid",
        Column("community", label=gettext_lazy("Village or community"), accessor="grid.community"),
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "grid__community", "grid"]
    search_fields = ["applicant__email", "applicant__display_name", "note"]
    inspect_view_fields = [
        "applicant",
        "grid",
        "note",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
        "decision_note",
    ]
    form_fields = []

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/decide/",
                partial(
                    decide,
                    url_namespace=self.url_namespace,
                    permission_policy=self.permission_policy,
                ),
                name="decide",
            ),
        ]


register_permission_policy(HousekeeperApplication, ApplicationPolicy(HousekeeperApplication))


@hooks.register("register_admin_viewset")
def register_housekeeper_applications():
    return HousekeeperApplicationViewSet()
