"""Rewards in the Wagtail admin (*Rewards*): the earning rules, the honours they lead to, the
catalogue and its stock, the redemption queue, and manual adjustments."""

from functools import partial

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.permissions import ReadOnlyPolicy

from . import admin_views
from .models import Honour, Redemption, Reward, Rule


class NoDeletePolicy(ModelPermissionPolicy):
    """Rules and rewards that points were earned or spent under are kept; switch them off."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class RuleViewSet(ModelViewSet):
    model = Rule
    url_prefix = "rewards/rules"
    url_namespace = "rewards_rules"
    icon = "list-ul"
    menu_label = _("Earning rules")
    search_backend_name = None
    copy_view_enabled = False
    list_display = ["code", "name", "name_en", "points", "daily_cap", "active_from", "active_until"]
    form_fields = [
        "name",
        "name_en",
        "description",
        "points",
        "daily_cap",
        "active_from",
        "active_until",
    ]


class HonourViewSet(ModelViewSet):
    """Honours are data: one earned by so many awards under a rule works without a code change.
    Nothing points to an honour (each is worked out from the ledger), so one may be deleted."""

    model = Honour
    url_prefix = "rewards/honours"
    url_namespace = "rewards_honours"
    icon = "success"
    menu_label = _("Honours")
    search_backend_name = None
    copy_view_enabled = False
    list_display = ["name", "name_en", "rule", "times", "sort_order"]
    list_filter = ["rule"]
    form_fields = ["name", "name_en", "rule", "times", "sort_order"]


class RewardViewSet(ModelViewSet):
    model = Reward
    url_prefix = "rewards/catalogue"
    url_namespace = "rewards_catalogue"
    icon = "pick"
    menu_label = _("Catalogue")
    search_backend_name = None
    list_display = ["name", "name_en", "kind", "cost", "stock", "per_person_limit", "is_active"]
    list_filter = ["kind", "is_active"]
    form_fields = [
        "name",
        "name_en",
        "kind",
        "description",
        "description_en",
        "cost",
        "stock",
        "per_person_limit",
        "available_from",
        "available_until",
        "is_active",
        "sort_order",
    ]


class RedemptionViewSet(ModelViewSet):
    model = Redemption
    url_prefix = "rewards/redemptions"
    url_namespace = "rewards_redemptions"
    icon = "tasks"
    menu_label = _("Redemptions")
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_class = admin_views.RedemptionInspectView
    list_display = ["reward", "user", "points", "status", "created_at"]
    list_filter = ["status", "reward"]
    # At the counter: scan or type the person's pickup code into the search box to find it.
    search_fields = ["pickup_code", "user__email", "user__display_name"]
    form_fields = []

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/decide/",
                partial(admin_views.decide, url_namespace=self.url_namespace),
                name="decide",
            )
        ]


class RewardsGroup(ModelViewSetGroup):
    menu_label = _("Rewards")
    menu_icon = "pick"
    menu_order = 260
    items = [RedemptionViewSet, RewardViewSet, RuleViewSet, HonourViewSet]


@hooks.register("register_admin_viewset")
def register_rewards():
    return RewardsGroup()


@hooks.register("register_admin_urls")
def register_adjust_url():
    return [path("rewards/adjust/", admin_views.adjust, name="rewards_adjust")]


@hooks.register("register_admin_menu_item")
def adjust_menu_item():
    return AdjustMenuItem(
        _("Adjust points"), reverse("rewards_adjust"), icon_name="pick", order=261
    )


class AdjustMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.ADJUST_PERMISSION)


register_permission_policy(Rule, NoDeletePolicy(Rule))
register_permission_policy(Reward, NoDeletePolicy(Reward))
register_permission_policy(Redemption, ReadOnlyPolicy(Redemption))
