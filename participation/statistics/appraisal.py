"""Department appraisal: each department's monthly scorecard, its weighted score and its rank,
kept by the monthly task `participation.tasks.appraisal_rollup`, and the weights and targets the
administrators set (`appraisal_scheme_change`).

The month is a calendar month in local time. For department D and month M:

- **Cases handled**: cases whose department is D and that stand resolved or closed with their
  (latest) resolution in M. Where the centre checks repairs, the resolution is the centre's
  approval. A case reopened later leaves M and counts in the month of its next resolution.
- **On-time rate**: of the cases handled that had a due time, the share resolved by it (after a
  reopening, by the new due time).
- **Median handling time**: the middle of the cases handled, from the centre sending the case to
  the department until its resolution, in hours (exact, not from a histogram).
- **Satisfaction**: of the evaluations residents gave in M on D's cases, the share "satisfied"
  or "basically satisfied".
- **Passed the first check**: of the repairs of D's cases the centre checked for the first time
  in M, the share it approved at that first check (a repair sent back does not pass, even when
  approved later).
- **Reopen rate**: of the cases handled, the share reopened at least once before this resolution
  (a resident unsatisfied, or the centre finding the repair not done).
- **Returned to the centre**: of the cases sent to D in M, the share D sent back as "not ours".
  Sent = the returns D made in M plus the cases dispatched in M that are still with D (a case
  returned and dispatched again counts for each department it was sent to). A return is D's
  by the department the event records, or else by the one department its author works in.

Each of the six weighted measures earns points out of its weight: higher-is-better measures
(on time, satisfaction, first check) earn weight × min(1, result ÷ target), lower-is-better ones
(handling time, reopen, returned) weight × min(1, target ÷ result) (full points at or under the
target). A measure with nothing to count that month (no repair checked, say) is left out and the
score scaled from the others: score = 100 × points earned ÷ weights of the measures counted. The
weights add up to 100. Results are rounded as shown (rates to 0.1 %, hours to 0.1 h) before they
earn points, so the page's figures add up. Departments that handled fewer cases than the scheme's
`minimum_cases` (20) get a scorecard but no rank; equal scores share a rank.

The scheme in force for M is the latest row applying from M or earlier; a change an administrator
makes applies from the next month. Each month is computed from a handful of aggregate queries over
that month's cases (and one read of its handled cases' times for the median), never a query per
department or case; re-running a month replaces its scorecards in one transaction.
"""

import datetime
import re
import statistics
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.cache import PublicPageCache

from ..models import (
    AppraisalScheme,
    Case,
    CaseEvent,
    Department,
    DepartmentMembership,
    DepartmentScorecard,
    Evaluation,
)
from ..models.appraisal import MEASURES
from .rollup import RESOLVED_STATUSES, _local_midnight, current_month, month_start, next_month

# The public page reads only scorecards: cached for readers until the next roll-up.
appraisal_pages = PublicPageCache("appraisal", timeout=3600)

CHANGE_PERMISSION = "participation.add_appraisalscheme"
VIEW_PERMISSION = "participation.view_departmentscorecard"
DEFAULT_SCHEME_FROM = datetime.date(2020, 1, 1)
TREND_MONTHS = 12
DECISIONS = (CaseEvent.Action.APPROVE, CaseEvent.Action.SEND_BACK)
SATISFIED = (Evaluation.Rating.SATISFIED, Evaluation.Rating.BASICALLY_SATISFIED)
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


