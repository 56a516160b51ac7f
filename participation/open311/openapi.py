"""An OpenAPI 3.1 description of the API, for client generators and tools such as schemathesis.
Built from the same constants the views use, so it cannot drift from them on limits."""

from django.urls import reverse

from ..models import Case, CategoryAttribute, Open311Request
from ..models.cases import DESCRIPTION_MAX_LENGTH
from . import w3c
from .params import MAX_PAGE, MAX_PAGE_SIZE, WINDOW
from .resources import SPECIFICATION

# What the server refuses in any text it is sent (params.refuse_null_characters): NUL.
_NO_NUL = r"^[^\u0000]*$"
# Codes, references and tokens: a resource's id has only these characters.
_ID = r"^[-A-Za-z0-9_]+$"
# The years `w3c` reads, FIRST_YEAR to LAST_YEAR (1900–2999); the conformance test fails if they
# drift apart.
_YEAR = "(?:19[0-9]{2}|2[0-9]{3})"
# W3C date-times (https://www.w3.org/TR/NOTE-datetime) as `w3c` reads them: a date-time with its
# zone (T and Z in capitals, seconds up to 59) or a plain date, the start of that day in the
# town's time zone.
_W3C_DATE = {
    "type": "string",
    "description": "A W3C date-time with its zone (2026-11-25T09:30:00+08:00) or a date "
    "(2026-11-25: the start of that day in the town's time zone); a time without seconds is read "
    "too.",
    "anyOf": [
        {
            "format": "date-time",
            "pattern": rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-5][0-9]"
            r"(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})$",
        },
        {"format": "date", "pattern": rf"^{_YEAR}-"},
    ],
}
# open, closed, or both, comma-separated; letter case and spaces around an item do not matter.
_STATUS_ITEM = r"\s*(?:[Oo][Pp][Ee][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd])?\s*"
_API_KEY = "api_key"

_FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": ["json", "xml"]},
    "description": "Response format: json or xml. Any other format is a 404, answered in JSON.",
}


def _text(description: str = "", **extra) -> dict:
    """Text a client sends: any characters but NUL."""
    schema = {"type": "string", "pattern": _NO_NUL, **extra}
    if description:
        schema["description"] = description
    return schema


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


# An empty parameter is an absent one, as the spec reads it; the server takes one of only spaces
# for empty too.
_BLANK = {"type": "string", "pattern": r"^\s*$", "description": "Blank: the same as absent."}


def _query(name: str, schema: dict, description: str = "") -> dict:
    """An optional query parameter: `schema`, or blank."""
    parameter = {"name": name, "in": "query", "schema": {"anyOf": [schema, _BLANK]}}
    if description:
        parameter["description"] = description
    return parameter


def _path(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": _ID},
        "description": f"{description} Letters, digits, - and _; anything else is a 404.",
    }


_JURISDICTION = _query("jurisdiction_id", _text(), "Optional: this server serves one jurisdiction.")
# Reading needs no key. A client may send its key all the same, so its own rate limit applies; an
# unknown or revoked one is a 403.
_READING_KEY = _query("api_key", _text(), "Optional when reading: your key, for its rate limit.")
_EXTENSIONS = _query(
    "extensions",
    _text(examples=["true", "false"]),
    "true (in any letter case) adds title, detailed_status, urgency, grid, affected_count, url, "
    "the public timeline (notes) and every photo (media_urls); any other value leaves them out.",
)


def _string(description: str, **extra) -> dict:
    return {"type": "string", "description": description, **extra}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


_ERROR_MEANINGS = {
    400: "Invalid parameters, or a request too large. Each error names what was wrong.",
    403: "An api_key that is not valid, or has been revoked (or none, where one is required).",
    404: "An unknown jurisdiction, service, request or token, or a format other than json or "
    "xml (then answered in JSON).",
    429: "Over the rate limit: try again after Retry-After seconds.",
}


def _errors(*codes: int) -> dict:
    """The spec's error answer: a list of {code, description}, in the format asked for."""
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Error"}}
    responses = {
        str(code): {
            "description": _ERROR_MEANINGS[code],
            "content": {"application/json": {"schema": schema}, "text/xml": {"schema": schema}},
        }
        for code in codes
    }
    if "429" in responses:
        responses["429"]["headers"] = {
            "Retry-After": {"required": True, "schema": {"type": "integer", "minimum": 1}}
        }
    return responses


# Every operation may answer these (a POST without a key is a 403 too).
_ERRORS = (400, 403, 404, 429)
# Writing needs a key (the security scheme below).
_KEY_REQUIRED = [{_API_KEY: []}]


