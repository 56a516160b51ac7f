"""The monthly situation bulletin ("research bulletin"): drafted on the first of each month from
the month's roll-up (`CaseMonthlyStat`), the hotspots, the departments' scorecards, the running
campaigns and the leadership problem lists, as an unpublished Wagtail page under the "Bulletins"
section. Editors are told it awaits them; they review it and publish it through the site's
moderation workflow, like every page.

The page keeps a snapshot of the figures (`BulletinPage.figures`, JSON) as they were when it was
drafted: a bulletin says what the town knew then, whatever happens to the cases later. Names are
kept in both languages, so the page reads in either. The commentary (`body`) and summary are
written in the language of the site's main page tree (the town writes in Chinese); editors rewrite
them as they like and translate the page as any other.
"""

import datetime
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wagtail.models import Locale, Page, Site

from portal import roles
from portal.models import BilingualName
from portal.notifications import in_language_of, notify
from portal.tasks import enqueue_on_commit

from ..models import (
    BulletinIndexPage,
    BulletinPage,
    Campaign,
    Case,
    DepartmentScorecard,
    Grid,
    Hotspot,
    ProblemListItem,
)
from ..templatetags.case_statistics import handling_time, percent
from .rollup import month_start, next_month, period_statistics, town_figures

SECTION_SLUG = "bulletins"
TOP_CATEGORIES = 5
HOTSPOTS_SHOWN = 6
HIGHLIGHTS = 3
OVERDUE_SHOWN = 15
MAP_SIZE = 320  # the grid map's longer side, in SVG units
MAP_PADDING = 6
HANDLED_STATUSES = (Case.Status.RESOLVED, Case.Status.CLOSED)
# The month's figures, in the order the page shows them: (key, kind).
FIGURES = (
    ("received", "count"),
    ("resolved", "count"),
    ("on_time_rate", "rate"),
    ("satisfaction_rate", "rate"),
    ("median_hours", "hours"),
)


# --- Months -----------------------------------------------------------------------------------


def previous_month(month: datetime.date) -> datetime.date:
    return month_start(month_start(month) - datetime.timedelta(days=1))


def last_complete_month(now=None) -> datetime.date:
    return previous_month(timezone.localdate(now or timezone.now()))


def month_label(month: datetime.date) -> str:
    """ "March 2026" / "2026年3月", in the active language."""
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


# --- The figures snapshot ---------------------------------------------------------------------


def _in_each_language(text) -> dict:
    """{"zh-hans": …, "en": …}: `text()` said in each of the site's languages."""
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names[code] = str(text())
    return names


def _change(value, previous, places: int):
    if value is None or previous is None:
        return None
    return round(value - previous, places)


def month_figures(month: datetime.date) -> tuple[list[dict], list]:
    """The town's figures for `month` against the month before, and the month's category rows
    (read once from the roll-up)."""
    period = period_statistics(month, month)
    current, before = period.total, town_figures(previous_month(month))
    figures = []
    for key, kind in FIGURES:
        value, previous = getattr(current, key), getattr(before, key)
        places = 0 if kind == "count" else 1
        figures.append(
            {
                "key": key,
                "kind": kind,
                "value": value,
                "previous": previous,
                "change": _change(value, previous, places),
            }
        )
    return figures, period.categories


def top_categories(rows) -> list[dict]:
    rows = [row for row in rows if row.subject is not None][:TOP_CATEGORIES]
    peak = max([row.figures.received for row in rows] + [1])
    return [
        {
            "name": row.subject.names,
            "received": row.figures.received,
            "resolved": row.figures.resolved,
            "on_time_rate": row.figures.on_time_rate,
            "width": round(100 * row.figures.received / peak, 1),
        }
        for row in rows
    ]


def hotspots() -> tuple[list[dict], str | None]:
    """The hotspots as the centre's last computation found them, and when that was."""
    spots = list(Hotspot.objects.select_related("grid__community", "category")[:HOTSPOTS_SHOWN])
    computed = Hotspot.objects.aggregate(last=Max("computed_at"))["last"]
    peak = max([spot.recent_cases for spot in spots] + [1])
    rows = [
        {
            "grid_id": spot.grid_id,
            "grid_number": spot.grid.number,
            "grid": _in_each_language(lambda spot=spot: f"{spot.grid} ({spot.grid.community})"),
            "category": spot.category.names,
            "recent_cases": spot.recent_cases,
            "monthly_average": round(spot.monthly_average, 1),
            "ratio": round(spot.ratio, 1),
            "recent_width": round(100 * spot.recent_cases / peak, 1),
            "average_width": round(100 * min(spot.monthly_average, peak) / peak, 1),
        }
        for spot in spots
    ]
    return rows, computed.isoformat() if computed else None


