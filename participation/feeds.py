"""Atom feeds of new and updated public cases: all, per grid, per category.

Entries say what is public on the case page and nothing more: never the reporter's identity."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.feeds import PlainTextAtomFeed

from . import selectors
from .models import Category, Grid


class CaseFeed(Feed):
    feed_type = PlainTextAtomFeed

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return _("Wuzhen Housekeeper: cases")

    def subtitle(self, obj):
        return _("New and updated public cases.")

    def link(self, obj):
        return reverse("participation:case_list")

    def items(self, obj):
        return selectors.cases_for_feed(**self.filters(obj))

    def filters(self, obj):
        return {}

    def item_title(self, case):
        return f"{case.reference} · {case.title} ({case.get_status_display()})"

    def item_description(self, case):
        parts = [
            case.public_description or case.title,
            _("Category: %(category)s") % {"category": case.category},
            str(case.grid),
        ]
        if case.department:
            parts.append(_("Department: %(department)s") % {"department": case.department})
        return "\n\n".join(parts)

    def item_link(self, case):
        return case.get_absolute_url()

    def item_guid(self, case):
        return f"{case.reference}:{case.updated_at.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, case):
        return case.submitted_at

    def item_updateddate(self, case):
        return case.updated_at

    def item_author_name(self, case):
        return case.public_reporter

    def item_categories(self, case):
        return [str(case.category), case.get_status_display()]


class GridCaseFeed(CaseFeed):
    def get_object(self, request, number):
        return get_object_or_404(Grid, number=number)

    def title(self, grid):
        return _("Wuzhen Housekeeper: cases in %(grid)s") % {"grid": grid}

    def link(self, grid):
        return reverse("participation:case_list") + f"?grid={grid.number}"

    def filters(self, grid):
        return {"grid": grid}


class CategoryCaseFeed(CaseFeed):
    def get_object(self, request, code):
        return get_object_or_404(Category, code=code)

    def title(self, category):
        return _("Wuzhen Housekeeper: %(category)s cases") % {"category": category}

    def link(self, category):
        return reverse("participation:case_list") + f"?category={category.pk}"

    def filters(self, category):
        return {"category": category}
