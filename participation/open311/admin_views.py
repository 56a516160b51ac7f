"""API keys in the Wagtail admin: list, issue (the key is shown once, on the page that issues it),
rename or re-limit, and revoke. Keys are never deleted: cases record the key that created them."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.models import CreateView, IndexView
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import ApiKey
from . import services


class ApiKeyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class ApiKeyIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(requests_count=Count("requests"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_active and self.permission_policy.user_has_permission(
            self.request.user, "change"
        ):
            buttons.append(
                MenuItem(
                    _("Revoke"),
                    url=reverse(
                        self.index_url_name.replace(":index", ":revoke"), args=[instance.pk]
                    ),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class ApiKeyCreateView(CreateView):
    """Issues the key through the service and shows it on the response page, once."""

    def save_instance(self):
        data = self.form.cleaned_data
        api_key, self.raw_key = services.api_key_create(
            name=data["name"],
            contact=data.get("contact", ""),
            rate_limit=data["rate_limit"],
            created_by=self.request.user,
        )
        return api_key

    def save_action(self):
        return TemplateResponse(
            self.request,
            "participation/open311/admin/key_created.html",
            {
                "api_key": self.object,
                "raw_key": self.raw_key,
                "index_url": reverse(self.index_url_name),
                "header_title": _("API key issued"),
                "page_title": _("API key issued"),
                "header_icon": "key",
            },
        )


REVOKE_LABEL = gettext_lazy("Revoke")


def revoke(request, pk, *, url_namespace, permission_policy):
    """GET asks to confirm; POST revokes the key at once."""
    if not permission_policy.user_has_permission(request.user, "change"):
        messages.error(request, _("Sorry, you do not have permission to access this area."))
        return redirect("wagtailadmin_home")
    api_key = get_object_or_404(ApiKey, pk=pk)
    index_url = reverse(f"{url_namespace}:index")
    if request.method == "POST":
        if services.api_key_revoke(api_key=api_key):
            messages.success(
                request, _("The key of “%(name)s” is revoked.") % {"name": api_key.name}
            )
        return redirect(index_url)
    return TemplateResponse(
        request,
        "participation/open311/admin/key_revoke.html",
        {
            "api_key": api_key,
            "index_url": index_url,
            "header_title": _("Revoke the key of “%(name)s”") % {"name": api_key.name},
            "page_title": _("Revoke an API key"),
            "header_icon": "key",
        },
    )
