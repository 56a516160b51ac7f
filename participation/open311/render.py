"""One response body, two formats. Resources are built once as plain data (dicts, lists, strings,
numbers, booleans, None; see `resources`) and written here as JSON or as the spec's XML: UTF-8,
no namespace, a list's items named by the singular of the list's name."""

import json
from decimal import Decimal
from xml.etree import ElementTree

from django.http import HttpResponse

from portal.text import without_control_characters

XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The element name of one item of each list, as the spec writes them.
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "notes": "note",
    "media_urls": "media_url",
}


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    # Older cases may hold characters XML cannot carry; new ones are cleaned when reported.
    return without_control_characters(str(value))


def _append(parent: ElementTree.Element, name: str, value) -> None:
    element = ElementTree.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element: ElementTree.Element, name: str, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _append(element, SINGULAR[name], item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, root, data)
    return XML_DECLARATION + ElementTree.tostring(element, encoding="unicode").encode()


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"Not JSON serialisable: {value!r}")


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=_json_default).encode()


def response(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """`data` as the body of a response in `fmt` ("json" or "xml"); `root` names the XML root."""
    body = to_json(data) if fmt == "json" else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=FORMATS[fmt])
