"""The points pages: a person's own points (balance, soon expiring, every entry with its reason
and a link to what earned it) and the earning rules, published in plain words."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .models import EXPIRY_MONTHS

PER_PAGE = 25


@login_required
@require_GET
def my_points(request):
    entries = Paginator(selectors.history(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "rewards/my_points.html",
        {
            "balance": selectors.balance(request.user),
            "expiring": selectors.expiring_soon(request.user),
            "page": entries,
            "expiry_months": EXPIRY_MONTHS,
        },
    )


@require_GET
def rules(request):
    return render(
        request,
        "rewards/rules.html",
        {"rules": selectors.active_rules(), "expiry_months": EXPIRY_MONTHS},
    )
