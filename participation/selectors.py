"""Reads for the public pages, the report form and the admin. No writes here."""

import math
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from . import workflow
from .models import (
    Attachment,
    Case,
    CaseAssist,
    CaseEvent,
    Category,
    DepartmentMembership,
    Grid,
    GridMembership,
    Platform,
)
from .statistics import rollup as statistics

METRES_PER_DEGREE_LAT = 111_320


def grid_for_point(latitude, longitude) -> Grid | None:
    """The grid whose boundary contains the point (WGS84), or None outside the town."""
    # shapely (and numpy under it) only where used: a web worker that never needs them is
    # ~20 MB smaller (tests/portal/test_lazy_imports.py).
    from shapely.geometry import Point, shape

    point = Point(float(longitude), float(latitude))
    lat, lng = float(latitude), float(longitude)
    for grid in Grid.objects.only("pk", "number", "boundary", "community_id"):
        ring = grid.boundary["coordinates"][0]
        lngs = [p[0] for p in ring]
        lats = [p[1] for p in ring]
        # A cheap bounding-box test first; shapely only for the few candidates.
        if min(lngs) <= lng <= max(lngs) and min(lats) <= lat <= max(lats):
            if shape(grid.boundary).covers(point):
                return grid
    return None


def categories_by_platform() -> list[tuple[Platform, list[Category]]]:
    """Active categories grouped under their platform, in display order."""
    groups: dict[int, tuple[Platform, list[Category]]] = {}
    for category in Category.objects.filter(is_active=True).select_related("platform"):
        groups.setdefault(category.platform_id, (category.platform, []))[1].append(category)
    return list(groups.values())


def categories_with_questions() -> list[Category]:
    """Active categories that ask extra questions, with their questions: the report form shows
    the chosen category's."""
    from .models import CategoryAttribute

    return list(
        Category.objects.filter(is_active=True, attributes__variable=True)
        .distinct()
        .prefetch_related(
            Prefetch("attributes", queryset=CategoryAttribute.objects.filter(variable=True))
        )
    )


def _public_base() -> QuerySet[Case]:
    return Case.objects.filter(is_hidden=False).select_related(
        "category", "grid", "department", "reporter"
    )


SORTS = {
    "newest": ("-submitted_at", "-pk"),
    "updated": ("-updated_at", "-pk"),
    "affected": ("-supporters_count", "-submitted_at", "-pk"),
}


def public_cases(
    *,
    status: str = "",
    category=None,
    grid=None,
    department=None,
    urgency: str = "",
    date_from=None,
    date_to=None,
    sort: str = "newest",
    community=None,
) -> QuerySet[Case]:
    """Public cases with the list's filters applied, for one page at a time.

    The page's categories and grids are prefetched (one small query each), not joined: with the
    joins, SQLite may plan the query from the grid table and sort every matching case before it
    can take the first page (seen with `make bench` at 100,000 cases). Without them it walks an
    index of Case in the page's order (see `Case.Meta.indexes`) and stops after one page.
    """
    cases = Case.objects.filter(is_hidden=False).prefetch_related("category", "grid")
    if status == "open":
        cases = cases.filter(status__in=Case.OPEN_STATUSES)
    elif status:
        cases = cases.filter(status=status)
    if category is not None:
        cases = cases.filter(category=category)
    if grid is not None:
        cases = cases.filter(grid=grid)
    if community is not None:  # its grids' ids, not a join (see above)
        cases = cases.filter(grid_id__in=list(community.grids.values_list("pk", flat=True)))
    if department is not None:
        cases = cases.filter(department=department)
    if urgency:
        cases = cases.filter(urgency=urgency)
    if date_from:
        cases = cases.filter(submitted_at__date__gte=date_from)
    if date_to:
        cases = cases.filter(submitted_at__date__lte=date_to)
    return cases.order_by(*SORTS.get(sort, SORTS["newest"]))


def case_by_reference(cases: QuerySet[Case], reference: str) -> Case | None:
    """The case of `cases` with this reference (WZ-YYYY-NNNNNN), or None: the number names the
    row and the year must match it too, so a guessed or mistyped reference finds nothing."""
    pk = Case.pk_from_reference(reference)
    case = cases.filter(pk=pk).first() if pk else None
    return case if case is not None and case.reference == reference else None


