"""The API's resources, each described once as an ordered list of fields (spec name → how to get
it), except the service request, built a thousand times a page, which `service_request` writes
out as one dict; `render` writes the result as JSON or XML. Field names and order follow
GeoReport v2 (wiki.open311.org/GeoReport_v2); extensions are added only with extensions=true.

Status mapping (docs/ARCHITECTURE): submitted, dispatched, in progress and reopened are "open";
resolved, closed and rejected are "closed". Nothing here ever reads the reporter or their contact
details: the API cannot return what it never looks at."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from .. import privacy
from ..models import Case, Category, CategoryAttribute
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
    """What building a resource needs besides the object: absolute URLs, and for requests the
    data `selectors.context_for` fetched for a whole page at once, so that no field queries."""

    request: Any
    extensions: bool = False
    status_notes: dict = field(default_factory=dict)  # case id → latest public text
    services: dict = field(default_factory=dict)  # category id → {code, name, notice}
    departments: dict = field(default_factory=dict)  # department id → name
    grids: dict = field(default_factory=dict)  # grid id → number
    timelines: dict = field(default_factory=dict)  # case id → [public event rows]
    photos: dict = field(default_factory=dict)  # case id → [photo rows]

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def file_url(self, attachment_id: int) -> str:
        return self.absolute(reverse("participation:attachment", args=[attachment_id]))


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


NOTE = Resource(
    fields=[
        ("datetime", lambda e, ctx: w3c.as_text(e["created_at"])),
        ("type", lambda e, ctx: e["action"]),
        ("status", lambda e, ctx: open_or_closed(e["to_status"])),
        ("detailed_status", lambda e, ctx: e["to_status"]),
        ("description", lambda e, ctx: e["text"]),
    ]
)

MEDIA = Resource(
    fields=[
        ("url", lambda a, ctx: ctx.file_url(a["pk"])),
        ("stage", lambda a, ctx: a["stage"]),
        ("content_type", lambda a, ctx: a["content_type"]),
    ]
)


def _media_url(row: dict, ctx: Context) -> str | None:
    """The report's first public photo; a rejected report's photos are not public."""
    if not row["first_photo_id"] or row["status"] == Case.Status.REJECTED:
        return None
    return ctx.file_url(row["first_photo_id"])


def service_request(row: dict, ctx: Context) -> dict:
    """A case, from a row of `selectors.requests` (ROW_FIELDS) and its page's Context. Built up
    to a thousand times a page, so written out as one dict rather than a Resource's list of
    fields read one by one (three times faster); the fields and their order are the spec's."""
    service = ctx.services[row["category_id"]]
    # The public point: a private-by-default category's pin rounded to about 100 m.
    latitude, longitude = privacy.public_point(row["lat"], row["long"], rounded=service["rounded"])
    reference = Case.reference_for(row["pk"], row["submitted_at"])
    data = {
        "service_request_id": reference,
        "status": open_or_closed(row["status"]),
        "status_notes": ctx.status_notes.get(row["pk"]),
        "service_name": service["name"],
        "service_code": service["code"],
        # The reporter's own words only once the linkage centre has published them.
        "description": row["description"] if row["description_public"] else "",
        "agency_responsible": ctx.departments.get(row["department_id"]),
        "service_notice": service["notice"],
        "requested_datetime": w3c.as_text(row["submitted_at"]),
        "updated_datetime": w3c.as_text(row["updated_at"]),
        "expected_datetime": w3c.as_text(row["due_at"]),
        "address": row["address"] or None,
        "address_id": str(ctx.grids[row["grid_id"]]),
        "zipcode": None,
        "lat": latitude,
        "long": longitude,
        "media_url": _media_url(row, ctx),
    }
    if ctx.extensions:
        data.update(
            {
                "title": row["title"],
                "detailed_status": row["status"],
                "urgency": row["urgency"],
                "grid": ctx.grids[row["grid_id"]],
                "affected_count": row["supporters_count"],
                "url": ctx.absolute(reverse("participation:case_detail", args=[reference])),
                "notes": [NOTE.build(event, ctx) for event in ctx.timelines.get(row["pk"], [])],
                "media_urls": [MEDIA.build(photo, ctx) for photo in ctx.photos.get(row["pk"], [])],
            }
        )
    return data


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
