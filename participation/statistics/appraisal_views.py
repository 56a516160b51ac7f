"""The public department appraisal (`/appraisal/`) and its downloads: read from the monthly
scorecards only (see `appraisal`), never from cases."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.spreadsheets import csv_response, xlsx_response

from .appraisal import (
    MEASURE_LIST,
    appraisal_pages,
    default_month,
    export_rows,
    measure_lines,
    month_scorecards,
    parse_month,
    scheme_lines,
    scorecard_months,
)


def _chosen_month(request, months):
    """The month asked for (?month=YYYY-MM; anything else: the default) and whether it has
    scorecards."""
    asked = parse_month(request.GET.get("month"))
    if asked is None:
        return default_month(months), True
    return asked, asked in months


def _segments(card) -> list[dict]:
    """The score's bar in pieces, one per measure: each measure's share of the score (its points
    scaled as the score is), laid end to end."""
    counted = sum(
        getattr(card.scheme, measure.weight_field)
        for measure in MEASURE_LIST
        if (card.points or {}).get(measure.key) is not None
    )
    segments, start = [], 0.0
    for measure in MEASURE_LIST:
        points = (card.points or {}).get(measure.key)
        if not points or not counted:
            continue
        width = round(100 * points / counted, 2)
        segments.append({"key": measure.key, "label": measure.label, "x": start, "width": width})
        start = round(start + width, 2)
    return segments


@require_GET
@appraisal_pages.page
def appraisal(request):
    months = scorecard_months()
    month, found = _chosen_month(request, months)
    cards = month_scorecards(month) if found and month else []
    entries = [{"card": card, "lines": measure_lines(card)} for card in cards]
    ranked = [entry for entry in entries if entry["card"].rank is not None]
    scheme = cards[0].scheme if cards else None
    position = months.index(month) if month in months else None
    newer = months[position - 1] if position else None
    older = months[position + 1] if position is not None and position + 1 < len(months) else None
    return render(
        request,
        "participation/statistics/appraisal.html",
        {
            "month": month,
            "months": months,
            "found": found,
            "ranked": ranked,
            "unranked": [entry for entry in entries if entry["card"].rank is None],
            "bars": [
                {"card": entry["card"], "segments": _segments(entry["card"])} for entry in ranked
            ],
            "measures": MEASURE_LIST,
            "scheme": scheme,
            "scheme_lines": scheme_lines(scheme) if scheme else [],
            "computed_at": max((card.computed_at for card in cards), default=None),
            "newer": newer,
            "older": older,
        },
        status=200 if found else 404,
    )


def _download_cards(request):
    months = scorecard_months()
    month, found = _chosen_month(request, months)
    if not (found and month):
        raise Http404
    return month, month_scorecards(month)


@require_GET
def appraisal_csv(request):
    month, cards = _download_cards(request)
    return csv_response(export_rows(month, cards), f"wuzhen-department-appraisal-{month:%Y-%m}.csv")


@require_GET
def appraisal_xlsx(request):
    month, cards = _download_cards(request)
    return xlsx_response(
        export_rows(month, cards),
        f"wuzhen-department-appraisal-{month:%Y-%m}.xlsx",
        sheet=f"{month:%Y-%m}",
    )