def _with_page_data(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("category", "grid", "department", "reporter").prefetch_related(
        Prefetch(
            "events",
            queryset=CaseEvent.objects.select_related("case_update").order_by("created_at", "pk"),
        ),
        Prefetch("attachments", queryset=Attachment.objects.order_by("created_at", "pk")),
    )


def public_case(reference: str) -> Case | None:
    """A public case by its reference, with what its page shows; None if absent or hidden."""
    return case_by_reference(_with_page_data(Case.objects.filter(is_hidden=False)), reference)


def visible_case(user, reference: str) -> Case | None:
    """The case page's case: a public case for anyone; a hidden one (taken off the public site,
    or of a private category) only for its reporter and the staff who may open it. Anyone else
    gets None, a 404, as for a case that does not exist."""
    case = public_case(reference)
    if case is not None or not getattr(user, "is_authenticated", False):
        return case
    case = case_by_reference(_with_page_data(Case.objects.filter(is_hidden=True)), reference)
    return case if case is not None and may_see_everything(user, case) else None


def reporter_cases(user) -> QuerySet[Case]:
    """Everything a person reported, hidden or not (they may always see their own)."""
    return (
        Case.objects.filter(reporter=user)
        .select_related("category", "grid", "department")
        .order_by("-submitted_at", "-pk")
    )


def case_by_idempotency_key(reporter, key) -> Case | None:
    """The case this reporter already made with this report key (see `services.case_submit`),
    or None; no key, or no reporter, finds nothing."""
    if key is None or reporter is None or reporter.pk is None:
        return None
    return Case.objects.filter(reporter=reporter, idempotency_key=key).first()


def reporter_case(user, reference: str) -> Case | None:
    return case_by_reference(reporter_cases(user), reference)


def nearby_open_cases(*, category, latitude, longitude, metres: int = 100, limit: int = 5):
    """Open public cases of the same category within about `metres` of a point, nearest first."""
    lat, lng = float(latitude), float(longitude)
    dlat = metres / METRES_PER_DEGREE_LAT
    dlng = metres / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    candidates = _public_base().filter(
        category=category,
        status__in=Case.OPEN_STATUSES,
        latitude__range=(Decimal(str(round(lat - dlat, 6))), Decimal(str(round(lat + dlat, 6)))),
        longitude__range=(Decimal(str(round(lng - dlng, 6))), Decimal(str(round(lng + dlng, 6)))),
    )[:50]

    def distance(case):
        dy = (float(case.latitude) - lat) * METRES_PER_DEGREE_LAT
        dx = (float(case.longitude) - lng) * METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))
        return math.hypot(dx, dy)

    ranked = sorted(((distance(c), c) for c in candidates), key=lambda pair: pair[0])
    return [(round(d), c) for d, c in ranked if d <= metres][:limit]


def confirmed_on_site(case: Case) -> bool:
    """Whether a housekeeper has confirmed the current resolution on site."""
    return (
        case.resolved_at is not None
        and (
            case.events.filter(action=CaseEvent.Action.CONFIRM, created_at__gte=case.resolved_at)
        ).exists()
    )


def may(user, action: str, case: Case) -> bool:
    """Whether `user` may take `action` on `case` now, as the workflow table says."""
    try:
        workflow.check(action, case, user)
    except workflow.TransitionError:
        return False
    return True


def can_confirm_on_site(user, case: Case) -> bool:
    """Whether `user` may confirm the case's repair on site now: the workflow allows it and no
    one has confirmed this resolution yet (what `services.case_confirm_on_site` checks)."""
    return may(user, "confirm", case) and not confirmed_on_site(case)


def cases_to_confirm(user) -> QuerySet[Case]:
    """Resolved public cases in the grids this person serves, waiting for someone to check the
    repair on site (none they are department staff for)."""
    confirmed = CaseEvent.objects.filter(
        case=OuterRef("pk"),
        action=CaseEvent.Action.CONFIRM,
        created_at__gte=OuterRef("resolved_at"),
    )
    return (
        Case.objects.filter(
            is_hidden=False,
            status=Case.Status.RESOLVED,
            grid__in=GridMembership.objects.filter(user=user).values("grid"),
        )
        .exclude(department__in=DepartmentMembership.objects.filter(user=user).values("department"))
        .exclude(Exists(confirmed))
        .select_related("category", "grid")
        .order_by("resolved_at", "pk")
    )


def public_timeline(case: Case, *, everything: bool = False) -> list[CaseEvent]:
    """The events the public sees (only their public part is ever rendered); a note that was
    only for staff is left out altogether. A resident's update comes with its event as
    `event.update` (with `update.files`, the photos this reader may see); a hidden update is
    shown as hidden."""
    files = {}
    for attachment in case_files(case, everything=everything):
        if attachment.update_id:
            files.setdefault(attachment.update_id, []).append(attachment)
    timeline = []
    for event in case.events.all():
        if event.action in STAFF_ONLY_EVENTS or (
            event.action == CaseEvent.Action.NOTE and not event.public_message
        ):
            continue
        event.update = getattr(event, "case_update", None)
        if event.update is not None:
            event.update.files = files.get(event.update.pk, [])
        timeline.append(event)
    return timeline


