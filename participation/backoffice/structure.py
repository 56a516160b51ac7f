"""The governance structure as the case list shows it: platforms, categories, departments,
villages and communities, and grids, in its filters' choices and in every row.

A few hundred rows that change only when the linkage centre edits them: kept whole in the cache
(the grids without their boundaries), read once per request, and dropped whenever one of them is
saved or deleted, so the case list reads none of them from the database. Another process's cache
(the in-memory default, without Redis) may keep an old copy for up to `TIMEOUT`.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.forms import ModelChoiceField, Select
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

import django_filters

from portal.request_memo import once_per_request

from ..models import Category, Community, Department, Grid, Platform

MODELS = (Platform, Category, Department, Community, Grid)
NOT_SHOWN = {Grid: ["boundary"]}
VERSION_KEY = "participation:structure:version"
TIMEOUT = 300


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Restarted from the clock, never from a number an older copy was stored under.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _read() -> dict[type, list]:
    key = f"participation:structure:{_version()}"
    rows = cache.get(key)
    if rows is None:
        rows = {model: list(model.objects.defer(*NOT_SHOWN.get(model, []))) for model in MODELS}
        cache.set(key, rows, TIMEOUT)
    return rows


def structure() -> dict[type, list]:
    """Every row of each model of MODELS, in the model's order."""
    return once_per_request("participation structure", _read)


def by_pk(model) -> dict:
    return {row.pk: row for row in structure()[model]}


def forget(**kwargs) -> None:
    """post_save and post_delete of MODELS: drop the copy now (this request, this test) and
    again once the change is committed (a request in between may have stored the old rows)."""

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.add(VERSION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


class _StructureChoices(ModelChoiceIterator):
    def _rows(self):
        model = self.queryset.model
        return structure()[model] if model in MODELS else list(self.queryset)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self._rows():
            yield self.choice(row)

    def __len__(self):
        return len(self._rows()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._rows())


class ListedSelect(Select):
    """Django's <select>, with its options written here rather than each from a template (the
    grid filter alone has a hundred options)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            listed = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            if group_name:
                listed = format_html(
                    '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, listed
                )
            groups.append((listed,))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(widget["attrs"]),
            format_html_join("", "{}", groups),
        )


class StructureChoiceField(ModelChoiceField):
    """A choice of a structure row, listed from the cached copy (a choice made is still looked
    up in the database)."""

    iterator = _StructureChoices
    widget = ListedSelect


class StructureChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = StructureChoiceField
