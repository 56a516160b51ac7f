"""Pages for the neighbour a case was reported for, who has no account: the evaluation link
texted to them (participation.tasks). The link is the only credential; it works once."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.forms import add_service_errors
from portal.ratelimit import over_limit, too_many_requests

from . import services
from .forms import EvaluationForm
from .models import EvaluationLink


@require_http_methods(["GET", "POST"])
def evaluate_link(request, token):
    link = EvaluationLink.from_token(token)
    form = EvaluationForm(request.POST or None)
    context = {"link": link, "case": link.case if link else None, "form": form}
    if link is None:
        context["refusal"] = _(
            "This evaluation link is not valid. Check that you opened all of it."
        )
        return render(request, "participation/evaluate_link.html", context, status=404)
    if request.method == "POST":
        if over_limit(request, "case_evaluate_link"):
            return too_many_requests(request)
        if form.is_valid():
            try:
                services.case_evaluate_by_link(token=token, **form.cleaned_data)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):
                    context["refusal"] = " ".join(error.messages)
                    return render(request, "participation/evaluate_link.html", context, status=409)
                add_service_errors(form, error)
            else:
                context["done"] = True
                return render(request, "participation/evaluate_link.html", context)
        return render(request, "participation/evaluate_link.html", context, status=400)
    try:
        services.check_evaluation_link(link)
    except ValidationError as error:
        context["refusal"] = " ".join(error.messages)
        return render(request, "participation/evaluate_link.html", context, status=410)
    return render(request, "participation/evaluate_link.html", context)
