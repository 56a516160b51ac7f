"""Regulations in the Wagtail admin: the moderators' Opinions screen, and on each regulation's
page the editor's buttons for the response to the comments and the opinions' download."""

from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from portal.permissions import ReadOnlyPolicy

from . import admin_views, response_views
from .models import Opinion, RegulationPage


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


@hooks.register("register_admin_urls")
def register_response_urls():
    return [
        path(
            "regulations/<int:page_id>/response/",
            response_views.response,
            name="regulations_response",
        ),
        path(
            "regulations/<int:page_id>/opinions.<str:fmt>",
            response_views.download,
            name="regulations_opinions_download",
        ),
    ]


@hooks.register("register_page_header_buttons")
def regulation_buttons(page, user, view_name=None, next_url=None):
    if not isinstance(page.specific_deferred, RegulationPage) or not page.pk:
        return []
    if not page.permissions_for_user(user).can_edit():
        return []
    return [
        Button(
            _("Response to the comments"),
            reverse("regulations_response", args=[page.pk]),
            icon_name="comment",
            priority=60,
        ),
        Button(
            _("Download opinions (CSV)"),
            reverse("regulations_opinions_download", args=[page.pk, "csv"]),
            icon_name="download",
            priority=61,
        ),
        Button(
            _("Download opinions (XLSX)"),
            reverse("regulations_opinions_download", args=[page.pk, "xlsx"]),
            icon_name="download",
            priority=62,
        ),
    ]
