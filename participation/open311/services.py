"""Writes for the API: issuing and revoking client keys, and turning a posted service request into
a case through `participation.services.case_submit` — the same checks, grid lookup, file handling
and notifications as a report made on the website."""

import re
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .. import services as case_services
from ..models import ApiKey, Case, Community, Grid, Open311Request
from ..models.cases import DESCRIPTION_MAX_LENGTH
from ..models.open311 import KEY_PREFIX, hash_key
from ..selectors import grid_centre
from . import selectors
from .errors import Open311Error

ATTRIBUTE_PARAM = re.compile(r"^attribute\[(?P<code>[^\]]+)\](?:\[\])?$")
GRID_NUMBER = re.compile(
    r"(?:grid\s*(?:no\.?|number)?\s*#?\s*(?P<a>\d+))|(?:第?\s*(?P<b>\d+)\s*号?\s*网格)"
    r"|(?:网格\s*(?P<c>\d+))",
    re.IGNORECASE,
)
TITLE_LENGTH = 60
CONTACT_FIELDS = ["email", "first_name", "last_name", "phone", "device_id", "account_id"]


# --- Keys ----------------------------------------------------------------------------------------


@transaction.atomic
def api_key_create(*, name: str, contact: str = "", rate_limit: int = 60, created_by=None):
    """A new key for a client application: (the ApiKey, the key itself). Only its hash is kept,
    so the key must be handed over now."""
    raw = KEY_PREFIX + secrets.token_urlsafe(30)
    api_key = ApiKey(
        name=name.strip(),
        contact=contact.strip(),
        rate_limit=rate_limit,
        prefix=raw[: len(KEY_PREFIX) + 6],
        key_hash=hash_key(raw),
        created_by=created_by,
    )
    api_key.full_clean()
    api_key.save()
    return api_key, raw


def api_key_install(*, name: str, raw: str) -> ApiKey:
    """Make `raw` a working key (the demo town's published key). Never for real clients: their
    keys come from `api_key_create`, random and shown once."""
    api_key, _created = ApiKey.objects.update_or_create(
        key_hash=hash_key(raw),
        defaults={"name": name, "prefix": raw[: len(KEY_PREFIX) + 6], "revoked_at": None},
    )
    return api_key


def api_key_revoke(*, api_key: ApiKey) -> bool:
    """Stop a key working, at once. True if it was active."""
    return bool(
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def api_key_used(*, api_key: ApiKey) -> None:
    """Note when a key was last used: at most one write a minute per key, not one per request."""
    now = timezone.now()
    ApiKey.objects.filter(pk=api_key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - timedelta(minutes=1))
    ).update(last_used_at=now)


# --- Requests ------------------------------------------------------------------------------------


def _coordinate(text: str, name: str, limit: int) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not -limit <= value <= limit:
        raise ValidationError(
            {name: _("Give a number between -%(limit)s and %(limit)s.") % {"limit": limit}}
        )
    return round(value, 6)


def _location(params: dict) -> tuple[Decimal, Decimal]:
    """Where the problem is: lat and long, else the grid named by address_id, else a place
    found in address_string (a grid number, a grid's or a village's name)."""
    lat, lng = params.get("lat"), params.get("long")
    if lat or lng:
        if not (lat and lng):
            raise ValidationError({"lat" if not lat else "long": _("Send both lat and long.")})
        return _coordinate(lat, "lat", 90), _coordinate(lng, "long", 180)
    if params.get("address_id"):
        grid = None
        if re.fullmatch(r"[0-9]{1,9}", params["address_id"]):
            grid = Grid.objects.filter(number=int(params["address_id"])).first()
        if grid is None:
            raise ValidationError(
                {"address_id": _("There is no grid with this number. address_id is a grid number.")}
            )
        return grid_centre(grid)
    if params.get("address_string"):
        point = place_for_address(params["address_string"])
        if point is None:
            raise ValidationError(
                {
                    "address_string": _(
                        "We could not find this place in the town. Send lat and long instead."
                    )
                }
            )
        return point
    raise ValidationError(
        {"lat": _("Say where the problem is: lat and long, address_string or address_id.")}
    )


def place_for_address(text: str) -> tuple[Decimal, Decimal] | None:
    """A point for an address: the grid it names by number, or else the one grid or village
    whose name it contains. None when it names no place, or more than one."""
    match = GRID_NUMBER.search(text)
    if match:
        number = int(match["a"] or match["b"] or match["c"])
        grid = Grid.objects.filter(number=number).first()
        return grid_centre(grid) if grid else None
    lowered = text.lower()
    grids = [
        grid
        for grid in Grid.objects.select_related("community").exclude(name="")
        if grid.name.lower() in lowered
    ]
    if len(grids) == 1:
        return grid_centre(grids[0])
    if grids:
        return None
    communities = [
        c
        for c in Community.objects.all()
        if c.name.lower() in lowered or (c.name_en and c.name_en.lower() in lowered)
    ]
    if len(communities) != 1:
        return None
    first_grid = communities[0].grids.order_by("number").first()
    return grid_centre(first_grid) if first_grid else None


def _title(description: str, category) -> str:
    first_line = description.strip().splitlines()[0].strip() if description.strip() else ""
    title = Truncator(first_line).chars(TITLE_LENGTH)
    return title if len(title) >= 4 else f"{category.localized_name} · {first_line}"[:120]


def _answers(data) -> dict:
    """attribute[CODE]=value, and attribute[CODE][]=key repeated for "choose any"."""
    answers: dict = {}
    for name in data:
        match = ATTRIBUTE_PARAM.match(name)
        if match:
            values = [v for v in data.getlist(name) if v.strip()]
            if values:
                answers.setdefault(match["code"], []).extend(values)
    return {code: values if len(values) > 1 else values[0] for code, values in answers.items()}


def _contact_line(params: dict) -> str:
    name = " ".join(p for p in (params.get("first_name"), params.get("last_name")) if p)
    parts = [name, params.get("phone", ""), params.get("email", "")]
    return " · ".join(p for p in parts if p)[:200]


def request_create(*, api_key: ApiKey, data, files, language: str) -> Open311Request:
    """Create a case from a POST requests.* call. `data` is the request's QueryDict (an empty
    parameter counts as absent). Raises Open311Error(404) for an unknown service, and
    ValidationError naming the parameter for anything else wrong."""
    params = {name: data.get(name, "").strip() for name in data}
    params = {name: value for name, value in params.items() if value}
    code = params.get("service_code")
    if not code:
        raise ValidationError({"service_code": _("service_code is required.")})
    category = selectors.service(code)
    if category is None:
        raise Open311Error(404, _("There is no service with the code “%(code)s”.") % {"code": code})
    description = params.get("description", "")
    if not description:
        raise ValidationError({"description": _("Describe the problem.")})
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("Keep the description under %(limit)s characters.")
                % {"limit": DESCRIPTION_MAX_LENGTH}
            }
        )
    latitude, longitude = _location(params)
    case, _created = case_services.case_submit(
        reporter=None,
        category=category,
        urgency=Case.Urgency.ROUTINE,
        title=_title(description, category),
        description=description,
        latitude=latitude,
        longitude=longitude,
        address=params.get("address_string", ""),
        photos=files.getlist("media"),
        source=Case.Source.OPEN311,
        contact=_contact_line(params),
        attributes=_answers(data),
        open311={
            "api_key": api_key,
            "token": secrets.token_urlsafe(18),
            "media_url": params.get("media_url", ""),
            "language": language,
            **{name: params.get(name, "") for name in CONTACT_FIELDS},
        },
    )
    return case.open311
