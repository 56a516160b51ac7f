"""Site search: pages of every type and public cases, in Chinese and English."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wagtail.models import Page

from participation.selectors import search_public_cases
from portal.text import search_terms
from portal.translations import reader_locale

PAGE_SIZE = 10
MAX_QUERY = 100
CASES_SHOWN = 5


def _matching_pages(terms: str):
    """Pages of every language that match, each page once: when a page and its translation in
    the reader's language both match, the reader's version. (A Chinese word typed by an English
    reader still finds the Chinese original of a translated page.) The search backend filters on
    plain lookups only, so the choice goes in as a subquery of ids."""
    pages = Page.objects.live().public()
    locale = reader_locale()
    matched_here = pages.filter(locale=locale).search(terms, operator="and")
    keys = {page.translation_key for page in matched_here}
    elsewhere = Page.objects.filter(translation_key__in=keys).exclude(locale=locale)
    shown = Page.objects.exclude(pk__in=elsewhere.values("pk")).values("pk")
    return pages.filter(pk__in=shown).specific().search(terms, operator="and")


@require_GET
def search(request):
    """An empty or over-long query is not an error: nothing to search shows the form, and a long
    one is cut to its first MAX_QUERY characters."""
    query = " ".join((request.GET.get("q") or "").split())[:MAX_QUERY]
    results, cases = None, []
    terms = search_terms(query)
    if terms:
        pages = _matching_pages(terms)
        results = Paginator(pages, PAGE_SIZE).get_page(request.GET.get("page"))
        if results.number == 1:
            cases = search_public_cases(query, limit=CASES_SHOWN)
    return render(
        request,
        "home/search.html",
        {"query": query, "results": results, "cases": cases, "pagination_query": f"q={query}"},
    )
