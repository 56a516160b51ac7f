"""Public pages of the housekeepers' organisation: applying to serve a grid and one's own
applications, and the grid leader's page of their grid (others get 404). Thin: the rules are in
services and selectors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.decorators import verified_contact_required
from portal.forms import add_service_errors

from . import selectors, services
from .forms import ApplicationForm, DecisionForm, GridMessageForm


@verified_contact_required
@require_http_methods(["GET", "POST"])
def housekeeper_apply(request):
    """A resident applies to serve a grid (their home grid chosen for them if they have one)."""
    form = ApplicationForm(request.POST or None, initial={"grid": request.user.home_grid_id})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.housekeeper_apply(
                applicant=request.user,
                grid=form.cleaned_data["grid"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your application to serve %(grid)s is with its grid leader.")
                % {"grid": application.grid},
            )
            return redirect("participation:housekeeper_applications")
    return render(
        request,
        "participation/organisation/apply.html",
        {"form": form, "served": selectors.served_grids(request.user)},
        status=400 if form.errors else 200,
    )


@verified_contact_required
@require_GET
def housekeeper_applications(request):
    """The resident's applications and their status; the grids they serve."""
    return render(
        request,
        "participation/organisation/applications.html",
        {
            "applications": selectors.applicant_applications(request.user),
            "served": selectors.served_grids(request.user),
        },
    )


@verified_contact_required
@require_POST
def housekeeper_application_withdraw(request, pk):
    application = selectors.applicant_application(request.user, pk)
    if application is None:
        raise Http404
    try:
        services.housekeeper_application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your application to serve %(grid)s is withdrawn.") % {"grid": application.grid},
        )
    return redirect("participation:housekeeper_applications")


def _led_grid(request, number):
    """The grid with this number, for its own grid leader only: 404 for anyone else."""
    grid = selectors.led_grid(request.user, number)
    if grid is None:
        raise Http404
    return grid


def _grid_page(request, grid, *, message_form=None, status=200):
    return render(
        request,
        "participation/organisation/grid_lead.html",
        {
            "overview": selectors.grid_overview(grid),
            "message_form": message_form or GridMessageForm(),
            "decision_form": DecisionForm(),
        },
        status=status,
    )


@verified_contact_required
@require_GET
def grid_lead(request, number):
    """The grid leader's page: members, applications to decide, open cases, repairs to check,
    this month's activity, overdue cases, and a message to the housekeepers."""
    return _grid_page(request, _led_grid(request, number))


@verified_contact_required
@require_POST
def grid_application_decide(request, number, pk):
    grid = _led_grid(request, number)
    application = selectors.grid_application(grid, pk)
    if application is None:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("participation:grid_lead", number=grid.number)
    decide = (
        services.housekeeper_application_approve
        if form.cleaned_data["decision"] == "approve"
        else services.housekeeper_application_decline
    )
    try:
        decide(application=application, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = application.applicant.public_name
        if form.cleaned_data["decision"] == "approve":
            text = _("%(person)s is now a housekeeper of %(grid)s.")
        else:
            text = _("You declined the application of %(person)s.")
        messages.success(request, text % {"person": name, "grid": grid})
    return redirect("participation:grid_lead", number=grid.number)


@verified_contact_required
@require_POST
def grid_message_send(request, number):
    grid = _led_grid(request, number)
    form = GridMessageForm(request.POST)
    if form.is_valid():
        try:
            services.grid_message_send(grid=grid, sender=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message is on its way to the grid's housekeepers."))
            return redirect("participation:grid_lead", number=grid.number)
    return _grid_page(request, grid, message_form=form, status=400)
