"""The points pages: a person's own points (balance, soon expiring, every entry with its reason
and a link to what earned it) and the earning rules, published in plain words."""

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.decorators import verified_contact_required
from portal.ratelimit import over_limit, too_many_requests

from . import pickup, selectors, services
from .models import EXPIRY_MONTHS, Redemption, Reward

PER_PAGE = 25


@login_required
@require_GET
def my_points(request):
    entries = Paginator(selectors.history(request.user), PER_PAGE).get_page(request.GET.get("page"))
    pending = selectors.pending(request.user)
    return render(
        request,
        "rewards/my_points.html",
        {
            "balance": selectors.balance(request.user),
            "expiring": selectors.expiring_soon(request.user),
            "pending": pending,
            "pending_points": sum(item.points for item in pending),
            "page": entries,
            "expiry_months": EXPIRY_MONTHS,
            "redemptions": selectors.redemptions(request.user)[:10],
            "badges": selectors.badges(request.user),
        },
    )


@login_required
@require_GET
def redemption(request, pk):
    """One of the person's own requests: its status and, once approved, the pickup code to show
    at the service centre (with a QR code staff can scan). Anyone else's is not found."""
    own = get_object_or_404(Redemption.objects.select_related("reward"), pk=pk, user=request.user)
    approved = own.status == Redemption.Status.APPROVED and own.pickup_code
    return render(
        request,
        "rewards/redemption.html",
        {"redemption": own, "qr": pickup.qr_svg(own.pickup_code) if approved else ""},
    )


@require_GET
def rules(request):
    return render(
        request,
        "rewards/rules.html",
        {"rules": selectors.active_rules(), "expiry_months": EXPIRY_MONTHS},
    )


@require_GET
def catalogue(request):
    signed_in = request.user.is_authenticated
    return render(
        request,
        "rewards/catalogue.html",
        {
            "rewards": selectors.catalogue(request.user),
            "balance": selectors.balance(request.user) if signed_in else None,
            "token": uuid.uuid4().hex,
        },
    )


@verified_contact_required
@require_POST
def redeem(request, pk):
    reward = get_object_or_404(Reward, pk=pk)
    if over_limit(request, "rewards_redeem"):
        return too_many_requests(request)
    try:
        redemption, created = services.redeem(
            user=request.user, reward=reward, request_key=request.POST.get("token", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("rewards:catalogue")
    if created:
        messages.success(
            request,
            _(
                "%(points)d points are held for %(reward)s. Staff will check the request; "
                "you will be told when it is ready to collect."
            )
            % {"points": redemption.points, "reward": reward.localized_name},
        )
    else:
        messages.info(request, _("We already have this request."))
    return redirect("rewards:my_points")


@require_GET
def profile(request, pk):
    """A housekeeper's public page: their honours and points earned. Only for people who chose
    to be shown on the leaderboards; anyone else's is not found (their own shows them a note)."""
    person = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    own = request.user.is_authenticated and request.user.pk == person.pk
    if not (person.on_leaderboard or own):
        raise Http404
    return render(
        request,
        "rewards/profile.html",
        {"person": person, "own": own, **selectors.public_profile(person)},
    )


@require_GET
def leaderboard(request):
    grid = request.user.home_grid if request.user.is_authenticated else None
    return render(
        request,
        "rewards/leaderboard.html",
        {
            "town": selectors.leaderboard(limit=20),
            "grid": grid,
            "in_grid": selectors.leaderboard(grid_id=grid.pk, limit=20) if grid else [],
            "shown": request.user.is_authenticated and request.user.on_leaderboard,
        },
    )
