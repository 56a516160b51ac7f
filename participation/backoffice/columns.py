"""Columns of the case list whose cells are written in Python, not rendered from a template each.

A page of the inbox is 25 cases of nine cells: with Wagtail's default (a template per cell, and a
menu of row buttons in the title cell) rendering them took most of the page's time. The markup is
Wagtail's own (tables/cell.html, tables/title_cell.html); the title cell links to the case, which
is the only action a row offers (cases change through their own forms, never an edit view)."""

from django.templatetags.l10n import unlocalize
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import template_localtime

from wagtail.admin.ui.tables import Column, TitleColumn

from ..models import Case


def _shown(value) -> str:
    """A value as `{{ value }}` shows it: dates in the reader's time zone and format."""
    if isinstance(value, int) and not isinstance(value, bool):
        return unlocalize(value)
    return str(localize(template_localtime(value)))


class CellColumn(Column):
    """A Column whose cells are formatted here (as wagtailadmin/tables/cell.html would)."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is not None:
            value = _shown(value)
            if not value.strip():
                value = self.empty_value_display
        classname = format_html(' class="{}"', self.classname) if self.classname else ""
        return format_html("<td{}>{}</td>", classname, "" if value is None else value)


class CaseTitleColumn(CellColumn):
    """The case's title, linking to the case (as wagtailadmin/tables/title_cell.html would)."""

    def __init__(self, name="title", *, url_name: str, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name = url_name

    def render_cell_html(self, instance, parent_context):
        title = self.get_value(instance) or TitleColumn.empty_value_display
        return format_html(
            '<td class="title"><div class="title-wrapper"><a href="{}">{}</a></div></td>',
            reverse(self.url_name, args=[instance.pk]),
            title,
        )


def field_column(name: str, column_class=CellColumn, **kwargs) -> Column:
    """The column Wagtail would make for a field of Case (its label, sorting, and the display
    value of a field with choices), with its cells formatted here."""
    field = Case._meta.get_field(name)
    accessor = f"get_{name}_display" if field.choices else name
    kwargs.setdefault("label", capfirst(field.verbose_name))
    return column_class(accessor, sort_key=name, **kwargs)
