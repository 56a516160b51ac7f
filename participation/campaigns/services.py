"""Every write to campaigns and to the hotspot threshold. Keyword-only functions, each one
transaction that checks everything before it writes; a refusal is a translated ValidationError
and leaves the database as it was. Notices to followers are tasks enqueued after commit.

Membership: a case belongs to a running campaign by itself (`CampaignCase.added_by` empty) while
its grid is in the campaign's area, its category among the campaign's, and it was reported within
the campaign's period (local dates, both ends included). The centre adds open cases of the area
and categories reported earlier by hand (`added_by` set); those stay whatever happens."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.tasks import enqueue_on_commit
from portal.text import without_control_characters

from ..caching import case_pages
from ..models import Campaign, CampaignCase, CampaignFollow, CampaignReport, Case, HotspotRule

Status = Campaign.Status
MAX_ADD = 500  # cases added at once from the checklist


# --- Checks -------------------------------------------------------------------------------------


def _require_permission(actor, codename: str) -> None:
    if actor is None or not actor.is_active or not actor.has_perm(f"participation.{codename}"):
        raise ValidationError(_("Only the linkage centre can do this."))


def _text(value: str) -> str:
    return without_control_characters(value or "").strip()


def _day_bounds(starts_on: datetime.date, ends_on: datetime.date):
    """The period's first and last local days as [start, end) moments."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time.min), zone)
    end = timezone.make_aware(
        datetime.datetime.combine(ends_on + datetime.timedelta(days=1), datetime.time.min), zone
    )
    return start, end


def _unique_slug(wanted: str, title_en: str, title: str, starts_on, exclude=None) -> str:
    base = slugify(wanted) or slugify(title_en) or slugify(title)
    if not base:
        base = f"campaign-{starts_on:%Y-%m}" if starts_on else "campaign"
    base = base[:70].strip("-")
    taken = Campaign.objects.exclude(pk=getattr(exclude, "pk", None))
    slug, number = base, 2
    while taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _fill(campaign: Campaign, data: dict) -> tuple[list, list, list]:
    """Put the form's values on `campaign` and check them with the area, categories and
    departments; returns (grids, categories, joint departments). Raises before any write."""
    errors = {}
    grids = list(data.get("grids") or [])
    categories = list(data.get("categories") or [])
    if not grids:
        errors["grids"] = _("Choose the area: at least one grid.")
    if not categories:
        errors["categories"] = _("Choose at least one category of problem.")
    lead = data.get("lead_department")
    if lead is None:
        errors["lead_department"] = _("Choose the lead department.")
    joint = [d for d in (data.get("joint_departments") or []) if lead is None or d.pk != lead.pk]
    campaign.title = _text(data.get("title"))
    campaign.title_en = _text(data.get("title_en"))
    campaign.goal = _text(data.get("goal"))
    campaign.goal_en = _text(data.get("goal_en"))
    campaign.starts_on = data.get("starts_on")
    campaign.ends_on = data.get("ends_on")
    campaign.lead_department = lead
    campaign.is_public = bool(data.get("is_public", True))
    if not campaign.title:
        errors["title"] = _("Give the campaign a title (in Chinese).")
    if not campaign.goal:
        errors["goal"] = _("Say what the campaign sets out to do (in Chinese).")
    if not campaign.starts_on:
        errors["starts_on"] = _("Give the first day of the campaign.")
    if not campaign.ends_on:
        errors["ends_on"] = _("Give the last day of the campaign.")
    elif campaign.starts_on and campaign.ends_on < campaign.starts_on:
        errors["ends_on"] = _("The end cannot be before the start.")
    if errors:
        raise ValidationError(errors)
    campaign.slug = _unique_slug(
        data.get("slug") or campaign.slug,
        campaign.title_en,
        campaign.title,
        campaign.starts_on,
        exclude=campaign,
    )
    campaign.full_clean()
    return grids, categories, joint


def _matching_cases(campaign: Campaign):
    """The cases that belong to the campaign by themselves (see the module docstring)."""
    start, end = _day_bounds(campaign.starts_on, campaign.ends_on)
    return Case.objects.filter(
        grid__in=campaign.grids.all(),
        category__in=campaign.categories.all(),
        submitted_at__gte=start,
        submitted_at__lt=end,
    )