def grid_map(hot_grid_ids) -> dict | None:
    """Every grid's outline, projected to a small SVG drawing; hotspot grids marked and numbered.
    None when no grid has a usable boundary."""
    rings = []
    for grid in Grid.objects.only("pk", "number", "boundary").order_by("number"):
        try:
            ring = [(float(lng), float(lat)) for lng, lat in grid.boundary["coordinates"][0]]
        except (KeyError, TypeError, ValueError, IndexError):
            continue
        if len(ring) >= 3:
            rings.append((grid, ring))
    if not rings:
        return None
    lngs = [lng for _grid, ring in rings for lng, _lat in ring]
    lats = [lat for _grid, ring in rings for _lng, lat in ring]
    west, east, south, north = min(lngs), max(lngs), min(lats), max(lats)
    # Degrees of longitude are shorter away from the equator: scale them to look right.
    squash = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * squash, north - south
    if span_x <= 0 or span_y <= 0:
        return None
    scale = (MAP_SIZE - 2 * MAP_PADDING) / max(span_x, span_y)

    def point(lng, lat):
        x = MAP_PADDING + (lng - west) * squash * scale
        y = MAP_PADDING + (north - lat) * scale
        return round(x, 1), round(y, 1)

    hot = set(hot_grid_ids)
    shapes = []
    for grid, ring in rings:
        projected = [point(lng, lat) for lng, lat in ring]
        corners = projected[:-1] if projected[0] == projected[-1] else projected
        shapes.append(
            {
                "number": grid.number,
                "points": " ".join(f"{x},{y}" for x, y in projected),
                "hot": grid.pk in hot,
                "x": round(sum(x for x, _y in corners) / len(corners), 1),
                "y": round(sum(y for _x, y in corners) / len(corners), 1),
            }
        )
    return {
        "width": round(span_x * scale + 2 * MAP_PADDING, 1),
        "height": round(span_y * scale + 2 * MAP_PADDING, 1),
        "grids": shapes,
    }


def appraisal_highlights(month: datetime.date) -> dict:
    """The month's top and bottom ranked departments (scorecards with a rank)."""
    cards = list(
        DepartmentScorecard.objects.filter(month=month, rank__isnull=False)
        .select_related("department")
        .order_by("rank", "department__code")
    )

    def row(card):
        return {
            "rank": card.rank,
            "department": card.department.names,
            "score": None if card.score is None else round(card.score, 1),
            "handled": card.handled,
            "on_time_rate": card.on_time_rate,
            "satisfaction_rate": card.satisfaction_rate,
        }

    top = cards[:HIGHLIGHTS]
    bottom = [card for card in cards[-HIGHLIGHTS:] if card not in top]
    return {"ranked": len(cards), "top": [row(c) for c in top], "bottom": [row(c) for c in bottom]}


def campaigns_progress(month: datetime.date) -> list[dict]:
    """Public campaigns running at some time in `month`: cases handled out of their cases."""
    last_day = next_month(month) - datetime.timedelta(days=1)
    campaigns = (
        Campaign.objects.filter(is_public=True, starts_on__lte=last_day)
        .filter(
            Q(status=Campaign.Status.RUNNING)
            | Q(closed_at__date__gte=month)
            | Q(closed_at__isnull=True, ends_on__gte=month)
        )
        .annotate(
            total=Count("memberships", distinct=True),
            handled=Count(
                "memberships",
                filter=Q(memberships__case__status__in=HANDLED_STATUSES),
                distinct=True,
            ),
        )
        .order_by("starts_on", "pk")
    )
    return [
        {
            "slug": campaign.slug,
            "title": {"zh-hans": campaign.title, "en": campaign.title_en},
            "status": campaign.status,
            "starts_on": campaign.starts_on.isoformat(),
            "ends_on": campaign.ends_on.isoformat(),
            "handled": campaign.handled,
            "total": campaign.total,
            "width": round(100 * campaign.handled / campaign.total, 1) if campaign.total else 0,
        }
        for campaign in campaigns
    ]


