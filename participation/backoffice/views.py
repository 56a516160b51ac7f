"""Cases in the Wagtail admin: the list, one case with its timeline, and a form per transition.

The full linkage-centre workbench is built on this; every action here is a service call, so the
admin can never do what the workflow forbids."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.widgets import BooleanRadioSelect

import django_filters
from django_filters.filterset import remote_queryset

from portal.maps import map_config
from portal.pagination import CountInPageMixin

from .. import selectors, services, workflow
from ..forms import add_service_errors
from ..models import Attachment, Case, Category, Department, Grid
from ..transitions import stale_message
from . import structure
from .forms import FORMS, BulkForm, EnterForm

ACTION_LABELS = {
    "dispatch": gettext_lazy("Dispatch"),
    "reject": gettext_lazy("Reject"),
    "accept": gettext_lazy("Accept"),
    "return": gettext_lazy("Return to the centre"),
    "resolve": gettext_lazy("Resolve"),
    "note": gettext_lazy("Add a progress note"),
    "reassign": gettext_lazy("Reassign"),
    "deadline": gettext_lazy("Change the deadline"),
    "merge": gettext_lazy("Merge into another case"),
    "hide": gettext_lazy("Hide from the public"),
    "publish": gettext_lazy("Publish"),
    "redact": gettext_lazy("Edit the public text"),
    "publish_report": gettext_lazy("Publish the reporter's words"),
    "hide_file": gettext_lazy("Hide a photo or recording"),
    "show_file": gettext_lazy("Publish a photo or recording"),
    "approve": gettext_lazy("Approve the repair"),
    "send_back": gettext_lazy("Send the repair back"),
    "reopen": gettext_lazy("Reopen: not fixed"),
    "clear_flag": gettext_lazy("Clear the not-fixed report"),
    "reclassify": gettext_lazy("Correct category, urgency or place"),
    "hide_update": gettext_lazy("Hide a resident's update"),
    "assist_add": gettext_lazy("Ask another department to help"),
    "assist_record": gettext_lazy("Record our part"),
    "assist_waive": gettext_lazy("Waive a department's part"),
}


# Shown as secondary buttons: refusals, and moderation beside the case's main work.
SECONDARY_ACTIONS = frozenset(
    {
        "reject",
        "return",
        "hide",
        "send_back",
        "redact",
        "hide_file",
        "show_file",
        "clear_flag",
        "hide_update",
        "assist_waive",
    }
)


class CaseFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Overdue"), method="filter_overdue", widget=BooleanRadioSelect
    )
    submitted_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Reported"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Case
        # Every foreign key filtered by is a structure table: its choices come from the cache.
        filter_overrides = {
            models.ForeignKey: {
                "filter_class": structure.StructureChoiceFilter,
                "extra": lambda field: {"queryset": remote_queryset(field)},
            }
        }
        fields = [
            "status",
            "urgency",
            "source",
            "category__platform",
            "category",
            "department",
            "grid__community",
            "grid",
        ]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=Case.OPEN_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


def time_left(case) -> str:
    """“3 h left”, “overdue by 2 d”, or “—”: what the inbox shows next to each open case."""
    if not case.is_open or case.due_at is None:
        return "—"
    remaining = case.due_at - timezone.now()
    amount = timesince(timezone.now(), case.due_at) if remaining.total_seconds() > 0 else None
    if amount:
        return _("%(time)s left") % {"time": amount.split(",")[0]}
    return _("overdue by %(time)s") % {"time": timesince(case.due_at).split(",")[0]}


URGENCY_RANK = models.Case(
    models.When(urgency=Case.Urgency.EMERGENCY, then=0),
    models.When(urgency=Case.Urgency.EXPRESS, then=1),
    default=2,
    output_field=models.IntegerField(),
)


# The centre's queue first (new and returned cases), then cases being worked on, then the rest.
QUEUE_RANK = models.Case(
    models.When(status=Case.Status.SUBMITTED, then=0),
    models.When(status__in=Case.OPEN_STATUSES, then=1),
    default=2,
    output_field=models.IntegerField(),
)


class CasePaginator(CountInPageMixin, WagtailPaginator):
    """A page of cases and the number of cases in one query (see portal.pagination)."""


class CaseIndexView(IndexView):
    """Every case the person may see: for the centre all of them, newest first (its inbox is the
    queue, `bulk` below). For a department, its inbox: its open cases, soonest due first (so
    overdue first); once any filter or search is used, all its cases, open ones first.
    Search finds a case by its reference or words."""

    paginator_class = CasePaginator

    @cached_property
    def is_department_inbox(self):
        # Its next page is still the inbox: only a filter or a search makes it the list of all.
        used = set(self.request.GET) - {self.page_kwarg}
        return not used and not workflow.is_dispatcher(self.request.user, None)

    def get_base_queryset(self):
        # No joins in the sorted query: with 100,000 cases SQLite would walk the joined case
        # table category by category (~5× slower). The page's rows get their category, grid
        # and department from the cached structure instead (paginate_queryset).
        cases = (
            selectors.staff_cases(self.request.user)
            .select_related(None)
            .annotate(urgency_rank=URGENCY_RANK, queue_rank=QUEUE_RANK)
        )
        if self.is_department_inbox:
            # Open cases only: a few hundred rows to sort, not a department's whole history.
            cases = cases.filter(status__in=Case.OPEN_STATUSES)
        return cases

    @cached_property
    def default_ordering(self):
        if workflow.is_dispatcher(self.request.user, None):
            return ("-submitted_at", "-id")
        if self.is_department_inbox:
            return ("due_at", "urgency_rank", "submitted_at")
        return ("queue_rank", "due_at", "urgency_rank", "submitted_at")

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows = list(rows)
        related = {
            "category": structure.by_pk(Category),
            "grid": structure.by_pk(Grid),
            "department": structure.by_pk(Department),
        }
        for case in rows:
            for name, known in related.items():
                row = known.get(getattr(case, f"{name}_id"))
                if row is not None:  # else (a row added since the copy) read when shown
                    setattr(case, name, row)
        return paginator, page, rows, is_paginated

    def search_queryset(self, queryset):
        pk = Case.pk_from_reference((self.search_query or "").strip().upper())
        if pk:
            return queryset.filter(pk=pk)
        return super().search_queryset(queryset)


class CaseInspectView(InspectView):
    template_name = "participation/backoffice/case_inspect.html"

    def get_object(self, queryset=None):
        # Staff of one department get 404 for another department's case.
        return get_object_or_404(
            selectors.staff_cases(self.request.user).select_related("open311__api_key"),
            pk=self.pk,
        )

    def get_page_subtitle(self):
        return self.object.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context.update(
            case=case,
            events=case.events.select_related("actor", "case_update"),
            answers=selectors.case_answers(case),
            open311=getattr(case, "open311", None),
            attachments=case.attachments.all(),
            assists=case.assists.select_related("department", "done_by").prefetch_related("photos"),
            actions=[
                (action, ACTION_LABELS[action])
                for action in workflow.allowed_actions(case, self.request.user)
                if action in ACTION_LABELS
            ],
            transition_url_name=self.index_url_name.replace(":index", ":transition"),
            can_moderate=workflow.is_dispatcher(self.request.user, case),
            parts_open=workflow.has_open_parts(case),
            suggested_department=_suggested_department(case),
            secondary_actions=SECONDARY_ACTIONS,
            map=map_config(),
        )
        return context


PRESELECT = {"file": "attachment", "update": "update", "assist": "assist"}


def _suggested_department(case):
    """After a correction, the department the case's category usually goes to, if the case is
    with another one (the centre may reassign it)."""
    default = case.category.default_department
    if case.department_id and case.is_open and case.department_id != default.pk:
        return default
    return None


def transition(request, pk, action, *, url_namespace):
    """GET shows the action's form; POST calls the service. Refusals are shown, never a 500."""
    if action not in FORMS:
        raise Http404
    case = get_object_or_404(selectors.staff_cases(request.user), pk=pk)
    inspect_url = reverse(f"{url_namespace}:inspect", args=[case.pk])
    form_class = FORMS[action]
    initial = {"version": case.version}
    if action == "dispatch":
        initial["department"] = case.category.default_department_id
    # Links from the case page preselect the file, update or part they were next to.
    for parameter, field in PRESELECT.items():
        if parameter in request.GET:
            initial[field] = request.GET[parameter]
    form = form_class(request.POST or None, request.FILES or None, initial=initial, case=case)
    status = 200
    try:
        # Who may, in which state, before any form: a refusal is a refusal, not a form error.
        workflow.check(action, case, request.user)
    except workflow.TransitionError as error:
        shown = request.POST.get("version") if request.method == "POST" else None
        stale = error.code != "forbidden" and shown not in (None, "", str(case.version))
        messages.error(request, stale_message() if stale else error.message)
        return redirect(inspect_url)
    if request.method == "POST":
        if form.is_valid():
            try:
                _perform(action, case, request.user, form.cleaned_data)
            except workflow.TransitionError as error:
                messages.error(request, error.message)
                return redirect(inspect_url)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(reference)s: %(action)s done.")
                    % {"reference": case.reference, "action": ACTION_LABELS[action]},
                )
                return redirect(inspect_url)
        status = 400
    return TemplateResponse(
        request,
        "participation/backoffice/case_transition.html",
        {
            "case": case,
            "form": form,
            "comparison": _comparison(case, action),
            "action_label": ACTION_LABELS[action],
            "header_title": f"{ACTION_LABELS[action]} · {case.reference}",
            "page_title": ACTION_LABELS[action],
            "page_subtitle": case.reference,
            "inspect_url": inspect_url,
            "header_icon": "clipboard-list",
            "templates": selectors.response_templates(case, action)
            if "public_message" in form.fields or "summary" in form.fields
            else [],
        },
        status=status,
    )


