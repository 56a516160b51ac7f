"""Problem lists in the Wagtail admin: the menu item “Problem lists” (town leaders, the linkage
centre, administrators), its index, the list's page, recording and publishing. Imported by
participation/wagtail_hooks.py."""

from functools import partial

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from ..models import ProblemList
from . import admin_views


class ProblemListViewSet(ModelViewSet):
    model = ProblemList
    url_prefix = "problem-lists"
    url_namespace = "participation_problem_lists"
    icon = "list-ol"
    menu_label = _("Problem lists")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = admin_views.ProblemListIndexView
    inspect_view_class = admin_views.ProblemListInspectView
    search_backend_name = None
    search_fields = ["title", "description"]
    list_filter = ["is_published"]
    list_display = [
        "title",
        "inspected_on",
        "leader",
        admin_views.ProgressColumn("progress", label=_("Progress")),
        Column(
            "is_published",
            label=_("Public site"),
            accessor=admin_views.published_label,
            sort_key="is_published",
        ),
    ]
    form_fields = []

    def get_urlpatterns(self):
        # Recording is its own view (a list and a formset of problems, one service call).
        patterns = [p for p in super().get_urlpatterns() if p.name != "add"]
        return patterns + [
            path(
                "new/",
                partial(admin_views.record, url_namespace=self.url_namespace),
                name="add",
            ),
            path(
                "<int:pk>/publish/",
                partial(admin_views.publish, url_namespace=self.url_namespace, published=True),
                name="publish",
            ),
            path(
                "<int:pk>/unpublish/",
                partial(admin_views.publish, url_namespace=self.url_namespace, published=False),
                name="unpublish",
            ),
        ]


register_permission_policy(ProblemList, admin_views.ProblemListPolicy(ProblemList))


@hooks.register("register_admin_viewset")
def register_problem_lists():
    return ProblemListViewSet()
