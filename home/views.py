"""Site search: pages of every type and public cases, in Chinese and English."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wagtail.models import Page

from participation.selectors import search_public_cases
from portal.text import search_terms
from portal.translations import in_reader_language

PAGE_SIZE = 10
MAX_QUERY = 100
CASES_SHOWN = 5


@require_GET
def search(request):
    """An empty or over-long query is not an error: nothing to search shows the form, and a long
    one is cut to its first MAX_QUERY characters."""
    query = " ".join((request.GET.get("q") or "").split())[:MAX_QUERY]
    results, cases = None, []
    terms = search_terms(query)
    if terms:
        # The search backend filters on plain field lookups only: the language choice goes in
        # as a subquery of ids.
        shown = in_reader_language(Page.objects.live().public()).values("pk")
        pages = Page.objects.live().public().filter(pk__in=shown).specific()
        pages = pages.search(terms, operator="and")
        results = Paginator(pages, PAGE_SIZE).get_page(request.GET.get("page"))
        if results.number == 1:
            cases = search_public_cases(query, limit=CASES_SHOWN)
    return render(
        request,
        "home/search.html",
        {"query": query, "results": results, "cases": cases, "pagination_query": f"q={query}"},
    )
