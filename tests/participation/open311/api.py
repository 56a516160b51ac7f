"""Helpers for reading the API's answers as a client would: JSON, or the spec's XML parsed with
ElementTree and turned into the same shapes (lists by their element names, leaves as text)."""

import json
from xml.etree import ElementTree

from django.urls import reverse

XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The spec's list elements and the name of each item in them.
LISTS = {
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
FORMATS = ["json", "xml"]


def url(name: str, fmt: str = "json", *args) -> str:
    return reverse(f"open311:{name}", args=[*args, fmt])


def xml_root(response) -> ElementTree.Element:
    """The parsed body of an XML answer: UTF-8 with the declaration, no namespace anywhere."""
    assert response["Content-Type"] == CONTENT_TYPES["xml"]
    body = response.content
    assert body.startswith(XML_DECLARATION), body[:80]
    body.decode("utf-8")  # raises if it is not UTF-8
    assert b"xmlns" not in body
    root = ElementTree.fromstring(body)
    for element in root.iter():
        assert "{" not in element.tag and ":" not in element.tag, element.tag
        assert not element.attrib, (element.tag, element.attrib)
    return root


def from_xml(element: ElementTree.Element):
    """An element as plain data: a list element's items (each checked to carry the item name),
    a record's children by name (in document order, each once), a leaf's text (None if empty)."""
    if element.tag in LISTS:
        assert element.text is None or not element.text.strip(), element.text
        names = {child.tag for child in element}
        assert names <= {LISTS[element.tag]}, (element.tag, names)
        return [from_xml(child) for child in element]
    if len(element):
        names = [child.tag for child in element]
        assert len(names) == len(set(names)), names
        return {child.tag: from_xml(child) for child in element}
    return element.text


def as_xml_text(value):
    """JSON data as the spec's XML writes it: booleans true/false, null and "" as an empty
    element (read back as None), numbers as text."""
    if isinstance(value, dict):
        return {key: as_xml_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_xml_text(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == "":
        return None
    return str(value)


def body(response, fmt: str):
    """The answer as plain data; for XML, (root element name, data)."""
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    if fmt == "json":
        return json.loads(response.content.decode("utf-8"))
    root = xml_root(response)
    return root.tag, from_xml(root)


def json_body(response):
    assert response["Content-Type"] == CONTENT_TYPES["json"]
    return json.loads(response.content.decode("utf-8"))


def xml_body(response, root: str):
    element = xml_root(response)
    assert element.tag == root
    return from_xml(element)


def assert_error(response, fmt: str, status: int, *fragments: str) -> list[str]:
    """The spec's error answer: HTTP `status`, and a body listing {code, description} with that
    code, the descriptions containing each fragment. Returns the descriptions."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    if fmt == "json":
        errors = json_body(response)
        assert isinstance(errors, list) and errors
        for error in errors:
            assert list(error) == ["code", "description"]
            assert error["code"] == status
            assert isinstance(error["description"], str) and error["description"]
    else:
        errors = xml_body(response, "errors")
        assert errors
        for error in errors:
            assert list(error) == ["code", "description"]
            assert error["code"] == str(status)
            assert error["description"]
    descriptions = [error["description"] for error in errors]
    for fragment in fragments:
        assert any(fragment in d for d in descriptions), (fragment, descriptions)
    return descriptions