# --- The measures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One weighted measure: where its result and target live, and which way is better."""

    key: str
    field: str
    target_field: str
    higher_is_better: bool
    hours: bool
    label: Promise
    definition: Promise

    @property
    def weight_field(self) -> str:
        return f"weight_{self.key}"

    def met(self, value, target) -> bool | None:
        if value is None:
            return None
        return value >= target if self.higher_is_better else value <= target

    def points(self, value, target, weight) -> float | None:
        """Points out of `weight` for `value` against `target`; None when nothing was counted."""
        if value is None:
            return None
        if self.higher_is_better:
            share = 1.0 if target <= 0 else min(1.0, value / target)
        else:
            share = 1.0 if value <= target else target / value
        return round(weight * share, 2)

    def format(self, value) -> str:
        if value is None:
            return "—"
        if self.hours:
            return _("%(hours)s h") % {"hours": number_format(value, 1)}
        return f"{number_format(value, 1)}\u00a0%"

    def format_target(self, target) -> str:
        if self.hours:
            text = _("%(hours)s h") % {"hours": number_format(target, 0)}
        else:
            text = f"{number_format(target, 0)}\u00a0%"
        if self.higher_is_better:
            return _("at least %(target)s") % {"target": text}
        return _("at most %(target)s") % {"target": text}


MEASURE_LIST = (
    Measure(
        "on_time",
        "on_time_rate",
        "target_on_time",
        True,
        False,
        gettext_lazy("On-time rate"),
        gettext_lazy(
            "Of the cases handled that had a due time, the share resolved by it (after a "
            "reopening, by the new due time)."
        ),
    ),
    Measure(
        "handling",
        "median_handling_hours",
        "target_handling_hours",
        False,
        True,
        gettext_lazy("Median handling time"),
        gettext_lazy(
            "From the centre sending a case to the department until it was resolved: half the "
            "cases handled took less."
        ),
    ),
    Measure(
        "satisfaction",
        "satisfaction_rate",
        "target_satisfaction",
        True,
        False,
        gettext_lazy("Satisfaction"),
        gettext_lazy(
            "Of the evaluations residents gave this month on the department's cases, the share "
            "“satisfied” or “basically satisfied”."
        ),
    ),
    Measure(
        "first_pass",
        "first_pass_rate",
        "target_first_pass",
        True,
        False,
        gettext_lazy("Passed the centre's first check"),
        gettext_lazy(
            "Of the repairs the linkage centre checked for the first time this month, the share "
            "it approved at once. A repair sent back does not pass, even if approved later."
        ),
    ),
    Measure(
        "reopen",
        "reopen_rate",
        "target_reopen",
        False,
        False,
        gettext_lazy("Reopen rate"),
        gettext_lazy(
            "Of the cases handled, the share that had to be reopened at least once (a resident "
            "unsatisfied, or the centre finding the repair not done)."
        ),
    ),
    Measure(
        "returned",
        "returned_rate",
        "target_returned",
        False,
        False,
        gettext_lazy("Returned to the centre"),
        gettext_lazy(
            "Of the cases the centre sent to the department this month, the share it sent back "
            "as not its own."
        ),
    ),
)
assert tuple(measure.key for measure in MEASURE_LIST) == MEASURES
MEASURE_BY_KEY = {measure.key: measure for measure in MEASURE_LIST}
WEIGHT_FIELDS = tuple(measure.weight_field for measure in MEASURE_LIST)
TARGET_FIELDS = tuple(measure.target_field for measure in MEASURE_LIST)
SCHEME_FIELDS = (*WEIGHT_FIELDS, *TARGET_FIELDS, "minimum_cases")
PERCENT_TARGETS = tuple(f for f in TARGET_FIELDS if f != "target_handling_hours")


# --- Months -------------------------------------------------------------------------------------


def previous_month(today: datetime.date | None = None) -> datetime.date:
    first = month_start(today or timezone.localdate())
    return month_start(first - datetime.timedelta(days=1))


def parse_month(value) -> datetime.date | None:
    """A month from a date, a datetime or "YYYY-MM"; None if it is none of them."""
    if isinstance(value, datetime.datetime):
        return month_start(timezone.localtime(value).date() if timezone.is_aware(value) else value)
    if isinstance(value, datetime.date):
        return month_start(value)
    match = MONTH_PATTERN.match(str(value or "").strip())
    if not match:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


