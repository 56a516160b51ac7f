"""Public campaign pages: the list, one campaign's page, following it. Thin: reads come from
selectors, the one write from services. Anonymous readers get the page cache shared with the case
pages (dropped whenever a case or a campaign changes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..caching import case_pages
from . import selectors, services


@require_GET
@case_pages.page
def campaign_list(request):
    campaigns = selectors.public_campaigns()
    return render(
        request,
        "participation/campaigns/campaign_list.html",
        {
            "running": [c for c in campaigns if c.is_running],
            "finished": [c for c in campaigns if not c.is_running],
        },
    )


@require_GET
@case_pages.page
def campaign_detail(request, slug):
    campaign = selectors.public_campaign(slug)
    if campaign is None:
        raise Http404
    chart = selectors.progress_chart(campaign)
    return render(
        request,
        "participation/campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": chart["progress"] if chart else selectors.campaign_progress(campaign),
            "chart": chart,
            "pairs": selectors.before_after(campaign),
            "reports": selectors.campaign_reports(campaign),
            "cases": selectors.recent_public_cases(campaign),
            "following": selectors.user_follows(request.user, campaign),
        },
    )


@login_required
@require_POST
def campaign_follow(request, slug):
    campaign = selectors.public_campaign(slug)
    if campaign is None:
        raise Http404
    try:
        following = services.campaign_follow_toggle(campaign=campaign, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if following:
            messages.success(
                request,
                _("You follow this campaign: its reports will come to your inbox and by email."),
            )
        else:
            messages.success(request, _("You no longer follow this campaign."))
    return redirect(campaign)
