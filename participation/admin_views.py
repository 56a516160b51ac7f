"""Cases in the Wagtail admin: the list, one case with its timeline, and a form per transition.

The full linkage-centre workbench is built on this; every action here is a service call, so the
admin can never do what the workflow forbids."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.views.generic.models import IndexView, InspectView

from . import selectors, services, workflow
from .admin_forms import FORMS
from .views import _add_errors

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
}


class CaseIndexView(IndexView):
    def get_base_queryset(self):
        return selectors.staff_cases(self.request.user)


class CaseInspectView(InspectView):
    template_name = "participation/admin/case_inspect.html"

    def get_object(self, queryset=None):
        # Staff of one department get 404 for another department's case.
        return get_object_or_404(selectors.staff_cases(self.request.user), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        context.update(
            case=case,
            events=case.events.select_related("actor"),
            attachments=case.attachments.all(),
            actions=[
                (action, ACTION_LABELS[action])
                for action in workflow.allowed_actions(case, self.request.user)
                if action in ACTION_LABELS
            ],
            transition_url_name=self.index_url_name.replace(":index", ":transition"),
        )
        return context


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
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _perform(action, case, request.user, form.cleaned_data)
            except workflow.TransitionError as error:
                messages.error(request, error.message)
                return redirect(inspect_url)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(reference)s: %(action)s done.")
                    % {"reference": case.reference, "action": ACTION_LABELS[action]},
                )
                return redirect(inspect_url)
        status = 400
    else:
        try:
            workflow.check(action, case, request.user)
        except workflow.TransitionError as error:
            messages.error(request, error.message)
            return redirect(inspect_url)
    return TemplateResponse(
        request,
        "participation/admin/case_transition.html",
        {
            "case": case,
            "form": form,
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
}


def _perform(action, case, user, data):
    data = dict(data)
    version = data.pop("version", None)
    SERVICES[action](case=case, actor=user, expected_version=version, **data)