# --- Counting a month ---------------------------------------------------------------------------


@dataclass
class Counts:
    """What one department's rates are worked out from, for one month."""

    handled: int = 0
    with_deadline: int = 0
    on_time: int = 0
    reopened: int = 0
    evaluations: int = 0
    satisfied: int = 0
    checked: int = 0
    passed_first_check: int = 0
    kept: int = 0
    returned: int = 0
    handling_hours: list[float] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return self.kept + self.returned

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    def rates(self) -> dict:
        median = statistics.median(self.handling_hours) if self.handling_hours else None
        return {
            "on_time_rate": self._rate(self.on_time, self.with_deadline),
            "median_handling_hours": None if median is None else round(median, 1),
            "satisfaction_rate": self._rate(self.satisfied, self.evaluations),
            "first_pass_rate": self._rate(self.passed_first_check, self.checked),
            "reopen_rate": self._rate(self.reopened, self.handled),
            "returned_rate": self._rate(self.returned, self.sent),
        }

    def as_json(self) -> dict:
        return {
            "with_deadline": self.with_deadline,
            "on_time": self.on_time,
            "reopened": self.reopened,
            "evaluations": self.evaluations,
            "satisfied": self.satisfied,
            "checked": self.checked,
            "passed_first_check": self.passed_first_check,
            "sent": self.sent,
            "returned": self.returned,
        }


def month_counts(month: datetime.date) -> dict[int, Counts]:
    """Each department's counts for `month`, by department id (departments with anything to
    count only): a few queries, whatever the number of cases and departments."""
    start, end = _local_midnight(month), _local_midnight(next_month(month))
    counts: dict[int, Counts] = {}

    def of(department_id) -> Counts:
        return counts.setdefault(department_id, Counts())

    handled = Case.objects.filter(
        status__in=RESOLVED_STATUSES,
        resolved_at__gte=start,
        resolved_at__lt=end,
        department__isnull=False,
    ).order_by()
    for row in handled.values("department_id").annotate(
        handled=Count("pk"),
        with_deadline=Count("pk", filter=Q(due_at__isnull=False)),
        on_time=Count("pk", filter=Q(resolved_at__lte=F("due_at"))),
        reopened=Count("pk", filter=Q(reopen_count__gt=0)),
    ):
        cell = of(row["department_id"])
        cell.handled, cell.with_deadline = row["handled"], row["with_deadline"]
        cell.on_time, cell.reopened = row["on_time"], row["reopened"]
    # The median needs every duration: two times per handled case, read in one pass.
    times = handled.values_list("department_id", "dispatched_at", "submitted_at", "resolved_at")
    for department_id, dispatched, submitted, resolved in times.iterator(chunk_size=5000):
        hours = (resolved - (dispatched or submitted)).total_seconds() / 3600
        of(department_id).handling_hours.append(hours)

    evaluations = (
        Evaluation.objects.filter(
            created_at__gte=start, created_at__lt=end, case__department__isnull=False
        )
        .order_by()
        .values("case__department_id")
        .annotate(total=Count("pk"), satisfied=Count("pk", filter=Q(rating__in=SATISFIED)))
    )
    for row in evaluations:
        cell = of(row["case__department_id"])
        cell.evaluations, cell.satisfied = row["total"], row["satisfied"]

    earlier = CaseEvent.objects.filter(case_id=OuterRef("case_id"), action__in=DECISIONS).filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    first_checks = (
        CaseEvent.objects.filter(
            action__in=DECISIONS,
            created_at__gte=start,
            created_at__lt=end,
            case__department__isnull=False,
        )
        .filter(~Exists(earlier))
        .order_by()
        .values("case__department_id")
        .annotate(
            checked=Count("pk"), passed=Count("pk", filter=Q(action=CaseEvent.Action.APPROVE))
        )
    )
    for row in first_checks:
        cell = of(row["case__department_id"])
        cell.checked, cell.passed_first_check = row["checked"], row["passed"]

    kept = (
        Case.objects.filter(dispatched_at__gte=start, dispatched_at__lt=end)
        .exclude(department=None)
        .order_by()
        .values("department_id")
        .annotate(kept=Count("pk"))
    )
    for row in kept:
        of(row["department_id"]).kept = row["kept"]

    for department_id in _returns(start, end):
        of(department_id).returned += 1
    return counts


