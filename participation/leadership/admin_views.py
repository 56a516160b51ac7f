"""Problem lists in the Wagtail admin: the index with each list's progress, recording a list (a
form for the list and a formset of its problems), the list's page (each item's status,
department and time left, the whole list's progress bar) and publishing it. Every write is a
service call; who may see and do what is in `selectors`."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.permission_policies import ModelPermissionPolicy

from ..backoffice.views import time_left
from ..workflow import TransitionError
from . import selectors, services
from .forms import ProblemListForm, ProblemListItemFormSet

ITEMS_PREFIX = "items"


class ProblemListPolicy(ModelPermissionPolicy):
    """Lists are recorded with their own form and published by an action; never edited or
    deleted through a model form (their items are cases, with their own history)."""

    def user_has_permission(self, user, action):
        if action in ("change", "delete"):
            return False
        return super().user_has_permission(user, action)


class ProgressColumn(Column):
    cell_template_name = "participation/leadership/admin/progress_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["progress"] = selectors.progress(instance)
        return context


def published_label(problem_list) -> str:
    return _("Published") if problem_list.is_published else _("Not published")


class ProblemListIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.staff_problem_lists(self.request.user)


class ProblemListInspectView(InspectView):
    template_name = "participation/leadership/admin/problem_list.html"
    page_title = gettext_lazy("Problem list")

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.staff_problem_lists(self.request.user), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.title

    @cached_property
    def url_namespace(self):
        return self.index_url_name.rsplit(":", 1)[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        problem_list = self.object
        items = selectors.problem_list_items(problem_list)
        for item in items:
            item.time_left = time_left(item.case)
        context.update(
            problem_list=problem_list,
            progress=selectors.progress(problem_list),
            items=items,
            may_publish=selectors.may_publish(self.request.user, problem_list),
            publish_url=reverse(f"{self.url_namespace}:publish", args=[problem_list.pk]),
            unpublish_url=reverse(f"{self.url_namespace}:unpublish", args=[problem_list.pk]),
            public_url=reverse("participation:problem_list_detail", args=[problem_list.pk]),
        )
        return context


def record(request, *, url_namespace):
    """GET shows the form with one blank problem; “Add another problem” adds one (in the page
    with JavaScript, by a round trip without); POST records the list through the service."""
    if not selectors.may_record_lists(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    status = 200
    if data is not None and "add_item" in data:
        form, formset = _with_another_item(request, data)
    else:
        form = ProblemListForm(data, user=request.user)
        formset = ProblemListItemFormSet(data, prefix=ITEMS_PREFIX)
        if data is not None:
            if form.is_valid() and formset.is_valid():
                filled = formset.filled()
                try:
                    problem_list = services.problem_list_record(
                        actor=request.user,
                        title=form.cleaned_data["title"],
                        inspected_on=form.cleaned_data["inspected_on"],
                        leader=form.cleaned_data.get("leader"),
                        description=form.cleaned_data["description"],
                        items=[item for _index, item in filled],
                    )
                except (PermissionDenied, TransitionError) as error:
                    messages.error(request, str(getattr(error, "message", error)))
                except ValidationError as error:
                    _show_errors(form, formset, [index for index, _item in filled], error)
                else:
                    messages.success(
                        request,
                        _(
                            "Problem list “%(title)s” recorded: %(count)s cases sent to their "
                            "departments."
                        )
                        % {"title": problem_list.title, "count": len(filled)},
                    )
                    return redirect(f"{url_namespace}:inspect", problem_list.pk)
            status = 400
    return TemplateResponse(
        request,
        "participation/leadership/admin/problem_list_record.html",
        {
            "form": form,
            "formset": formset,
            "index_url": reverse(f"{url_namespace}:index"),
            "header_title": _("Record a problem list"),
            "page_title": _("Record a problem list"),
            "header_icon": "list-ol",
        },
        status=status,
    )


def _with_another_item(request, data):
    """The form as typed, unchecked (no errors yet: the person is still writing), with one
    more blank problem."""
    total = int(data.get(f"{ITEMS_PREFIX}-TOTAL_FORMS") or 0)
    item_fields = ProblemListItemFormSet.form.base_fields
    initial = [
        {
            name: data.get(f"{ITEMS_PREFIX}-{index}-{name}")
            for name in item_fields
            if data.get(f"{ITEMS_PREFIX}-{index}-{name}")
        }
        for index in range(min(total, services.MAX_ITEMS))
    ]
    form = ProblemListForm(
        initial={name: data.get(name) for name in ProblemListForm.base_fields if data.get(name)},
        user=request.user,
    )
    formset = ProblemListItemFormSet(initial=initial, prefix=ITEMS_PREFIX)
    return form, formset


def _show_errors(form, formset, indexes, error: ValidationError) -> None:
    """Put the service's refusals where they belong: ``items.<n>.<field>`` on the n-th filled
    problem's field, ``items`` above the problems, the rest on the list's form."""
    for key, messages_ in error.message_dict.items():
        parts = key.split(".")
        if parts[0] == "items" and len(parts) == 3:
            item_form = formset.forms[indexes[int(parts[1])]]
            field = None if parts[2] == NON_FIELD_ERRORS else parts[2]
            for message in messages_:
                item_form.add_error(field if field in item_form.fields else None, message)
        elif key == "items":
            formset._non_form_errors = formset.error_class(messages_, error_class="nonform")
        else:
            for message in messages_:
                form.add_error(key if key in form.fields else None, message)


@require_POST
def publish(request, pk, *, url_namespace, published: bool):
    """Publish or unpublish a list (the service checks who may)."""
    problem_list = get_object_or_404(selectors.staff_problem_lists(request.user), pk=pk)
    service = services.problem_list_publish if published else services.problem_list_unpublish
    try:
        service(actor=request.user, problem_list=problem_list)
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (
                _("“%(title)s” is on the public site.")
                if published
                else _("“%(title)s” is no longer on the public site.")
            )
            % {"title": problem_list.title},
        )
    return redirect(f"{url_namespace}:inspect", pk)
