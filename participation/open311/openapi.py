"""An OpenAPI 3.1 description of the API, for client generators and tools such as schemathesis.
Built from the same constants the views use, so it cannot drift from them on limits."""

from django.urls import reverse

from ..models import CategoryAttribute
from ..models.cases import DESCRIPTION_MAX_LENGTH
from .params import MAX_PAGE_SIZE
from .resources import SPECIFICATION

_FORMAT = {
    "name": "format",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": ["json", "xml"]},
    "description": "Response format: json or xml.",
}
_JURISDICTION = {
    "name": "jurisdiction_id",
    "in": "query",
    "schema": {"type": "string"},
    "description": "Optional: this server serves one jurisdiction.",
}
_EXTENSIONS = {
    "name": "extensions",
    "in": "query",
    "schema": {"type": "string", "enum": ["true", "false"]},
    "description": "true adds title, detailed_status, urgency, grid, affected_count, url, the "
    "public timeline (notes) and every photo (media_urls).",
}


def _string(description: str, **extra) -> dict:
    return {"type": "string", "description": description, **extra}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _errors(*codes: int) -> dict:
    meaning = {
        400: "Invalid parameters",
        403: "Missing or invalid api_key",
        404: "Unknown service, request or token",
        405: "Method not allowed",
        429: "Over the rate limit",
    }
    return {
        str(code): {
            "description": meaning[code],
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}}
                }
            },
        }
        for code in codes
    }


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
    "api_key": _string("Your key."),
    "service_code": _string("From services.json."),
    "lat": {"type": "number", "minimum": -90, "maximum": 90},
    "long": {"type": "number", "minimum": -180, "maximum": 180},
    "address_string": _string("A grid number (“grid 42”), a grid's or a village's name."),
    "address_id": _string("A grid number."),
    "email": _string("Sent the receipt; never public.", format="email"),
    "device_id": {"type": "string"},
    "account_id": {"type": "string"},
    "first_name": {"type": "string"},
    "last_name": {"type": "string"},
    "phone": {"type": "string"},
    "description": {"type": "string", "maxLength": DESCRIPTION_MAX_LENGTH},
    "media_url": _string("A link to a photo; kept for staff, never fetched.", format="uri"),
}


def document(request) -> dict:
    root = request.build_absolute_uri(reverse("open311:root")).rstrip("/")
    create_form = {
        "type": "object",
        "required": ["api_key", "service_code", "description"],
        "properties": _CREATE_FIELDS,
        "additionalProperties": {
            "description": "attribute[CODE] answers to the service's questions."
        },
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
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wuzhen Housekeeper — Open311 GeoReport v2",
            "version": "2",
            "description": f"GeoReport v2 ({SPECIFICATION}) with the common extensions.",
        },
        "servers": [{"url": root}],
        "externalDocs": {"url": SPECIFICATION},
        "paths": {
            "/services.{format}": {
                "get": {
                    "summary": "Service list: the categories residents report.",
                    "parameters": [_FORMAT, _JURISDICTION],
                    "responses": {**_ok("Services", _list_of("Service")), **_errors(404, 429)},
                }
            },
            "/services/{service_code}.{format}": {
                "get": {
                    "summary": "Service definition: the extra questions a category asks.",
                    "parameters": [
                        {
                            "name": "service_code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        _FORMAT,
                        _JURISDICTION,
                    ],
                    "responses": {
                        **_ok("Definition", {"$ref": "#/components/schemas/ServiceDefinition"}),
                        **_errors(404, 429),
                    },
                }
            },
            "/requests.{format}": {
                "get": {
                    "summary": "Service requests: the last 90 days by default, newest first.",
                    "parameters": [
                        _FORMAT,
                        _JURISDICTION,
                        {
                            "name": "service_request_id",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "Comma-separated ids; overrides everything else.",
                        },
                        {
                            "name": "service_code",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "Comma-separated service codes.",
                        },
                        {
                            "name": "start_date",
                            "in": "query",
                            "schema": {"type": "string", "format": "date-time"},
                        },
                        {
                            "name": "end_date",
                            "in": "query",
                            "schema": {"type": "string", "format": "date-time"},
                            "description": "At most 90 days after start_date.",
                        },
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "open, closed, or open,closed.",
                        },
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                        },
                        _EXTENSIONS,
                    ],
                    "responses": {
                        **_ok("Requests", _list_of("ServiceRequest")),
                        **_errors(400, 404, 429),
                    },
                },
                "post": {
                    "summary": "Create a service request (a case).",
                    "parameters": [_FORMAT],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {"schema": create_form},
                            "multipart/form-data": {"schema": upload_form},
                        },
                    },
                    "responses": {
                        **_ok("Created", _list_of("Created")),
                        **_errors(400, 403, 404, 429),
                    },
                },
            },
            "/requests/{service_request_id}.{format}": {
                "get": {
                    "summary": "One service request, as a one-element list.",
                    "parameters": [
                        {
                            "name": "service_request_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        _FORMAT,
                        _JURISDICTION,
                        _EXTENSIONS,
                    ],
                    "responses": {
                        **_ok("Request", _list_of("ServiceRequest")),
                        **_errors(404, 429),
                    },
                }
            },
            "/tokens/{token}.{format}": {
                "get": {
                    "summary": "The service_request_id a token stands for.",
                    "parameters": [
                        {
                            "name": "token",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        _FORMAT,
                        _JURISDICTION,
                    ],
                    "responses": {**_ok("Token", _list_of("Token")), **_errors(404, 429)},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