def _ok(description: str, schema: dict) -> dict:
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": schema}, "text/xml": {"schema": schema}},
        }
    }


def _list_of(name: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
    "Service": {
        "type": "object",
        "properties": {
            "service_code": _string("The category's code."),
            "service_name": _string("Its name, in the language of Accept-Language."),
            "description": _string("Examples of problems in this category."),
            "metadata": {"type": "boolean", "description": "true if it asks extra questions."},
            "type": _string("Always realtime.", enum=["realtime"]),
            "keywords": _string("Comma-separated words."),
            "group": _string("The linkage-centre platform the category belongs to."),
        },
    },
    "Attribute": {
        "type": "object",
        "properties": {
            "variable": {"type": "boolean"},
            "code": {"type": "string"},
            "datatype": _string(
                "Kind of answer.",
                enum=[choice for choice, _label in CategoryAttribute.Datatype.choices],
            ),
            "required": {"type": "boolean"},
            "datatype_description": {"type": ["string", "null"]},
            "order": {"type": "integer"},
            "description": {"type": "string"},
            "values": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
                },
            },
        },
    },
    "ServiceDefinition": {
        "type": "object",
        "properties": {"service_code": {"type": "string"}, "attributes": _list_of("Attribute")},
    },
    "ServiceRequest": {
        "type": "object",
        "properties": {
            "service_request_id": _string("The case reference, e.g. WZ-2026-000123."),
            "status": _string("open or closed.", enum=["open", "closed"]),
            "status_notes": _nullable(_string("The latest public message on the case.")),
            "service_name": {"type": "string"},
            "service_code": {"type": "string"},
            "description": {"type": "string"},
            "agency_responsible": _nullable(_string("The department handling it.")),
            "service_notice": {"type": "string"},
            "requested_datetime": _string("W3C date-time.", format="date-time"),
            "updated_datetime": _string("W3C date-time.", format="date-time"),
            "expected_datetime": _nullable(_string("The due time.", format="date-time")),
            "address": {"type": ["string", "null"]},
            "address_id": _string("The grid number."),
            "zipcode": {"type": ["string", "null"]},
            "lat": {"type": "number"},
            "long": {"type": "number"},
            "media_url": _nullable(_string("The first photo sent with the report.")),
        },
    },
    "Created": {
        "type": "object",
        "properties": {
            "service_request_id": {"type": "string"},
            "token": {"type": "string"},
            "service_notice": {"type": "string"},
            "account_id": {"type": ["string", "null"]},
        },
    },
    "Token": {
        "type": "object",
        "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"}},
    },
}

_CREATE_FIELDS = {
    "api_key": _text(
        "Your key, here as the spec has it or in the query string; given in both, this one counts."
    ),
    "service_code": _string("From services.json.", pattern=_ID),
    "lat": {"type": "number", "minimum": -90, "maximum": 90},
    "long": {"type": "number", "minimum": -180, "maximum": 180},
    "address_string": _text(
        "A grid number (“grid 42”), a grid's or a village's name.",
        maxLength=_max_length(Case, "address"),
    ),
    "address_id": _text("A grid number."),
    "email": _text(
        "Sent the receipt; never public.",
        format="email",
        maxLength=_max_length(Open311Request, "email"),
    ),
    **{
        name: _text(maxLength=_max_length(Open311Request, name))
        for name in ("device_id", "account_id", "first_name", "last_name", "phone")
    },
    "description": _string(
        "What is wrong: not blank, no NUL.",
        pattern=r"^[^\u0000]*[^\s\u0000][^\u0000]*$",
        maxLength=DESCRIPTION_MAX_LENGTH,
    ),
    "media_url": _string(
        "A web link to a photo; kept for staff, never fetched.",
        format="uri",
        pattern=r"^(?:https?|ftps?)://[^\u0000]*$",
        maxLength=_max_length(Open311Request, "media_url"),
    ),
}
# attribute[CODE]=answer, or attribute[CODE][]=key repeated for a question that takes several.
_ANSWERS = {
    "description": "attribute[CODE] answers to the service's questions.",
    "anyOf": [_text(), {"type": "array", "items": _text()}],
}


