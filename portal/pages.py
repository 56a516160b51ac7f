"""Serving and listing Wagtail pages in fewer queries.

Wagtail finds a page one level at a time, each level a query for the child and another for its
own type (`.specific`), and checks view restrictions with a query per list (`.public()`) and two
per page served. Here a child is read as its own type in one query, and the view restrictions of
the whole site (a handful of rows, most often none) are read once per request and answer every
list and the check of the page served.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from wagtail.models import Page, PageViewRestriction

from .request_memo import once_per_request


def view_restrictions() -> list[PageViewRestriction]:
    """Every page view restriction of the site, with its page: read once per request."""
    return once_per_request(
        "page view restrictions", lambda: list(PageViewRestriction.objects.select_related("page"))
    )


def public(pages: QuerySet) -> QuerySet:
    """`pages.public()`: the pages outside private sections, without a query of its own."""
    private = Q()
    for restriction in view_restrictions():
        private |= pages.descendant_of_q(restriction.page, inclusive=True)
    return pages.exclude(private) if private else pages


def specific_child(parent: Page, slug: str) -> Page:
    """The child of `parent` with this slug, as its own page type, in one query: the tables of
    the page types allowed under `parent` are joined, so the row found brings its own fields
    (and the rows its type names in `select_related_on_route`, such as its image)."""
    allowed = [
        model for model in type(parent).allowed_subpage_models() if Page in model._meta.parents
    ]
    related = []
    for model in allowed:
        name = model._meta.model_name
        fields = getattr(model, "select_related_on_route", ())
        related += [name, *(f"{name}__{field}" for field in fields)]
    try:
        child = parent.get_children().select_related(*related).get(slug=slug)
    except Page.DoesNotExist as error:
        raise Http404 from error
    model = child.specific_class
    if model in allowed:
        return getattr(child, model._meta.model_name)
    return child.specific  # a type no longer allowed here: Wagtail's two queries


class PageReadsMixin:
    """For page types: a child page found in one query, and the view restriction check of the
    page served answered from the request's one look-up when the site has no restriction.
    List it just before `Page` (after RoutablePageMixin), so routes of its own come first."""

    # Related rows the page always shows (e.g. its image), read in the query that finds it.
    select_related_on_route: tuple[str, ...] = ()

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        child = specific_child(self, path_components[0])
        # As Wagtail does: the child's parent is known, and get_parent() needs no query.
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def get_view_restrictions(self):
        if not view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