# Moderation is recorded for staff; the case page says if a case is hidden, not who hid it or why.
STAFF_ONLY_EVENTS = (
    CaseEvent.Action.HIDE,
    CaseEvent.Action.PUBLISH,
    CaseEvent.Action.PUBLISH_REPORT,
    CaseEvent.Action.HIDE_FILE,
    CaseEvent.Action.SHOW_FILE,
    CaseEvent.Action.CLEAR_FLAG,
    CaseEvent.Action.HIDE_UPDATE,
    CaseEvent.Action.ASSIST_WAIVE,
)


def response_templates(case: Case, action: str) -> list:
    """Ready-made public messages for this action: the case's category's first, then general."""
    from .models import ResponseTemplate

    templates = ResponseTemplate.objects.filter(is_active=True, action=action).filter(
        Q(category=case.category_id) | Q(category=None)
    )
    return sorted(templates, key=lambda t: (t.category_id is None, t.title))


def case_photos(case: Case, stage: str) -> list[Attachment]:
    """The public photos of one stage (the report, or the latest rectification)."""
    files = case_files(case, everything=False)
    if stage == Attachment.Stage.RECTIFICATION:
        files = latest_repair(case, files)
    return [a for a in files if a.kind == Attachment.Kind.PHOTO and a.stage == stage]


def user_follows(user, case: Case) -> bool:
    return user.is_authenticated and case.follows.filter(user=user).exists()


def user_supports(user, case: Case) -> bool:
    return user.is_authenticated and case.supports.filter(user=user).exists()


def cases_for_feed(*, grid=None, category=None, limit: int = 50) -> QuerySet[Case]:
    cases = _public_base().order_by("-updated_at", "-pk")
    if grid is not None:
        cases = cases.filter(grid=grid)
    if category is not None:
        cases = cases.filter(category=category)
    return cases[:limit]


def file_is_public(attachment: Attachment, case: Case) -> bool:
    """Whether the public may see a file now: its case is public, the file is (a voice note once
    the centre published it, any file the centre has not hidden), and the report was not
    rejected (a rejected case stays listed, without its photos and recording)."""
    if case.is_hidden or not attachment.is_public:
        return False
    return not (case.status == Case.Status.REJECTED and attachment.stage == Attachment.Stage.REPORT)


# The same rule in SQL, for reads of many files at once (relative to the attachment).
PUBLIC_FILE = Q(is_public=True, case__is_hidden=False) & ~Q(
    case__status=Case.Status.REJECTED, stage=Attachment.Stage.REPORT
)


def may_see_everything(user, case: Case) -> bool:
    """The reporter and the staff who may open the case see all of it: its hidden files, the
    words the centre has not published yet, the exact place."""
    if not getattr(user, "is_authenticated", False):
        return False
    return case.reporter_id == user.pk or staff_cases(user).filter(pk=case.pk).exists()


def attachment_visible(attachment: Attachment, user) -> bool:
    """Public files for anyone; the others only for the case's reporter and staff."""
    return file_is_public(attachment, attachment.case) or may_see_everything(user, attachment.case)


def case_files(case: Case, *, everything: bool) -> list[Attachment]:
    """The case page's files: all of them for its reporter and staff, else the public ones."""
    return [a for a in case.attachments.all() if everything or file_is_public(a, case)]


def latest_repair(case: Case, files) -> list[Attachment]:
    """Of `files`, the rectification photos and videos of the latest resolution: a repair the
    centre sent back, or one found not done, is history (kept on the staff page)."""
    times = [e.created_at for e in case.events.all() if e.action == CaseEvent.Action.RESOLVE]
    since = max(times) if times else None
    return [
        a
        for a in files
        if a.stage == Attachment.Stage.RECTIFICATION and (since is None or a.created_at >= since)
    ]


def search_q(text: str) -> Q:
    """Words in a public title, or in a description the centre has published."""
    return Q(title__icontains=text) | Q(description_public=True, description__icontains=text)


def search_public_cases(text: str, *, limit: int = 5) -> list[Case]:
    """Public cases whose title or description contains every word of `text`, newest first
    (a substring match, so it works for Chinese without word boundaries)."""
    cases = Case.objects.filter(is_hidden=False)
    for word in text.split()[:5]:
        cases = cases.filter(search_q(word))
    return list(cases.select_related("category", "grid").order_by("-submitted_at", "-pk")[:limit])


