"""Reads for the API. A page of requests is read as plain rows (`QuerySet.values`), not model
instances: at 1,000 requests a page, building instances of the case, its category, department and
grid cost more than the query itself. A page costs the same few queries whatever its size: the
cases (with their latest public event's values and their first photo's id as subqueries,
evaluated for the page's rows only), and the small tables of categories, departments and grids;
the details of the few latest events whose text depends on them; with extensions, the page's
timelines and photos."""

from datetime import datetime

from django.db.models import FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast

from ..models import (
    ApiKey,
    Attachment,
    Case,
    CaseEvent,
    Category,
    Department,
    Grid,
    Open311Request,
    hash_key,
)
from ..selectors import PUBLIC_FILE
from .resources import Context, service_notice

# Events whose public text is never empty (see CaseEvent.public_text_for); others count only
# when staff wrote a public message.
ALWAYS_PUBLIC = [
    CaseEvent.Action.SUBMIT,
    CaseEvent.Action.ACCEPT,
    CaseEvent.Action.RETURN,
    CaseEvent.Action.AUTO_CLOSE,
    CaseEvent.Action.EVALUATE,
    CaseEvent.Action.CONFIRM,
    CaseEvent.Action.REDACT,
    CaseEvent.Action.RECLASSIFY,
    CaseEvent.Action.APPROVE,
    CaseEvent.Action.SEND_BACK,
    CaseEvent.Action.NOT_FIXED,
    CaseEvent.Action.REOPEN,
    CaseEvent.Action.ASSIST_ADD,
    CaseEvent.Action.ASSIST_DONE,
]
PUBLIC_EVENT = Q(action__in=ALWAYS_PUBLIC) | ~Q(public_message="")
ROW_FIELDS = [
    "pk",
    "status",
    "description",
    "description_public",
    "title",
    "urgency",
    "address",
    "lat",
    "long",
    "submitted_at",
    "updated_at",
    "due_at",
    "supporters_count",
    "category_id",
    "department_id",
    "grid_id",
    "latest_event_id",
    "latest_event_action",
    "latest_event_to_status",
    "latest_event_public_message",
    "first_photo_id",
]
EVENT_FIELDS = [
    "pk",
    "case_id",
    "action",
    "to_status",
    "public_message",
    "details",
    "created_at",
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


def requests(
    *,
    references: list[str] | None = None,
    categories: list[Category] | None = None,
    statuses: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet:
    """Public requests as rows (ROW_FIELDS), newest first: the given references (which override
    everything else), or those submitted in [start, end] filtered by service and open/closed."""
    latest_event = CaseEvent.objects.filter(PUBLIC_EVENT, case=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    first_photo = (
        Attachment.objects.filter(
            case=OuterRef("pk"),
            kind=Attachment.Kind.PHOTO,
            stage=Attachment.Stage.REPORT,
            is_public=True,
        )
        .order_by("created_at", "pk")
        .values("pk")[:1]
    )
    cases = (
        Case.objects.filter(is_hidden=False)
        .annotate(
            # The latest public event's values, for status_notes: read with the case, not in a
            # query of a thousand ids of its own (its details only where they are needed).
            **{
                f"latest_event_{name}": Subquery(latest_event.values(name)[:1])
                for name in ("id", "action", "to_status", "public_message")
            },
            first_photo_id=Subquery(first_photo),
            # As numbers: Decimal rows cost more to build than the query to read them.
            lat=Cast("latitude", FloatField()),
            long=Cast("longitude", FloatField()),
        )
        .order_by("-submitted_at", "-pk")
    )
    if references is not None:
        pks = [pk for pk in map(Case.pk_from_reference, references) if pk]
        # The year in a reference must match too, as on the case page.
        found = cases.filter(pk__in=pks).values_list("pk", "submitted_at")
        pks = [pk for pk, when in found if Case.reference_for(pk, when) in references]
        return cases.filter(pk__in=pks).values(*ROW_FIELDS)
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
    return cases.values(*ROW_FIELDS)


class _PublicTexts:
    """Events' public texts; the standard sentences translated once per page, not per event."""

    def __init__(self):
        self.standard: dict[tuple[str, str], str] = {}

    def __call__(self, event: dict) -> str:
        if event["public_message"]:
            return event["public_message"]
        if event["action"] in CaseEvent.DETAILED:  # says what changed: not a standard sentence
            return CaseEvent.public_text_for(event["action"], "", "", event["details"])
        key = (event["action"], event["to_status"])
        if key not in self.standard:
            self.standard[key] = str(CaseEvent.public_text_for(*key, ""))
        return self.standard[key]


def _services_for_rows() -> dict[int, dict]:
    """Every category (inactive ones too: old cases keep theirs), in the reader's language."""
    return {
        category.pk: {
            "code": category.code,
            "name": category.localized_name,
            "notice": service_notice(category),
            "rounded": not category.public_by_default,
        }
        for category in Category.objects.order_by().only(
            "pk", "code", "name", "name_en", "sla_routine_hours", "public_by_default"
        )
    }


def context_for(rows: list[dict], *, request, extensions: bool) -> Context:
    """What building these rows' resources needs, fetched for all of them at once."""
    public_text = _PublicTexts()
    latest = {
        row["pk"]: {
            "action": row["latest_event_action"],
            "to_status": row["latest_event_to_status"],
            "public_message": row["latest_event_public_message"],
            "details": None,
        }
        for row in rows
        if row["latest_event_id"]
    }
    detailed = {
        row["latest_event_id"]: row["pk"]
        for row in rows
        if row["latest_event_action"] in CaseEvent.DETAILED
        and not row["latest_event_public_message"]
    }
    if detailed:
        for pk, details in CaseEvent.objects.filter(pk__in=detailed).values_list("pk", "details"):
            latest[detailed[pk]]["details"] = details
    context = Context(
        request=request,
        extensions=extensions,
        status_notes={case_id: public_text(event) for case_id, event in latest.items()},
        services=_services_for_rows(),
        departments={
            d.pk: d.localized_name for d in Department.objects.order_by().only("name", "name_en")
        },
        grids=dict(Grid.objects.values_list("pk", "number")),
    )
    if extensions and rows:
        ids = [row["pk"] for row in rows]
        for event in (
            CaseEvent.objects.filter(PUBLIC_EVENT, case_id__in=ids)
            .order_by("created_at", "pk")
            .values(*EVENT_FIELDS)
        ):
            event["text"] = public_text(event)
            if event["text"]:
                context.timelines.setdefault(event["case_id"], []).append(event)
        for photo in (
            Attachment.objects.filter(PUBLIC_FILE, case_id__in=ids, kind=Attachment.Kind.PHOTO)
            .order_by("created_at", "pk")
            .values("pk", "case_id", "stage", "content_type")
        ):
            context.photos.setdefault(photo["case_id"], []).append(photo)
    return context


def submission_by_token(token: str) -> Open311Request | None:
    if not token:
        return None
    return Open311Request.objects.select_related("case").filter(token=token).first()
