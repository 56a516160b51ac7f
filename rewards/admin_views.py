"""Redemptions in the Wagtail admin: the queue, one request with its decisions (approve, reject
with a reason, hand over against the pickup code), and manual adjustments of a person's points.
Decisions go through rewards.services; no one decides on their own points."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.views.generic.models import InspectView

from . import selectors, services
from .models import Redemption

HANDLE_PERMISSION = "rewards.change_redemption"
ADJUST_PERMISSION = "rewards.add_pointentry"


class RedemptionInspectView(InspectView):
    template_name = "rewards/admin/redemption_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        redemption = self.object
        context.update(
            redemption=redemption,
            balance=selectors.balance(redemption.user),
            can_handle=self.request.user.has_perm(HANDLE_PERMISSION)
            and self.request.user.pk != redemption.user_id,
            decide_url=reverse(
                self.index_url_name.replace(":index", ":decide"), args=[redemption.pk]
            ),
        )
        return context


@require_POST
def decide(request, pk, *, url_namespace):
    if not request.user.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied
    redemption = get_object_or_404(Redemption, pk=pk)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            services.approve(staff=request.user, redemption=redemption)
            messages.success(request, _("Approved: the person has been sent a pickup code."))
        elif decision == "reject":
            services.reject(
                staff=request.user, redemption=redemption, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Rejected: the points and the item are given back."))
        elif decision == "fulfil":
            services.fulfil(
                staff=request.user,
                redemption=redemption,
                pickup_code=request.POST.get("pickup_code", ""),
            )
            messages.success(request, _("Handed over."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(reverse(f"{url_namespace}:inspect", args=[pk]))


class AdjustmentForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The person's email address"))
    direction = forms.TypedChoiceField(
        label=gettext_lazy("Add or take away"),
        choices=[("add", gettext_lazy("Add points")), ("take", gettext_lazy("Take points away"))],
        widget=forms.RadioSelect,
        initial="add",
    )
    points = forms.IntegerField(
        label=gettext_lazy("Points"),
        min_value=1,
        error_messages={"min_value": gettext_lazy("Give a whole number of points above zero.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown to the person)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def adjust(request):
    """A manual adjustment of someone's points, with its reason; never one's own."""
    if not request.user.has_perm(ADJUST_PERMISSION):
        raise PermissionDenied
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", _("No one has this email address."))
        else:
            try:
                services.adjust(
                    staff=request.user,
                    user=person,
                    points=form.cleaned_data["points"],
                    take_away=form.cleaned_data["direction"] == "take",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The adjustment is recorded."))
                return redirect("rewards_adjust")
    return TemplateResponse(
        request,
        "rewards/admin/adjust.html",
        {
            "form": form,
            "header_title": _("Adjust points"),
            "page_title": _("Adjust points"),
            "header_icon": "pick",
        },
    )
