"""The API's resources, each described once as an ordered list of fields (spec name → how to get
it); `render` writes the result as JSON or XML. Field names and order follow GeoReport v2
(wiki.open311.org/GeoReport_v2); fields marked "extension" are added only with extensions=true.

Status mapping (docs/ARCHITECTURE): submitted, dispatched, in progress and reopened are "open";
resolved, closed and rejected are "closed". Nothing here ever reads the reporter or their contact
details: the API cannot return what it never looks at."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Attachment, Case, Category, CategoryAttribute
from . import w3c

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed in a way clients may care about (discovery's "changeset").
CHANGESET = "2026-11-25T00:00:00+08:00"


@dataclass(frozen=True)
class Resource:
    fields: list[tuple[str, Callable[[Any, "Context"], Any]]]
    extensions: list[tuple[str, Callable[[Any, "Context"], Any]]] = field(default_factory=list)

    def build(self, obj, context: "Context") -> dict:
        fields = self.fields + (self.extensions if context.extensions else [])
        return {name: get(obj, context) for name, get in fields}


@dataclass
class Context:
    """What building a resource needs besides the object: absolute URLs, and data fetched for a
    whole page at once (see `selectors`) so that no field makes a query of its own."""

    request: Any
    extensions: bool = False
    latest_events: dict = field(default_factory=dict)  # case id → latest public CaseEvent
    first_photos: dict = field(default_factory=dict)  # case id → first report photo's id

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)


def open_or_closed(status: str) -> str:
    return "open" if status in Case.OPEN_STATUSES else "closed"


def service_notice(category: Category) -> str:
    return _(
        "Once the linkage centre has sent it to a department, a routine problem is handled "
        "within %(hours)s hours."
    ) % {"hours": category.sla_routine_hours}


SERVICE = Resource(
    fields=[
        ("service_code", lambda c, ctx: c.code),
        ("service_name", lambda c, ctx: c.localized_name),
        ("description", lambda c, ctx: c.description),
        ("metadata", lambda c, ctx: any(a.variable for a in c.attributes.all())),
        ("type", lambda c, ctx: "realtime"),
        ("keywords", lambda c, ctx: c.keywords),
        ("group", lambda c, ctx: c.platform.localized_name),
    ]
)

VALUE = Resource(fields=[("key", lambda pair, ctx: pair[0]), ("name", lambda pair, ctx: pair[1])])

ATTRIBUTE = Resource(
    fields=[
        ("variable", lambda a, ctx: a.variable),
        ("code", lambda a, ctx: a.code),
        ("datatype", lambda a, ctx: a.datatype),
        ("required", lambda a, ctx: a.required),
        ("datatype_description", lambda a, ctx: a.datatype_description or None),
        ("order", lambda a, ctx: a.sort_order + 1 if a.sort_order is not None else None),
        ("description", lambda a, ctx: a.localized_description),
        (
            "values",
            lambda a, ctx: (
                [VALUE.build(pair, ctx) for pair in a.choices()]
                if a.datatype in CategoryAttribute.LIST_TYPES
                else []
            ),
        ),
    ]
)

SERVICE_DEFINITION = Resource(
    fields=[
        ("service_code", lambda c, ctx: c.code),
        ("attributes", lambda c, ctx: [ATTRIBUTE.build(a, ctx) for a in c.attributes.all()]),
    ]
)


def _status_notes(case: Case, ctx: Context) -> str | None:
    event = ctx.latest_events.get(case.pk)
    return str(event.public_text) if event is not None else None


def _media_url(case: Case, ctx: Context) -> str | None:
    pk = ctx.first_photos.get(case.pk)
    return ctx.absolute(reverse("participation:attachment", args=[pk])) if pk else None


def _notes(case: Case, ctx: Context) -> list:
    from ..selectors import public_timeline

    return [NOTE.build(event, ctx) for event in public_timeline(case) if event.public_text]


def _media_urls(case: Case, ctx: Context) -> list:
    return [
        MEDIA.build(attachment, ctx)
        for attachment in case.attachments.all()
        if attachment.kind == Attachment.Kind.PHOTO
    ]


NOTE = Resource(
    fields=[
        ("datetime", lambda e, ctx: w3c.as_text(e.created_at)),
        ("type", lambda e, ctx: e.action),
        ("status", lambda e, ctx: open_or_closed(e.to_status)),
        ("detailed_status", lambda e, ctx: e.to_status),
        ("description", lambda e, ctx: str(e.public_text)),
    ]
)

MEDIA = Resource(
    fields=[
        ("url", lambda a, ctx: ctx.absolute(reverse("participation:attachment", args=[a.pk]))),
        ("stage", lambda a, ctx: a.stage),
        ("content_type", lambda a, ctx: a.content_type),
    ]
)

SERVICE_REQUEST = Resource(
    fields=[
        ("service_request_id", lambda c, ctx: c.reference),
        ("status", lambda c, ctx: open_or_closed(c.status)),
        ("status_notes", _status_notes),
        ("service_name", lambda c, ctx: c.category.localized_name),
        ("service_code", lambda c, ctx: c.category.code),
        ("description", lambda c, ctx: c.description),
        (
            "agency_responsible",
            lambda c, ctx: c.department.localized_name if c.department else None,
        ),
        ("service_notice", lambda c, ctx: service_notice(c.category)),
        ("requested_datetime", lambda c, ctx: w3c.as_text(c.submitted_at)),
        ("updated_datetime", lambda c, ctx: w3c.as_text(c.updated_at)),
        ("expected_datetime", lambda c, ctx: w3c.as_text(c.due_at)),
        ("address", lambda c, ctx: c.address or None),
        ("address_id", lambda c, ctx: str(c.grid.number)),
        ("zipcode", lambda c, ctx: None),
        ("lat", lambda c, ctx: float(c.latitude)),
        ("long", lambda c, ctx: float(c.longitude)),
        ("media_url", _media_url),
    ],
    extensions=[
        ("title", lambda c, ctx: c.title),
        ("detailed_status", lambda c, ctx: c.status),
        ("urgency", lambda c, ctx: c.urgency),
        ("grid", lambda c, ctx: c.grid.number),
        ("affected_count", lambda c, ctx: c.supporters_count),
        (
            "url",
            lambda c, ctx: ctx.absolute(reverse("participation:case_detail", args=[c.reference])),
        ),
        ("notes", _notes),
        ("media_urls", _media_urls),
    ],
)

CREATED = Resource(
    fields=[
        ("service_request_id", lambda s, ctx: s.case.reference),
        ("token", lambda s, ctx: s.token),
        ("service_notice", lambda s, ctx: service_notice(s.case.category)),
        ("account_id", lambda s, ctx: s.account_id or None),
    ]
)

TOKEN = Resource(
    fields=[
        ("service_request_id", lambda s, ctx: s.case.reference),
        ("token", lambda s, ctx: s.token),
    ]
)


def error(code: int, description: str) -> dict:
    return {"code": code, "description": str(description)}
