"""Moderators' screen for opinions on draft regulations (Wagtail admin → Opinions)."""

from functools import partial

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.permissions import ReadOnlyPolicy

from . import admin_views
from .models import Opinion


class OpinionViewSet(ModelViewSet):
    model = Opinion
    url_prefix = "opinions"
    url_namespace = "regulations_opinions"
    icon = "comment"
    menu_label = _("Opinions")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    index_view_class = admin_views.OpinionIndexView
    inspect_view_class = admin_views.OpinionInspectView
    filterset_class = admin_views.OpinionFilterSet
    list_display = [
        Column("receipt", label=_("Receipt number")),
        "regulation",
        "stance",
        "status",
        Column("open_flags", label=_("Flags"), sort_key="open_flags"),
        "created_at",
    ]
    search_fields = ["receipt", "text"]
    list_per_page = 25
    form_fields = []

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/moderate/",
                partial(admin_views.moderate, url_namespace=self.url_namespace),
                name="moderate",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_opinions():
    return OpinionViewSet()


register_permission_policy(Opinion, ReadOnlyPolicy(Opinion))
