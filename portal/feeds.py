"""Atom feeds whose summaries are plain text.

Django's Atom1Feed writes each item's description as ``<summary type="html">``: a feed reader
renders it as HTML, so a resident's report saying ``<img src=x onerror=...>`` would run in the
reader. Every description here is the reporter's or editor's plain words, so it goes out as
``type="text"`` (XML-escaped, shown as typed)."""

from django.utils.feedgenerator import Atom1Feed


class PlainTextAtomFeed(Atom1Feed):
    def add_item_elements(self, handler, item):
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})
