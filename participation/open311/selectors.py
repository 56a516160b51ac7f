"""Reads for the API. A page of requests costs three queries whatever its size: the cases (with
their category, department and grid joined, and the ids of their latest public event and first
photo as subqueries), those events, and — with extensions — the timelines and photos."""

from datetime import datetime

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from ..models import ApiKey, Attachment, Case, CaseEvent, Category, Open311Request, hash_key
from .resources import Context

# Events whose public text is never empty (see CaseEvent.public_text); others count only when
# staff wrote a public message.
ALWAYS_PUBLIC = [
    CaseEvent.Action.SUBMIT,
    CaseEvent.Action.ACCEPT,
    CaseEvent.Action.RETURN,
    CaseEvent.Action.AUTO_CLOSE,
    CaseEvent.Action.EVALUATE,
]
REQUEST_FIELDS = [
    "pk",
    "status",
    "description",
    "title",
    "urgency",
    "address",
    "latitude",
    "longitude",
    "submitted_at",
    "updated_at",
    "due_at",
    "supporters_count",
    "category__code",
    "category__name",
    "category__name_en",
    "category__sla_routine_hours",
    "department__name",
    "department__name_en",
    "grid__number",
]


def services() -> QuerySet[Category]:
    return (
        Category.objects.filter(is_active=True)
        .select_related("platform")
        .prefetch_related("attributes")
    )


def service(code: str) -> Category | None:
    return services().filter(code=code).first()


def services_by_code(codes: list[str]) -> dict[str, Category]:
    return {c.code: c for c in Category.objects.filter(is_active=True, code__in=codes)}


def api_key(raw: str) -> ApiKey | None:
    """The active key this is, or None."""
    if not raw:
        return None
    return ApiKey.objects.filter(key_hash=hash_key(raw), revoked_at__isnull=True).first()


def _public_requests() -> QuerySet[Case]:
    latest_event = (
        CaseEvent.objects.filter(case=OuterRef("pk"))
        .filter(Q(action__in=ALWAYS_PUBLIC) | ~Q(public_message=""))
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    first_photo = (
        Attachment.objects.filter(
            case=OuterRef("pk"), kind=Attachment.Kind.PHOTO, stage=Attachment.Stage.REPORT
        )
        .order_by("created_at", "pk")
        .values("pk")[:1]
    )
    return (
        Case.objects.filter(is_hidden=False)
        .select_related("category", "department", "grid")
        .only(*REQUEST_FIELDS)
        .annotate(latest_event_id=Subquery(latest_event), first_photo_id=Subquery(first_photo))
    )


def requests(
    *,
    references: list[str] | None = None,
    categories: list[Category] | None = None,
    statuses: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[Case]:
    """Public requests, newest first: the given references (which override everything else),
    or those submitted in [start, end] filtered by service and open/closed."""
    cases = _public_requests().order_by("-submitted_at", "-pk")
    if references is not None:
        pks = [pk for pk in map(Case.pk_from_reference, references) if pk]
        found = cases.filter(pk__in=pks)
        # The year in a reference must match too, as on the case page.
        return found.filter(pk__in=[c.pk for c in found if c.reference in references])
    if categories:
        cases = cases.filter(category__in=categories)
    if statuses and set(statuses) != {"open", "closed"}:
        if "open" in statuses:
            cases = cases.filter(status__in=Case.OPEN_STATUSES)
        else:
            cases = cases.exclude(status__in=Case.OPEN_STATUSES)
    if start is not None:
        cases = cases.filter(submitted_at__gte=start)
    if end is not None:
        cases = cases.filter(submitted_at__lte=end)
    return cases


def request_by_id(reference: str) -> Case | None:
    cases = requests(references=[reference])
    return cases.first()


def with_timelines(cases: QuerySet[Case]) -> QuerySet[Case]:
    """For extensions=true: each case's timeline and photos, one query each for the page."""
    return cases.prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.order_by("created_at", "pk")),
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(kind=Attachment.Kind.PHOTO).order_by(
                "created_at", "pk"
            ),
        ),
    )


def context_for(cases: list[Case], *, request, extensions: bool) -> Context:
    """What building these cases' resources needs, fetched for all of them at once."""
    event_ids = [c.latest_event_id for c in cases if c.latest_event_id]
    events = CaseEvent.objects.only(
        "pk", "action", "from_status", "to_status", "public_message", "created_at"
    ).in_bulk(event_ids)
    return Context(
        request=request,
        extensions=extensions,
        latest_events={c.pk: events[c.latest_event_id] for c in cases if c.latest_event_id},
        first_photos={c.pk: c.first_photo_id for c in cases if c.first_photo_id},
    )


def submission_by_token(token: str) -> Open311Request | None:
    if not token:
        return None
    return Open311Request.objects.select_related("case").filter(token=token).first()