def _returns(start, end) -> list[int]:
    """The department of each return to the centre in [start, end): recorded on the event, or
    else the one department its author works in (a return whose author works in several
    departments, or none, is nobody's)."""
    returns = list(
        CaseEvent.objects.filter(
            action=CaseEvent.Action.RETURN, created_at__gte=start, created_at__lt=end
        ).values_list("details", "actor_id")
    )
    unknown = {actor for details, actor in returns if not (details or {}).get("department_id")}
    memberships: dict[int, list[int]] = {}
    if unknown - {None}:
        for user_id, department_id in DepartmentMembership.objects.filter(
            user_id__in=unknown - {None}
        ).values_list("user_id", "department_id"):
            memberships.setdefault(user_id, []).append(department_id)
    departments = []
    for details, actor in returns:
        recorded = (details or {}).get("department_id")
        if recorded:
            departments.append(recorded)
        elif len(memberships.get(actor, [])) == 1:
            departments.append(memberships[actor][0])
    existing = set(Department.objects.filter(pk__in=set(departments)).values_list("pk", flat=True))
    return [pk for pk in departments if pk in existing]


# --- Scoring ------------------------------------------------------------------------------------


def scheme_for(month: datetime.date) -> AppraisalScheme | None:
    """The weights and targets in force for `month`: the latest row applying from it or before
    (or, for a month before every row, the first row)."""
    # Rows are only ever added, so the higher id is the later change.
    schemes = AppraisalScheme.objects.order_by("-effective_from", "-pk")
    return (
        schemes.filter(effective_from__lte=month_start(month)).first()
        or AppraisalScheme.objects.order_by("effective_from", "pk").first()
    )


def score(rates: dict, scheme: AppraisalScheme) -> tuple[dict, float | None]:
    """Each measure's points out of its weight, and the score out of 100 (None when no
    weighted measure had anything to count)."""
    points, earned, counted = {}, 0.0, 0
    for measure in MEASURE_LIST:
        weight = getattr(scheme, measure.weight_field)
        value = rates[measure.field]
        points[measure.key] = measure.points(value, getattr(scheme, measure.target_field), weight)
        if points[measure.key] is not None and weight:
            earned += points[measure.key]
            counted += weight
    return points, (round(100 * earned / counted, 1) if counted else None)


def rank(cards: list[DepartmentScorecard], minimum: int) -> None:
    """Rank the cards with a score and at least `minimum` cases handled, best first; equal
    scores share a rank (1, 2, 2, 4). The others get no rank."""
    ranked = sorted(
        (card for card in cards if card.score is not None and card.handled >= minimum),
        key=lambda card: -card.score,
    )
    for card in cards:
        card.rank = None
    previous = None
    for position, card in enumerate(ranked, start=1):
        card.rank = previous.rank if previous and previous.score == card.score else position
        previous = card


# --- The roll-up (the monthly task) -------------------------------------------------------------