def _sync_members(campaign: Campaign) -> None:
    """Bring the automatic members in line with the area, categories and period: new matches
    join, automatic members that no longer match leave; cases the centre added stay."""
    matching = _matching_cases(campaign)
    campaign.memberships.filter(added_by__isnull=True).exclude(case__in=matching).delete()
    present = campaign.memberships.values("case_id")
    # A case that joins by itself joined when it was reported (the chart counts it then).
    CampaignCase.objects.bulk_create(
        [
            CampaignCase(campaign=campaign, case_id=pk, added_at=submitted_at)
            for pk, submitted_at in matching.exclude(pk__in=present).values_list(
                "pk", "submitted_at"
            )
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


# --- Launching and editing ----------------------------------------------------------------------


def campaign_launch(
    *,
    actor,
    title: str,
    goal: str,
    grids,
    categories,
    starts_on,
    ends_on,
    lead_department,
    title_en: str = "",
    goal_en: str = "",
    joint_departments=(),
    is_public: bool = True,
    slug: str = "",
) -> Campaign:
    """The centre launches a campaign over an area (grids) and categories for a period, led by
    one department with others joining. Cases of the area and categories reported within the
    period so far join it at once; later ones join as they are reported."""
    _require_permission(actor, "add_campaign")
    data = {
        "title": title,
        "title_en": title_en,
        "goal": goal,
        "goal_en": goal_en,
        "grids": grids,
        "categories": categories,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "lead_department": lead_department,
        "joint_departments": joint_departments,
        "is_public": is_public,
        "slug": slug,
    }
    with transaction.atomic():
        campaign = Campaign(created_by=actor, created_at=timezone.now())
        grids, categories, joint = _fill(campaign, data)
        campaign.save()
        campaign.grids.set(grids)
        campaign.categories.set(categories)
        campaign.joint_departments.set(joint)
        _sync_members(campaign)
        transaction.on_commit(case_pages.invalidate)
    return campaign


def campaign_update(*, actor, campaign: Campaign, **data) -> Campaign:
    """The centre corrects a campaign: its words, area, categories, period, departments or
    whether it is public. Cases that joined by themselves follow the new area and period."""
    _require_permission(actor, "change_campaign")
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        data.setdefault("slug", campaign.slug)
        grids, categories, joint = _fill(campaign, data)
        campaign.save()
        campaign.grids.set(grids)
        campaign.categories.set(categories)
        campaign.joint_departments.set(joint)
        if campaign.is_running:
            _sync_members(campaign)
        transaction.on_commit(case_pages.invalidate)
    return campaign


# --- Membership ---------------------------------------------------------------------------------


def _campaigns_for(case: Case):
    day = timezone.localdate(case.submitted_at)
    return Campaign.objects.filter(
        status=Status.RUNNING,
        starts_on__lte=day,
        ends_on__gte=day,
        grids=case.grid_id,
        categories=case.category_id,
    )


def campaign_join_new_case(case: Case) -> int:
    """A new case joins the running campaigns whose area, categories and period it falls in.
    Called inside `case_submit`'s transaction: one query, and one insert when there is a match.
    Returns how many it joined."""
    ids = list(_campaigns_for(case).values_list("pk", flat=True))
    if ids:
        CampaignCase.objects.bulk_create(
            [CampaignCase(campaign_id=pk, case=case, added_at=case.submitted_at) for pk in ids],
            ignore_conflicts=True,
        )
    return len(ids)


def campaign_case_moved(case: Case) -> None:
    """After the centre corrects a case's category or place (inside that transaction): it joins
    the running campaigns it now falls in and leaves those it joined by itself and no longer
    does. Cases the centre added by hand stay."""
    matching = set(_campaigns_for(case).values_list("pk", flat=True))
    CampaignCase.objects.filter(
        case=case, added_by__isnull=True, campaign__status=Status.RUNNING
    ).exclude(campaign_id__in=matching).delete()
    CampaignCase.objects.bulk_create(
        [CampaignCase(campaign_id=pk, case=case, added_at=case.submitted_at) for pk in matching],
        ignore_conflicts=True,
    )


def campaign_add_cases(*, actor, campaign: Campaign, cases) -> int:
    """The centre adds open cases of the campaign's area and categories (reported before it
    began, or reported for a neighbour's grid). All or none: a case that is closed, outside
    the area or of another category is named and nothing is added. Returns how many were new."""
    _require_permission(actor, "change_campaign")
    cases = list(cases)
    if not cases:
        raise ValidationError({"cases": _("Tick the cases to add.")})
    if len(cases) > MAX_ADD:
        raise ValidationError(
            {"cases": _("Add at most %(count)s cases at a time.") % {"count": MAX_ADD}}
        )
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_running:
            raise ValidationError(_("This campaign is finished: no more cases can join it."))
        grids = set(campaign.grids.values_list("pk", flat=True))
        categories = set(campaign.categories.values_list("pk", flat=True))
        current = Case.objects.filter(pk__in=[c.pk for c in cases]).only(
            "pk", "submitted_at", "status", "grid_id", "category_id"
        )
        wrong = [
            c.reference
            for c in current
            if c.status not in Case.OPEN_STATUSES
            or c.grid_id not in grids
            or c.category_id not in categories
        ]
        if wrong:
            raise ValidationError(
                {
                    "cases": _(
                        "Only open cases of the campaign's area and categories can be added: "
                        "%(references)s is not one."
                    )
                    % {"references": ", ".join(sorted(wrong))}
                }
            )
        before = campaign.memberships.count()
        now = timezone.now()
        CampaignCase.objects.bulk_create(
            [
                CampaignCase(campaign=campaign, case=c, added_by=actor, added_at=now)
                for c in current
            ],
            ignore_conflicts=True,
        )
        transaction.on_commit(case_pages.invalidate)
        return campaign.memberships.count() - before


# --- Reports and closing ------------------------------------------------------------------------


def campaign_report_publish(
    *, actor, campaign: Campaign, text: str, text_en: str = ""
) -> CampaignReport:
    """The centre publishes a progress report on the campaign's page; its followers are told
    (once each, after commit)."""
    _require_permission(actor, "change_campaign")
    text, text_en = _text(text), _text(text_en)
    if not text:
        raise ValidationError({"text": _("Write the report (in Chinese).")})
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_running:
            raise ValidationError(
                _("This campaign is finished: its closing report is the last word.")
            )
        report = CampaignReport(
            campaign=campaign, text=text, text_en=text_en, author=actor, published_at=timezone.now()
        )
        report.full_clean()
        report.save()
        enqueue_on_commit("participation.tasks.campaign_report_notify", report.pk)
        transaction.on_commit(case_pages.invalidate)
    return report


def campaign_close(
    *, actor, campaign: Campaign, closing_report: str, closing_report_en: str = ""
) -> Campaign:
    """The centre closes a campaign with its closing report: no case joins it any more, its
    page shows the report, and its followers are told (once each, after commit)."""
    _require_permission(actor, "change_campaign")
    closing_report, closing_report_en = _text(closing_report), _text(closing_report_en)
    if not closing_report:
        raise ValidationError(
            {"closing_report": _("Write the closing report: what the campaign achieved.")}
        )
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_running:
            raise ValidationError(_("This campaign is finished already."))
        campaign.status = Status.FINISHED
        campaign.closing_report = closing_report
        campaign.closing_report_en = closing_report_en
        campaign.closed_at = timezone.now()
        campaign.full_clean()
        campaign.save(update_fields=["status", "closing_report", "closing_report_en", "closed_at"])
        enqueue_on_commit("participation.tasks.campaign_closed_notify", campaign.pk)
        transaction.on_commit(case_pages.invalidate)
    return campaign


# --- Following ----------------------------------------------------------------------------------


def campaign_follow_toggle(*, campaign: Campaign, user) -> bool:
    """Follow a public campaign (its progress reports and closing report come to the inbox and
    by email), or stop following it. Returns whether the person follows it now."""
    if not campaign.is_public:
        raise ValidationError(_("This campaign is not public."))
    with transaction.atomic():
        deleted, _rows = CampaignFollow.objects.filter(campaign=campaign, user=user).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                CampaignFollow.objects.create(campaign=campaign, user=user)
        except IntegrityError:  # a second click at the same time
            pass
    return True


# --- The hotspot threshold ----------------------------------------------------------------------


def hotspot_threshold_set(*, actor, ratio, minimum_cases) -> HotspotRule:
    """The centre sets how far above its usual a grid × category must go to be a hotspot. A new
    row each time (the history of thresholds is kept); the hotspots are recomputed after commit."""
    _require_permission(actor, "add_hotspotrule")
    errors = {}
    if ratio is None or ratio < 1:
        errors["ratio"] = _(
            "The threshold is a multiple of the usual number of cases: 1 or more (e.g. 2 for "
            "twice the usual)."
        )
    if minimum_cases is None or minimum_cases < 1:
        errors["minimum_cases"] = _("At least 1 case.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule = HotspotRule(
            ratio=ratio, minimum_cases=minimum_cases, changed_by=actor, changed_at=timezone.now()
        )
        rule.full_clean()
        rule.save()
        enqueue_on_commit("participation.tasks.hotspots_rollup")
    return rule
