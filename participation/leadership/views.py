"""The public pages of published problem lists: the index with each list's progress, and one
list with its items, each as the public may see its case (a hidden case is shown as hidden,
without its text or a link). An unpublished list is a 404. Cached for anonymous readers with
the case pages, which every case event and every publishing drops."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..caching import case_pages
from . import selectors

PAGE_SIZE = 20


@require_GET
@case_pages.page
def problem_list_index(request):
    lists = Paginator(selectors.published_problem_lists(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for problem_list in lists.object_list:
        problem_list.progress = selectors.progress(problem_list)
    return render(request, "participation/leadership/problem_list_index.html", {"page": lists})


@require_GET
@case_pages.page
def problem_list_detail(request, pk):
    problem_list = selectors.public_problem_list(pk)
    if problem_list is None:
        raise Http404
    return render(
        request,
        "participation/leadership/problem_list_detail.html",
        {
            "problem_list": problem_list,
            "progress": selectors.progress(problem_list),
            "items": selectors.problem_list_items(problem_list),
        },
    )