def overdue_leadership_items(now) -> tuple[list[dict], int]:
    """Problem list items whose case is still open past its time limit, most overdue first (at
    most OVERDUE_SHOWN), and how many there are in all."""
    items = ProblemListItem.objects.filter(
        case__status__in=Case.OPEN_STATUSES, case__due_at__lt=now
    )
    total = items.count()
    rows = []
    for item in items.select_related("problem_list", "case__department", "case__category").order_by(
        "case__due_at", "pk"
    )[:OVERDUE_SHOWN]:
        case = item.case
        rows.append(
            {
                "list": item.problem_list.title,
                "position": item.position,
                "reference": case.reference,
                # A hidden case's words stay off public pages; its category says what it is.
                "title": "" if case.is_hidden else case.title,
                "category": case.category.names,
                "department": case.department.names if case.department else None,
                "due_at": case.due_at.isoformat(),
                "days_overdue": (now - case.due_at).days,
            }
        )
    return rows, total


def bulletin_figures(*, month: datetime.date, now) -> dict:
    """The snapshot a bulletin keeps: everything its tables and charts show."""
    month = month_start(month)
    figures, category_rows = month_figures(month)
    spots, spots_computed = hotspots()
    overdue, overdue_total = overdue_leadership_items(now)
    return {
        "version": 1,
        "month": month.isoformat(),
        "previous_month": previous_month(month).isoformat(),
        "drafted_at": now.isoformat(),
        "figures": figures,
        "categories": top_categories(category_rows),
        "hotspots": spots,
        "hotspots_computed_at": spots_computed,
        "map": grid_map([spot["grid_id"] for spot in spots]) if spots else None,
        "appraisal": appraisal_highlights(month),
        "campaigns": campaigns_progress(month),
        "overdue": overdue,
        "overdue_total": overdue_total,
    }


# --- The words of the draft -------------------------------------------------------------------


def _listed(parts) -> str:
    return pgettext("list separator", ", ").join(parts)


def _name(names) -> str:
    return BilingualName.localize(names) if isinstance(names, dict) else str(names or "")