def appraisal_rollup(*, month=None) -> int:
    """Compute every department's scorecard for `month` (a date or "YYYY-MM"; by default last
    month) and rank them, replacing that month's scorecards in one transaction: safe to re-run
    for any month. Returns the number of scorecards."""
    month = previous_month() if month is None else parse_month(month)
    if month is None:
        raise ValueError("Give the month as a date or as YYYY-MM.")
    counts = month_counts(month)
    now = timezone.now()
    with transaction.atomic():
        scheme = scheme_for(month) or AppraisalScheme.objects.create(
            effective_from=DEFAULT_SCHEME_FROM, reason="Initial weights and targets."
        )
        cards = []
        for department_id, cell in counts.items():
            rates = cell.rates()
            points, total = score(rates, scheme)
            cards.append(
                DepartmentScorecard(
                    month=month,
                    department_id=department_id,
                    scheme=scheme,
                    handled=cell.handled,
                    counts=cell.as_json(),
                    points=points,
                    score=total,
                    computed_at=now,
                    **rates,
                )
            )
        rank(cards, scheme.minimum_cases)
        DepartmentScorecard.objects.filter(month=month).exclude(
            department_id__in=list(counts)
        ).delete()
        for card in cards:
            DepartmentScorecard.objects.update_or_create(
                month=month,
                department_id=card.department_id,
                defaults={
                    name: getattr(card, name)
                    for name in (
                        "scheme",
                        "handled",
                        "on_time_rate",
                        "median_handling_hours",
                        "satisfaction_rate",
                        "first_pass_rate",
                        "reopen_rate",
                        "returned_rate",
                        "counts",
                        "points",
                        "score",
                        "rank",
                        "computed_at",
                    )
                },
            )
        transaction.on_commit(appraisal_pages.invalidate)
    return len(cards)


# --- Changing the weights and targets (a service) -----------------------------------------------


def appraisal_scheme_change(*, actor, reason: str, now=None, **values) -> AppraisalScheme:
    """An administrator's new weights and targets (`values`: any of SCHEME_FIELDS; the others
    stay as they are now). Never edits a row: writes a new one, applying from next month, with
    who, when and why. Refused, with nothing written, unless the weights add up to 100."""
    unknown = set(values) - set(SCHEME_FIELDS)
    if unknown:
        raise TypeError(f"Unknown scheme fields: {sorted(unknown)}")
    if actor is None or not actor.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    now = now or timezone.now()
    reason = (reason or "").strip()
    starts = next_month(month_start(timezone.localtime(now).date()))
    with transaction.atomic():
        current = scheme_for(starts)
        chosen = {name: getattr(current, name) for name in SCHEME_FIELDS} if current else {}
        chosen.update(values)
        scheme = AppraisalScheme(
            effective_from=starts, changed_by=actor, changed_at=now, reason=reason, **chosen
        )
        errors = {}
        if not reason:
            errors["reason"] = _("Say why the weights or targets change.")
        total = sum(int(getattr(scheme, name) or 0) for name in WEIGHT_FIELDS)
        if total != 100:
            errors["__all__"] = _(
                "The weights add up to %(total)s; they must add up to 100 exactly. Nothing "
                "was saved."
            ) % {"total": total}
        for name in PERCENT_TARGETS:
            if (getattr(scheme, name) or 0) > 100:
                errors[name] = _("A percentage cannot be more than 100.")
        if not scheme.target_handling_hours:
            errors["target_handling_hours"] = _("Give a handling time of at least one hour.")
        if not scheme.minimum_cases:
            errors["minimum_cases"] = _("A department needs at least one case to be ranked.")
        if errors:
            raise ValidationError(errors)
        scheme.full_clean()
        scheme.save()
    return scheme


# --- Reads --------------------------------------------------------------------------------------


def scorecard_months() -> list[datetime.date]:
    """Months with scorecards, newest first."""
    return list(
        DepartmentScorecard.objects.order_by("-month").values_list("month", flat=True).distinct()
    )


def default_month(months: list[datetime.date]) -> datetime.date | None:
    """The last complete month with scorecards (or, if there is none, the latest)."""
    this_month = current_month()
    complete = [month for month in months if month < this_month]
    return (complete or months or [None])[0]