def document(request) -> dict:
    root = request.build_absolute_uri(reverse("open311:root")).rstrip("/")
    create_form = {
        "type": "object",
        "required": ["service_code", "description"],
        "properties": _CREATE_FIELDS,
        "propertyNames": {"pattern": _NO_NUL},
        "additionalProperties": _ANSWERS,
    }
    upload_form = {
        **create_form,
        "properties": {
            **_CREATE_FIELDS,
            "media": {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "maxItems": 4,
                "description": "Up to 4 photos (GeoReport v2.1 draft), re-encoded without "
                "metadata.",
            },
        },
    }
    window = WINDOW.days
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wuzhen Housekeeper — Open311 GeoReport v2",
            "version": "2",
            "description": f"GeoReport v2 ({SPECIFICATION}) with the common extensions. Every "
            "refusal is the spec's list of errors, in the format the address asks for.",
        },
        "servers": [{"url": root}],
        "externalDocs": {"url": SPECIFICATION},
        "paths": {
            "/services.{format}": {
                "get": {
                    "summary": "Service list: the categories residents report.",
                    "parameters": [_FORMAT, _JURISDICTION, _READING_KEY],
                    "responses": {**_ok("Services", _list_of("Service")), **_errors(*_ERRORS)},
                }
            },
            "/services/{service_code}.{format}": {
                "get": {
                    "summary": "Service definition: the extra questions a category asks.",
                    "parameters": [
                        _path("service_code", "From services.json."),
                        _FORMAT,
                        _JURISDICTION,
                        _READING_KEY,
                    ],
                    "responses": {
                        **_ok("Definition", {"$ref": "#/components/schemas/ServiceDefinition"}),
                        **_errors(*_ERRORS),
                    },
                }
            },
            "/requests.{format}": {
                "get": {
                    "summary": f"Service requests: the last {window} days by default, newest "
                    "first.",
                    "parameters": [
                        _FORMAT,
                        _JURISDICTION,
                        _READING_KEY,
                        _query(
                            "service_request_id",
                            _text(),
                            "Comma-separated ids; overrides the other filters, which must "
                            "still be valid.",
                        ),
                        _query(
                            "service_code",
                            _text(),
                            "Comma-separated service codes; an unknown one is a 404.",
                        ),
                        _query(
                            "start_date",
                            _W3C_DATE,
                            f"Alone: the {window} days from it. Years {w3c.FIRST_YEAR}–"
                            f"{w3c.LAST_YEAR}.",
                        ),
                        _query(
                            "end_date",
                            _W3C_DATE,
                            f"Alone: the {window} days up to it. With start_date: not before "
                            f"it, and at most {window} days after it (else a 400). Years "
                            f"{w3c.FIRST_YEAR}–{w3c.LAST_YEAR}.",
                        ),
                        _query(
                            "status",
                            {
                                "type": "string",
                                "pattern": rf"^{_STATUS_ITEM}(?:,{_STATUS_ITEM})*$",
                                "examples": ["open", "closed", "open,closed"],
                            },
                            "open, closed, or both comma-separated; none means both.",
                        ),
                        _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
                        _query(
                            "page_size",
                            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                            f"{MAX_PAGE_SIZE} when absent.",
                        ),
                        _EXTENSIONS,
                    ],
                    "responses": {
                        **_ok("Requests", _list_of("ServiceRequest")),
                        **_errors(*_ERRORS),
                    },
                },
                "post": {
                    "summary": "Create a service request (a case).",
                    "description": "Beyond what the form's schema says, a report the town "
                    "cannot take is a 400 naming the parameter: a place outside the town, a "
                    "grid or address it does not know, an answer a question needs, a photo it "
                    "cannot read.",
                    "parameters": [_FORMAT],
                    "security": _KEY_REQUIRED,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {"schema": create_form},
                            "multipart/form-data": {"schema": upload_form},
                        },
                    },
                    "responses": {
                        **_ok("Created", _list_of("Created")),
                        **_errors(*_ERRORS),
                    },
                },
            },
            "/requests/{service_request_id}.{format}": {
                "get": {
                    "summary": "One service request, as a one-element list.",
                    "parameters": [
                        _path("service_request_id", "A case reference, e.g. WZ-2026-000123."),
                        _FORMAT,
                        _JURISDICTION,
                        _READING_KEY,
                        _EXTENSIONS,
                    ],
                    "responses": {
                        **_ok("Request", _list_of("ServiceRequest")),
                        **_errors(*_ERRORS),
                    },
                }
            },
            "/tokens/{token}.{format}": {
                "get": {
                    "summary": "The service_request_id a token stands for.",
                    "parameters": [
                        _path("token", "From the answer to a POST."),
                        _FORMAT,
                        _JURISDICTION,
                        _READING_KEY,
                    ],
                    "responses": {**_ok("Token", _list_of("Token")), **_errors(*_ERRORS)},
                }
            },
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                _API_KEY: {
                    "type": "apiKey",
                    "in": "query",
                    "name": "api_key",
                    "description": "A key from the linkage centre. POST takes it as a form "
                    "field too (see the form).",
                }
            },
        },
    }