def bulletin_text(snapshot: dict) -> dict:
    """Title, summary and commentary for the snapshot, in the active language: a first draft
    that editors rewrite as they see fit."""
    month = datetime.date.fromisoformat(snapshot["month"])
    before = datetime.date.fromisoformat(snapshot["previous_month"])
    figures = {figure["key"]: figure for figure in snapshot["figures"]}
    received, resolved = figures["received"], figures["resolved"]
    on_time = figures["on_time_rate"]["value"]
    satisfaction = figures["satisfaction_rate"]["value"]
    median = figures["median_hours"]["value"]

    sentences = [
        _(
            "In %(month)s the town received %(received)s cases, against %(previous)s in "
            "%(previous_month)s, and has resolved %(resolved)s of them so far."
        )
        % {
            "month": month_label(month),
            "received": received["value"],
            "previous": received["previous"],
            "previous_month": month_label(before),
            "resolved": resolved["value"],
        }
    ]
    if on_time is not None:
        sentences.append(
            _("%(rate)s of the resolved cases met their deadline.") % {"rate": percent(on_time)}
        )
    if satisfaction is not None:
        sentences.append(
            _("%(rate)s of residents' evaluations were satisfied or basically satisfied.")
            % {"rate": percent(satisfaction)}
        )
    if median is not None:
        sentences.append(
            _("The median handling time was %(time)s.") % {"time": handling_time(median)}
        )
    paragraphs = [" ".join(sentences)]

    if snapshot["categories"]:
        paragraphs.append(
            _("Most reported: %(categories)s.")
            % {
                "categories": _listed(
                    f"{_name(row['name'])} ({row['received']})" for row in snapshot["categories"]
                )
            }
        )
    if snapshot["hotspots"]:
        paragraphs.append(
            _("Hotspots: %(hotspots)s.")
            % {
                "hotspots": _listed(
                    f"{_name(spot['grid'])} · {_name(spot['category'])}"
                    for spot in snapshot["hotspots"]
                )
            }
        )
    top = snapshot["appraisal"]["top"]
    if top:
        paragraphs.append(
            _("Best-ranked departments in the appraisal: %(departments)s.")
            % {"departments": _listed(_name(row["department"]) for row in top)}
        )
    if snapshot["campaigns"]:
        paragraphs.append(
            _("Rectification campaigns: %(campaigns)s.")
            % {
                "campaigns": _listed(
                    _("%(title)s (%(handled)s of %(total)s cases handled)")
                    % {
                        "title": _name(row["title"]),
                        "handled": row["handled"],
                        "total": row["total"],
                    }
                    for row in snapshot["campaigns"]
                )
            }
        )
    if snapshot["overdue_total"]:
        paragraphs.append(
            _("Leadership problem list items past their time limit: %(count)s.")
            % {"count": snapshot["overdue_total"]}
        )
    else:
        paragraphs.append(_("No leadership problem list item is past its time limit."))

    summary = _(
        "%(month)s: %(received)s cases received, %(resolved)s resolved, %(on_time)s on time."
    ) % {
        "month": month_label(month),
        "received": received["value"],
        "resolved": resolved["value"],
        "on_time": percent(on_time),
    }
    return {
        "title": _("Situation bulletin, %(month)s") % {"month": month_label(month)},
        "summary": summary[:300],
        "body": [("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs],
    }


# --- Writes -----------------------------------------------------------------------------------


def main_locale() -> Locale:
    """The language of the site's main page tree (its root page's): bulletins are drafted there
    and translated from it, as every page is."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page__locale").first()
    return site.root_page.locale if site else Locale.get_default()


def bulletin_section(*, locale: Locale) -> BulletinIndexPage:
    """The "Bulletins" section of `locale`'s tree, made (and published: an empty list) under the
    default site's home page in that language when there is none yet."""
    section = BulletinIndexPage.objects.filter(locale=locale).order_by("path").first()
    if section is not None:
        return section
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ValidationError(_("The site has no home page to put the bulletins under."))
    home = site.root_page.get_translation_or_none(locale) or site.root_page
    with translation.override(locale.language_code):
        section = BulletinIndexPage(
            title=_("Bulletins"),
            slug=SECTION_SLUG,
            introduction=_(
                "Each month's situation bulletin: the town's figures, hotspots, the departments' "
                "appraisal, campaigns and the leaders' overdue items."
            ),
        )
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


@transaction.atomic
def bulletin_draft(*, month: datetime.date, now=None) -> BulletinPage:
    """Draft the situation bulletin of `month` as an unpublished page awaiting the editors, and
    tell them. A month that has not ended is refused; a month that has a bulletin already (in
    any language, drafted or published) gets no second one: that one is returned."""
    now = now or timezone.now()
    month = month_start(month)
    if next_month(month) > timezone.localdate(now):
        raise ValidationError(
            _(
                "The bulletin for %(month)s can only be drafted once the month has ended, "
                "from %(date)s."
            )
            % {
                "month": month_label(month),
                "date": formats.date_format(next_month(month), "DATE_FORMAT"),
            },
            code="month_not_ended",
        )
    locale = main_locale()
    section = bulletin_section(locale=locale)
    # One drafter at a time per section: a second run waits here, then finds the first's page.
    Page.objects.select_for_update().filter(pk=section.pk).first()
    existing = BulletinPage.objects.filter(month=month)
    found = existing.filter(locale=locale).first() or existing.order_by("pk").first()
    if found is not None:
        return found

    snapshot = bulletin_figures(month=month, now=now)
    with translation.override(locale.language_code):
        text = bulletin_text(snapshot)
    page = BulletinPage(
        title=text["title"],
        slug=f"{month:%Y-%m}",
        month=month,
        summary=text["summary"],
        body=text["body"],
        figures=snapshot,
        live=False,
    )
    section.add_child(instance=page)
    page.save_revision()
    enqueue_on_commit("participation.tasks.bulletin_review_notice", page.pk)
    return page


def bulletin_draft_monthly(*, now=None) -> BulletinPage:
    """The first of each month: last month's bulletin (once, however often this runs)."""
    now = now or timezone.now()
    return bulletin_draft(month=last_complete_month(now), now=now)


def bulletin_review_notice(page_id: int) -> int:
    """Tell every editor that a drafted bulletin awaits review (once per editor and bulletin).
    Nothing to say once it is live. Returns the number of editors told."""
    page = BulletinPage.objects.filter(pk=page_id).first()
    if page is None or page.live:
        return 0
    editors = (
        get_user_model()
        .objects.filter(groups__name=roles.EDITOR, is_active=True)
        .distinct()
        .order_by("pk")
    )
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    told = 0
    for editor in editors:
        with in_language_of(editor):
            month = month_label(page.month)
            notify(
                recipient=editor,
                key=f"bulletin-draft:{page.pk}:{editor.pk}",
                subject=_("The situation bulletin for %(month)s awaits review") % {"month": month},
                body=_(
                    "The situation bulletin for %(month)s has been drafted from the month's "
                    "figures. Check it, add the centre's commentary, then submit it for "
                    "moderation to publish it."
                )
                % {"month": month},
                url=url,
            )
        told += 1
    return told