Stage = Attachment.Stage
# The photos side by side on the forms where the centre judges a repair.
COMPARED = {
    "approve": (Stage.REPORT, Stage.RECTIFICATION),
    "send_back": (Stage.REPORT, Stage.RECTIFICATION),
    "reopen": (Stage.RECTIFICATION, Stage.ON_SITE),
    "clear_flag": (Stage.RECTIFICATION, Stage.ON_SITE),
}
COLUMN_TITLES = {
    Stage.REPORT: gettext_lazy("Before: the report"),
    Stage.RECTIFICATION: gettext_lazy("After: the department's repair"),
    Stage.ON_SITE: gettext_lazy("On site: the housekeeper's check"),
}


def _comparison(case, action) -> list[tuple[str, list]]:
    """(title, photos) columns for the action's side-by-side view (the latest repair's, not
    one sent back before); none for other actions."""
    if action not in COMPARED:
        return []
    photos = [a for a in case.attachments.all() if a.kind == Attachment.Kind.PHOTO]
    latest = set(selectors.latest_repair(case, photos))
    return [
        (
            COLUMN_TITLES[stage],
            [
                a
                for a in photos
                if a.stage == stage and (stage != Stage.RECTIFICATION or a in latest)
            ],
        )
        for stage in COMPARED[action]
    ]


