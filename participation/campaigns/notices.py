"""What followers of a campaign are told: each progress report, and the closing report, in their
inbox and by email, in their language. Keyed by the report (or the closing) and the follower, so
a task run twice tells each person once. Called by the worker (participation.tasks)."""

from django.utils.translation import gettext as _

from portal.notifications import in_language_of, notify

from ..models import Campaign, CampaignFollow, CampaignReport

# Following a campaign is following its cases' progress: the same setting mutes the emails.
KIND = "case_update"


def _followers(campaign: Campaign):
    return (
        CampaignFollow.objects.filter(campaign=campaign, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .iterator(chunk_size=500)
    )


def campaign_report_notify(report_id: int) -> int:
    """Tell the campaign's followers about a progress report; returns how many were told."""
    report = CampaignReport.objects.select_related("campaign").filter(pk=report_id).first()
    if report is None or not report.campaign.is_public:
        return 0
    campaign, told = report.campaign, 0
    for follow in _followers(campaign):
        with in_language_of(follow.user):
            notify(
                recipient=follow.user,
                key=f"campaign-report:{report.pk}:{follow.user_id}",
                subject=_("Campaign “%(title)s”: a progress report")
                % {"title": campaign.reader_title[0]},
                body=report.reader_text[0],
                url=campaign.get_absolute_url(),
                kind=KIND,
            )
        told += 1
    return told


def campaign_closed_notify(campaign_id: int) -> int:
    """Tell the campaign's followers it is finished, with its closing report."""
    campaign = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.FINISHED).first()
    if campaign is None or not campaign.is_public:
        return 0
    told = 0
    for follow in _followers(campaign):
        with in_language_of(follow.user):
            notify(
                recipient=follow.user,
                key=f"campaign-closed:{campaign.pk}:{follow.user_id}",
                subject=_("Campaign “%(title)s” is finished") % {"title": campaign.reader_title[0]},
                body=campaign.reader_closing_report[0],
                url=campaign.get_absolute_url(),
                kind=KIND,
            )
        told += 1
    return told
