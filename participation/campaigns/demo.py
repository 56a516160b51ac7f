"""Demo campaigns and hotspots (the texts are in demo.json), made through the services:

* a finished campaign on the old town's lanes (clutter and stalls in Xizha and Dongzha), some
  seven to four months ago: the demo cases reported there in its period joined it; three
  progress reports, a closing report, and before/after photos on a few of its fixed cases;
* a running campaign on the stalls of Xizha old street, launched three weeks ago after a burst of
  reports in grid 2 (reported by demo residents; the first four fixed by the Law Enforcement
  Squad, staff@example.org, with photos), two progress reports, followed by resident@example.org;
* another burst (rubbish by the canal in grid 25) that no campaign covers yet, so the centre's
  dashboard offers to launch one; then the hotspots are computed.

Cases are made now through `case_submit` and the workflow, then their times are moved back to
the days in demo.json: the demo looks the same on every date. Idempotent: a campaign that exists
(by its address) is left as it is, with its cases."""

import json
import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from .. import services as case_services
from ..models import (
    Attachment,
    Campaign,
    CampaignCase,
    CampaignReport,
    Case,
    CaseEvent,
    Category,
    Department,
    Grid,
    Hotspot,
)
from ..selectors import grid_centre
from ..statistics.hotspots import hotspots_rollup
from . import services

DATA = Path(__file__).with_name("demo.json")
Stage = Attachment.Stage