SERVICES = {
    "dispatch": services.case_dispatch,
    "reject": services.case_reject,
    "accept": services.case_accept,
    "return": services.case_return,
    "resolve": services.case_resolve,
    "note": services.case_note,
    "reassign": services.case_reassign,
    "deadline": services.case_set_deadline,
    "merge": services.case_merge,
    "hide": services.case_hide,
    "publish": services.case_publish,
    "redact": services.case_redact,
    "publish_report": services.case_publish_report,
    "hide_file": services.case_hide_file,
    "show_file": services.case_show_file,
    "approve": services.case_approve,
    "send_back": services.case_send_back,
    "reopen": services.case_reopen,
    "clear_flag": services.case_clear_flag,
    "reclassify": services.case_reclassify,
    "hide_update": services.case_hide_update,
    "assist_add": services.case_assist_add,
    "assist_record": services.case_assist_record,
    "assist_waive": services.case_assist_waive,
}


def _perform(action, case, user, data):
    data = dict(data)
    version = data.pop("version", None)
    SERVICES[action](case=case, actor=user, expected_version=version, **data)


QUEUE_SIZE = 100  # the most urgent and oldest; the next ones appear as these are dealt with


def bulk(request, *, url_namespace):
    """The centre's queue of new and returned cases with check boxes: dispatch or reject many."""
    if not workflow.is_dispatcher(request.user, None):
        raise Http404
    queue = (
        selectors.staff_cases(request.user)
        .filter(status=Case.Status.SUBMITTED)
        .annotate(urgency_rank=URGENCY_RANK)
        .order_by("urgency_rank", "submitted_at")[:QUEUE_SIZE]
    )
    form = BulkForm(request.POST or None)
    form.fields["cases"].queryset = Case.objects.filter(pk__in=[case.pk for case in queue])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            done, refused = services.cases_bulk(
                action=data.pop("action"), cases=data.pop("cases"), actor=request.user, **data
            )
            if done:
                messages.success(
                    request,
                    _("Done for %(count)s case(s): %(references)s")
                    % {"count": len(done), "references": ", ".join(c.reference for c in done)},
                )
            for case, reason in refused:
                messages.error(request, f"{case.reference}: {reason}")
            return redirect(f"{url_namespace}:bulk")
        status = 400
    return TemplateResponse(
        request,
        "participation/backoffice/case_bulk.html",
        {
            "form": form,
            "queue": queue,
            "to_check": list(selectors.repairs_to_check(request.user)[:QUEUE_SIZE]),
            "flagged": list(selectors.flagged_repairs(request.user)[:QUEUE_SIZE]),
            "header_title": _("Centre queue"),
            "page_title": _("Centre queue"),
            "header_icon": "clipboard-list",
        },
        status=status,
    )


def enter(request, *, url_namespace):
    """The centre enters a case for someone: hotline, patrol, or leadership inspection."""
    if not workflow.is_dispatcher(request.user, None):
        raise Http404
    form = EnterForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                case = services.case_enter(staff=request.user, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(reference)s entered.") % {"reference": case.reference}
                )
                return redirect(f"{url_namespace}:inspect", case.pk)
        status = 400
    return TemplateResponse(
        request,
        "participation/backoffice/case_enter.html",
        {
            "form": form,
            "header_title": _("Enter a case"),
            "page_title": _("Enter a case"),
            "header_icon": "plus",
        },
        status=status,
    )
