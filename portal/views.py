from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled

from . import notifications, phones, selectors, services
from .forms import NotificationSettingsForm, ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("portal:profile")
    context = {
        "form": form,
        "email_verified": bool(request.user.email)
        and EmailAddress.objects.filter(
            user=request.user, email__iexact=request.user.email, verified=True
        ).exists(),
        "phone_display": phones.national(request.user.phone) if request.user.phone else "",
        "mfa_enabled": is_mfa_enabled(request.user),
        "is_staff_member": selectors.user_is_staff(request.user),
        "role_labels": selectors.user_role_labels(request.user),
    }
    return render(request, "portal/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    """The on-site copy of everything we emailed: newest first; “Mark all as read” clears it."""
    if request.method == "POST":
        notifications.mark_read(recipient=request.user)
        messages.success(request, _("All messages are marked as read."))
        return redirect("portal:inbox")
    page = Paginator(selectors.user_notifications(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/inbox.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """Which kinds of notification also come by email; staff kinds are offered to staff only."""
    is_staff_member = selectors.user_is_staff(request.user)
    kinds = {
        kind: label
        for kind, label in notifications.KINDS.items()
        if is_staff_member or kind not in notifications.STAFF_KINDS
    }
    user = request.user
    form = NotificationSettingsForm(
        request.POST or None,
        kinds=kinds if user.email else {},
        muted=user.muted_email_kinds or [],
        # Text messages go only to a verified number.
        sms_kinds=notifications.SMS_KINDS if user.phone and user.phone_verified else None,
        sms_on=user.sms_notices,
        muted_sms=user.muted_sms_kinds or [],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.notification_settings_update(
            user=user,
            email_on={kind: on for kind, on in data.items() if kind in kinds},
            sms_on={
                kind.split(":", 1)[1]: on for kind, on in data.items() if kind.startswith("sms:")
            },
            sms_notices=data.get("sms_notices") if form.sms_kinds else None,
        )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("portal:notification_settings")
    return render(request, "portal/notification_settings.html", {"form": form})


@login_required
def welcome(request):
    """Where a new resident lands once their number or address is verified: what they can do."""
    return render(
        request,
        "portal/welcome.html",
        {"has_verified_contact": selectors.user_has_verified_contact(request.user)},
    )