def seed_campaigns(*, stdout=None) -> dict[str, int]:
    """Needs the demo structure, staff and cases first (`participation.demo`)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    User = get_user_model()
    people = {
        key: User.objects.filter(email=data[key]).first() for key in ("centre", "staff", "follower")
    }
    if people["centre"] is not None:
        with transaction.atomic():
            if not Campaign.objects.filter(slug=data["finished"]["slug"]).exists():
                _finished(data["finished"], people)
            if not Campaign.objects.filter(slug=data["running"]["slug"]).exists():
                _running(data["running"], data["bursts"], people)
            hotspots_rollup()
    if stdout is not None:
        stdout.write(
            "  Campaigns: one finished and one running, on /campaigns/; hotspots on the admin "
            "home and under Campaigns › Hotspots."
        )
    return {
        "campaigns": Campaign.objects.count(),
        "campaign cases": CampaignCase.objects.count(),
        "campaign reports": CampaignReport.objects.count(),
        "hotspots": Hotspot.objects.count(),
    }


def _at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _launch(entry: dict, centre, *, starts_on, ends_on) -> Campaign:
    campaign = services.campaign_launch(
        actor=centre,
        slug=entry["slug"],
        title=entry["title"],
        title_en=entry["title_en"],
        goal=entry["goal"],
        goal_en=entry["goal_en"],
        grids=Grid.objects.filter(community__code__in=entry["communities"]),
        categories=Category.objects.filter(code__in=entry["categories"]),
        starts_on=starts_on,
        ends_on=ends_on,
        lead_department=Department.objects.get(code=entry["lead"]),
        joint_departments=Department.objects.filter(code__in=entry["joint"]),
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        created_at=_at((timezone.localdate() - starts_on).days + 1, 16)
    )
    return campaign


def _reports(campaign: Campaign, entries: list[dict], centre) -> None:
    for entry in entries:
        report = services.campaign_report_publish(
            actor=centre, campaign=campaign, text=entry["text"], text_en=entry["text_en"]
        )
        CampaignReport.objects.filter(pk=report.pk).update(published_at=_at(entry["days_ago"], 17))


def _finished(entry: dict, people: dict) -> Campaign:
    today = timezone.localdate()
    campaign = _launch(
        entry,
        people["centre"],
        starts_on=today - timedelta(days=entry["starts_days_ago"]),
        ends_on=today - timedelta(days=entry["ends_days_ago"]),
    )
    _reports(campaign, entry["reports"], people["centre"])
    _photos(campaign, entry["photos"])
    services.campaign_close(
        actor=people["centre"],
        campaign=campaign,
        closing_report=entry["closing_report"],
        closing_report_en=entry["closing_report_en"],
    )
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=_at(entry["closed_days_ago"], 16))
    return campaign


def _photos(campaign: Campaign, count: int) -> None:
    """Before and after photos on a few of the campaign's fixed public cases (the demo cases
    have none), as the reporter and the department would have sent them."""
    from ..demo import _demo_photo
    from ..tasks import attachment_thumbnail

    fixed = Case.objects.filter(
        campaign_memberships__campaign=campaign,
        is_hidden=False,
        status__in=[Case.Status.RESOLVED, Case.Status.CLOSED],
        resolved_at__isnull=False,
        attachments=None,
    ).order_by("-resolved_at")[:count]
    for case in fixed:
        for stage, after in ((Stage.REPORT, False), (Stage.RECTIFICATION, True)):
            photo = Attachment(
                case=case,
                kind=Attachment.Kind.PHOTO,
                stage=stage,
                content_type="image/jpeg",
                width=640,
                height=480,
                uploaded_by=None if after else case.reporter,
                created_at=case.resolved_at if after else case.submitted_at,
            )
            photo.file.save(
                f"campaign-{case.pk}-{stage}.jpg", _demo_photo("p.jpg", after=after), save=False
            )
            photo.save()
            attachment_thumbnail(photo.pk)


def _running(entry: dict, bursts: list[dict], people: dict) -> Campaign:
    today = timezone.localdate()
    campaign = _launch(
        entry,
        people["centre"],
        starts_on=today - timedelta(days=entry["starts_days_ago"]),
        ends_on=today + timedelta(days=entry["ends_in_days"]),
    )
    if people["follower"] is not None:
        services.campaign_follow_toggle(campaign=campaign, user=people["follower"])
    for burst in bursts:
        _burst(burst, people)
    _reports(campaign, entry["reports"], people["centre"])
    return campaign


def _photo_file(name: str, *, after: bool) -> SimpleUploadedFile:
    from ..demo import _demo_photo

    return SimpleUploadedFile(name, _demo_photo(name, after=after).read(), "image/jpeg")


def _burst(burst: dict, people: dict) -> None:
    """Cases reported in one grid and category on the days given (newest last), by demo
    residents; those with a fixed day were dispatched and fixed with photos on it."""
    from ..demo import demo_residents
    from ..tasks import attachment_thumbnail

    rng = random.Random(f"{burst['grid']}-{burst['category']}")
    residents = demo_residents()
    grid = Grid.objects.get(number=burst["grid"])
    category = Category.objects.get(code=burst["category"])
    latitude, longitude = grid_centre(grid)
    fixed_days = burst["fixed_days_ago"]
    for index, days_ago in enumerate(burst["days_ago"]):
        case, _created = case_services.case_submit(
            reporter=rng.choice(residents),
            category=category,
            urgency=Case.Urgency.ROUTINE,
            title=burst["title"],
            description=burst["description"],
            latitude=latitude,
            longitude=longitude,
            photos=[_photo_file("before.jpg", after=False)],
        )
        fixed = fixed_days[index] if index < len(fixed_days) else None
        if fixed is not None and people["staff"] is not None:
            case = case_services.case_dispatch(
                case=case,
                actor=people["centre"],
                department=category.default_department,
                public_message=burst["summary"].split("\n")[0],
                publish_report=True,
            )
            case = case_services.case_accept(case=case, actor=people["staff"])
            case = case_services.case_resolve(
                case=case,
                actor=people["staff"],
                summary=burst["summary"],
                photos=[_photo_file("after.jpg", after=True)],
            )
        _move_back(case, reported=_at(days_ago, 9 + index % 8), fixed=fixed and _at(fixed, 15))
        for attachment in case.attachments.all():
            attachment_thumbnail(attachment.pk)


def _move_back(case: Case, *, reported: datetime, fixed: datetime | None) -> None:
    """A case made just now as if reported at `reported` and, if it was fixed, every later
    step at `fixed`: its times, timeline, files and campaign memberships."""
    case = Case.objects.get(pk=case.pk)
    report_shift = case.submitted_at - reported
    events = list(case.events.order_by("created_at", "pk"))
    first = events[0]
    fix_shift = events[-1].created_at - fixed if fixed and len(events) > 1 else None
    first.created_at -= report_shift
    for event in events[1:]:
        event.created_at -= fix_shift or report_shift
    CaseEvent.objects.bulk_update(events, ["created_at"])
    case.submitted_at = reported
    for name in ("dispatched_at", "accepted_at", "resolved_at", "due_at"):
        if getattr(case, name) is not None:
            setattr(case, name, getattr(case, name) - (fix_shift or report_shift))
    case.updated_at = events[-1].created_at
    case.save(
        update_fields=[
            "submitted_at",
            "dispatched_at",
            "accepted_at",
            "resolved_at",
            "due_at",
            "updated_at",
        ]
    )
    for attachment in case.attachments.all():
        shift = report_shift if attachment.stage == Stage.REPORT else (fix_shift or report_shift)
        Attachment.objects.filter(pk=attachment.pk).update(created_at=attachment.created_at - shift)
    CampaignCase.objects.filter(case=case, added_by__isnull=True).update(added_at=reported)