def places_for_search() -> list[dict]:
    """Villages, communities and grids with a point each: the report form's offline place finder
    ("type an address"), which needs no outside geocoding service."""
    from shapely.geometry import shape

    places = []
    communities: dict[int, list] = {}
    for grid in Grid.objects.select_related("community").order_by("number"):
        centre = shape(grid.boundary).representative_point()
        communities.setdefault(grid.community_id, [grid.community, []])[1].append(centre)
        label = str(grid)
        places.append(
            {
                "label": f"{label} · {grid.community}",
                "lat": round(centre.y, 6),
                "lng": round(centre.x, 6),
            }
        )
    for community, points in communities.values():
        places.insert(
            0,
            {
                "label": f"{community.name} {community.name_en}".strip(),
                "lat": round(sum(p.y for p in points) / len(points), 6),
                "lng": round(sum(p.x for p in points) / len(points), 6),
            },
        )
    return places


def staff_cases(user) -> QuerySet[Case]:
    """The cases a staff member may open in the admin: the linkage centre sees every case; a
    department's staff and leads see only the cases dispatched to their department, and those
    it has been asked to help with; town leaders, the cases of problem lists."""
    from .workflow import is_dispatcher

    cases = Case.objects.select_related("category", "grid__community", "department", "reporter")
    if is_dispatcher(user, None):
        return cases
    departments = DepartmentMembership.objects.filter(user=user).values("department_id")
    # ...and the cases they assist with (joint handling).
    assisted = CaseAssist.objects.filter(department_id__in=departments).values("case_id")
    visible = Q(department_id__in=departments) | Q(pk__in=assisted)
    if user.has_perm("participation.view_problemlist"):
        # Town leaders follow the cases of the problem lists (read only: see workflow).
        visible |= Q(problem_list_item__isnull=False)
    return cases.filter(visible)


def repairs_to_check(user) -> QuerySet[Case]:
    """Repairs waiting for the centre's check, the longest waiting first."""
    return staff_cases(user).filter(status=Case.Status.AWAITING_CHECK).order_by("updated_at", "pk")


def flagged_repairs(user) -> QuerySet[Case]:
    """Repairs a housekeeper found not done, for the centre to reopen or clear."""
    return (
        staff_cases(user)
        .filter(flagged_at__isnull=False, status__in=workflow.FIXED)
        .order_by("flagged_at", "pk")
    )


def grid_centre(grid: Grid) -> tuple[Decimal, Decimal]:
    """A point inside the grid (latitude, longitude), for a case known only by its grid."""
    from shapely.geometry import shape

    point = shape(grid.boundary).representative_point()
    return Decimal(str(round(point.y, 6))), Decimal(str(round(point.x, 6)))


def case_answers(case: Case) -> list[tuple[str, str]]:
    """The reporter's answers to the category's extra questions, as (question, answer) in the
    reader's language; choices by their names, answers to since-removed questions by code."""
    questions = {q.code: q for q in case.category.attributes.all()}
    answers = []
    for code, value in (case.attributes or {}).items():
        question = questions.get(code)
        if question is None:
            answers.append((code, ", ".join(value) if isinstance(value, list) else value))
            continue
        names = dict(question.choices())
        values = value if isinstance(value, list) else [value]
        answers.append((question.localized_description, ", ".join(names.get(v, v) for v in values)))
    return answers


def recently_resolved(limit: int = 3) -> list[Case]:
    """Public cases resolved most recently that have both a report photo and an after-photo
    (the home page's before/after), each with the ids of its first such photos
    (`before_photo_id`, `after_photo_id`), all in one query."""

    def photos(stage):
        return Attachment.objects.filter(kind=Attachment.Kind.PHOTO, stage=stage, is_public=True)

    def first(stage):
        first = photos(stage).filter(case=OuterRef("pk")).order_by("created_at", "pk")
        return Subquery(first.values("pk")[:1])

    return list(
        Case.objects.filter(is_hidden=False, status__in=[Case.Status.RESOLVED, Case.Status.CLOSED])
        .filter(pk__in=photos(Attachment.Stage.RECTIFICATION).values("case_id"))
        .filter(pk__in=photos(Attachment.Stage.REPORT).values("case_id"))
        .annotate(
            before_photo_id=first(Attachment.Stage.REPORT),
            after_photo_id=first(Attachment.Stage.RECTIFICATION),
        )
        .select_related("category", "grid")
        .order_by("-resolved_at", "-pk")[:limit]
    )


def town_figures_this_month() -> statistics.Figures:
    """The whole town's figures for the current month, from the roll-up (one small query): the
    home page's counters."""
    return statistics.town_figures(statistics.current_month())


def may_report_for_neighbour(user) -> bool:
    """Grid housekeepers (and grid leaders) report for neighbours who cannot use a phone."""
    if user is None or not user.is_authenticated:
        return False
    return GridMembership.objects.filter(user=user).exists()
