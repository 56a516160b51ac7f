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
    initial = {}
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
        },
        status=status,
    )


def _perform(action, case, user, data):
    if action == "dispatch":
        services.case_dispatch(case=case, actor=user, **data)
    elif action == "reject":
        services.case_reject(case=case, actor=user, **data)
    elif action == "accept":
        services.case_accept(case=case, actor=user, **data)
    elif action == "return":
        services.case_return(case=case, actor=user, **data)
    elif action == "resolve":
        services.case_resolve(case=case, actor=user, **data)