def month_scorecards(month: datetime.date) -> list[DepartmentScorecard]:
    """The month's scorecards, ranked first (best first), then the unranked by cases handled."""
    cards = list(
        DepartmentScorecard.objects.filter(month=month).select_related("department", "scheme")
    )
    return sorted(
        cards,
        key=lambda card: (
            card.rank is None,
            card.rank or 0,
            -card.handled,
            card.department.code,
        ),
    )


def department_trend(department, *, last: datetime.date | None = None) -> list[dict]:
    """The department's last TREND_MONTHS months up to `last` (default: the latest month with
    scorecards), oldest first: {"month", "card"} with card None for a month without one."""
    if last is None:
        last = DepartmentScorecard.objects.order_by("-month").values_list("month", flat=True)
        last = last.first() or previous_month()
    months = [last]
    while len(months) < TREND_MONTHS:
        months.append(month_start(months[-1] - datetime.timedelta(days=1)))
    months.reverse()
    cards = {
        card.month: card
        for card in DepartmentScorecard.objects.filter(
            department=department, month__gte=months[0], month__lte=last
        ).select_related("scheme")
    }
    return [{"month": month, "card": cards.get(month)} for month in months]


@dataclass
class MeasureLine:
    """One measure of a scorecard as a reader sees it."""

    measure: Measure
    value: str
    target: str
    met: bool | None
    points: float | None
    weight: int

    @property
    def label(self):
        return self.measure.label

    @property
    def points_text(self) -> str:
        if self.points is None:
            return "—"
        return _("%(points)s of %(weight)s") % {
            "points": number_format(self.points, 1),
            "weight": self.weight,
        }


def measure_lines(card: DepartmentScorecard) -> list[MeasureLine]:
    scheme = card.scheme
    lines = []
    for measure in MEASURE_LIST:
        value = getattr(card, measure.field)
        target = getattr(scheme, measure.target_field)
        lines.append(
            MeasureLine(
                measure=measure,
                value=measure.format(value),
                target=measure.format_target(target),
                met=measure.met(value, target),
                points=(card.points or {}).get(measure.key),
                weight=getattr(scheme, measure.weight_field),
            )
        )
    return lines


def scheme_lines(scheme: AppraisalScheme) -> list[dict]:
    """The weights and targets of a scheme, for the page's explanation."""
    return [
        {
            "measure": measure,
            "weight": getattr(scheme, measure.weight_field),
            "target": measure.format_target(getattr(scheme, measure.target_field)),
        }
        for measure in MEASURE_LIST
    ]


def schemes_log() -> list[AppraisalScheme]:
    """Every change of weights and targets, newest first (the change log)."""
    return list(AppraisalScheme.objects.select_related("changed_by").order_by("-pk"))


# --- Downloads ----------------------------------------------------------------------------------

EXPORT_HEADER = [
    "month",
    "rank",
    "department_code",
    "department",
    "cases_handled",
    "on_time_rate_percent",
    "median_handling_hours",
    "satisfaction_rate_percent",
    "first_check_pass_rate_percent",
    "reopen_rate_percent",
    "returned_rate_percent",
    *(f"points_{measure.key}" for measure in MEASURE_LIST),
    "score",
    "ranked",
    "minimum_cases",
]


def export_rows(month: datetime.date, cards: list[DepartmentScorecard]) -> list[list]:
    """The month's scorecards as rows, the header first: numbers stay numbers (None: empty),
    names in the reader's language, codes stable."""
    rows = [EXPORT_HEADER]
    for card in cards:
        rows.append(
            [
                f"{month:%Y-%m}",
                card.rank,
                card.department.code,
                card.department.localized_name,
                card.handled,
                card.on_time_rate,
                card.median_handling_hours,
                card.satisfaction_rate,
                card.first_pass_rate,
                card.reopen_rate,
                card.returned_rate,
                *((card.points or {}).get(measure.key) for measure in MEASURE_LIST),
                card.score,
                "yes" if card.rank is not None else "no",
                card.scheme.minimum_cases,
            ]
        )
    return rows
