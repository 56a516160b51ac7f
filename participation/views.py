"""Public pages for cases and the resident's own pages. Thin: rules live in services/workflow."""

import math
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.decorators import verified_contact_required
from portal.maps import map_config
from portal.ratelimit import over_limit, too_many_requests

from . import privacy, selectors, services
from .caching import case_pages
from .forms import (
    CaseFilterForm,
    CaseUpdateForm,
    ConfirmOnSiteForm,
    EvaluationForm,
    NotFixedForm,
    ReportForm,
    add_service_errors,
)
from .models import Attachment, Case, Category, Grid
from .organisation import selectors as organisation_selectors
from .workflow import TransitionError, is_grid_housekeeper

PAGE_SIZE = 20
MAP_LIMIT = 2000


def _filters(request, query=None):
    query = request.GET if query is None else query
    grids = list(Grid.objects.only("pk", "number", "name").order_by("number"))
    by_number = {grid.number: grid for grid in grids}
    form = CaseFilterForm(query or None, grids=grids)
    return form, form.filters(by_number.get) if query else {}


def _map_query(request):
    """The map shows open cases unless a status is chosen: a year of closed cases hides them."""
    query = request.GET.copy()
    query.setdefault("status", "open")
    return query


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@case_pages.page
def case_list(request):
    form, filters = _filters(request)
    page = Paginator(selectors.public_cases(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/case_list.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@require_GET
def case_map(request):
    query = _map_query(request)
    form, _filters_applied = _filters(request, query)
    return render(
        request,
        "participation/case_map.html",
        {"form": form, "query": query.urlencode(), "map": map_config()},
    )


@require_GET
@case_pages.page
def case_map_data(request):
    """GeoJSON points for the map, with the list's filters; capped, newest first."""
    _form, filters = _filters(request)
    rows = selectors.public_cases(**filters).values_list(
        "pk", "submitted_at", "title", "status", "latitude", "longitude", "category_id"
    )[:MAP_LIMIT]
    labels = dict(Case.Status.choices)
    rounded = privacy.rounded_category_ids()
    features = []
    for pk, submitted_at, title, status, lat, lng, category_id in rows:
        reference = Case(pk=pk, submitted_at=submitted_at).reference
        lat, lng = privacy.public_point(lat, lng, rounded=category_id in rounded)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lng, lat]},
                "properties": {
                    "reference": reference,
                    "title": title,
                    "status": status,
                    "status_label": str(labels[status]),
                    "url": reverse("participation:case_detail", args=[reference]),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_GET
def case_short(request, reference, to="detail"):
    """A text message's short link: on to the case's page (or its evaluation), which check
    access as usual."""
    return redirect(f"participation:case_{to}", reference=reference)


@require_GET
@case_pages.page
def case_detail(request, reference):
    case = selectors.visible_case(request.user, reference)
    if case is None:
        raise Http404
    # Its reporter and staff see all of it (a hidden case is shown to no one else): the words and
    # files the centre has not published, marked as such, and the exact place.
    is_reporter = request.user.is_authenticated and case.reporter_id == request.user.pk
    everything = case.is_hidden or selectors.may_see_everything(request.user, case)
    files = selectors.case_files(case, everything=everything)
    repair = selectors.latest_repair(case, files)
    return render(
        request,
        "participation/case_detail.html",
        {
            "case": case,
            "timeline": selectors.public_timeline(case, everything=everything),
            "everything": everything,
            "before_photos": _files(files, Attachment.Kind.PHOTO, Attachment.Stage.REPORT),
            "after_photos": _files(repair, Attachment.Kind.PHOTO, Attachment.Stage.RECTIFICATION),
            "voice_notes": _files(files, Attachment.Kind.AUDIO, Attachment.Stage.REPORT),
            "after_videos": _files(repair, Attachment.Kind.VIDEO, Attachment.Stage.RECTIFICATION),
            "following": selectors.user_follows(request.user, case),
            "supporting": selectors.user_supports(request.user, case),
            "is_reporter": is_reporter,
            "point": privacy.point_for(case, exact=everything),
            "can_confirm": selectors.can_confirm_on_site(request.user, case),
            "can_report_not_fixed": selectors.may(request.user, "not_fixed", case),
            "update_form": (
                CaseUpdateForm(still_not_fixed=selectors.may(request.user, "evaluate", case))
                if selectors.may(request.user, "update", case)
                else None
            ),
            "map": map_config(),
        },
    )


def _files(files, kind, stage):
    return [a for a in files if a.kind == kind and a.stage == stage]


@login_required
@require_POST
def case_follow(request, reference):
    case = selectors.public_case(reference)
    if case is None:
        raise Http404
    if request.POST.get("follow") == "0":
        services.case_unfollow(case=case, user=request.user)
        messages.success(request, _("You will no longer get emails about this case."))
    else:
        services.case_follow(case=case, user=request.user)
        messages.success(request, _("You will get an email whenever this case is updated."))
    return redirect(case)


@verified_contact_required
@require_POST
def case_support(request, reference):
    case = selectors.public_case(reference)
    if case is None:
        raise Http404
    if over_limit(request, "case_support"):
        return too_many_requests(request)
    try:
        added = services.case_support(case=case, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if added:
            messages.success(
                request, _("Thank you: counted. You will get an email whenever it is updated.")
            )
        else:
            messages.info(request, _("You have already said this affects you."))
    return redirect(case)


@require_GET
@cache_control(private=True, max_age=3600)
def attachment(request, pk, variant="file"):
    """Case photos and voice notes, checked on every request: hidden cases' files are not public."""
    item = get_object_or_404(Attachment.objects.select_related("case"), pk=pk)
    if not selectors.attachment_visible(item, request.user):
        raise Http404
    field = item.thumbnail if variant == "thumb" and item.thumbnail else item.file
    content_type = "image/jpeg" if field is item.thumbnail else item.content_type
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


# --- Reporting -----------------------------------------------------------------------------------


@verified_contact_required
@require_http_methods(["GET", "POST"])
def report(request):
    """The report form. Each form carries its report's key (`idempotency_key`, a UUID made for
    the page, or by the browser for a report kept offline): sent again, by a double tap, a
    resend or the browser that kept it while offline, it gets the case it made the first time.
    Asked for JSON (the browser's background send, static/js/report_drafts.js), the answer is
    the case's number and address, or the form's errors, instead of a page."""
    as_json = "application/json" in request.headers.get("Accept", "")
    for_neighbour = selectors.may_report_for_neighbour(request.user)
    if request.method == "POST":
        data = _with_report_key(request.POST)
        # Looked up before the limit: a resend is answered, not counted as another report.
        earlier = selectors.case_by_idempotency_key(request.user, _report_key(data))
        if earlier is not None:
            return _report_received(request, earlier, as_json=as_json, again=True)
        if over_limit(request, "case_report"):
            if as_json:
                return JsonResponse({"message": _("Too many reports: wait a while.")}, status=429)
            return too_many_requests(request)
        form = ReportForm(data, request.FILES, for_neighbour=for_neighbour)
        if form.is_valid():
            try:
                case, created = services.case_submit(reporter=request.user, **form.submission())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _report_received(request, case, as_json=as_json, again=not created)
        if as_json:
            return _report_refused(form)
        status = 400
    else:
        form = ReportForm(for_neighbour=for_neighbour, initial={"idempotency_key": uuid.uuid4()})
        status = 200
    return render(
        request,
        "participation/report.html",
        {"form": form, "map": map_config(), "places": selectors.places_for_search()},
        status=status,
    )


def _with_report_key(post):
    """The posted form, with a fresh key if it came without one: nothing to recognise it by,
    so it is a new report (and the form shown again with its errors keeps that key)."""
    if post.get("idempotency_key"):
        return post
    data = post.copy()
    data["idempotency_key"] = str(uuid.uuid4())
    return data


def _report_key(data) -> uuid.UUID | None:
    """The report's key, if it is one (a malformed key is the form's error to show)."""
    try:
        return services.report_key(data.get("idempotency_key"))
    except ValidationError:
        return None


def _report_received(request, case, *, as_json: bool, again: bool):
    if as_json:
        return JsonResponse(
            {"case_number": case.reference, "url": case.get_absolute_url(), "again": again},
            status=200 if again else 201,
        )
    if again:
        messages.info(request, _("We already received this report."))
    else:
        messages.success(
            request,
            _("Thank you. Your report number is %(reference)s. We have emailed you a receipt.")
            % {"reference": case.reference},
        )
    return redirect(case)


def _report_refused(form):
    """The form's errors for the browser's background send, each a sentence a resident can act
    on; the report stays on their phone, marked as needing their attention."""
    errors = [
        {"field": name, "message": str(message)}
        for name, messages_ in form.errors.items()
        for message in messages_
    ]
    return JsonResponse(
        {
            "message": _("This report was not sent: correct it and send it again."),
            "errors": errors,
        },
        status=400,
    )


@require_GET
def report_nearby(request):
    """Open cases of the same category near a point: “is it one of these?”."""
    try:
        category = Category.objects.get(pk=int(request.GET["category"]), is_active=True)
        latitude = float(request.GET["latitude"])
        longitude = float(request.GET["longitude"])
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            raise ValueError("not a place")
    except (KeyError, ValueError, Category.DoesNotExist):
        return JsonResponse({"cases": []})
    nearby = selectors.nearby_open_cases(category=category, latitude=latitude, longitude=longitude)
    return JsonResponse(
        {
            "cases": [
                {
                    "reference": case.reference,
                    "title": case.title,
                    "status": case.get_status_display(),
                    "metres": metres,
                    "supporters": case.supporters_count,
                    "url": case.get_absolute_url(),
                    "support_url": reverse("participation:case_support", args=[case.reference]),
                }
                for metres, case in nearby
            ]
        }
    )


@login_required
@require_GET
def my_reports(request):
    page = Paginator(selectors.reporter_cases(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/my_reports.html",
        {
            "page": page,
            "to_confirm": selectors.cases_to_confirm(request.user)[:PAGE_SIZE],
            "led_grids": organisation_selectors.led_grids(request.user),
        },
    )


@verified_contact_required
@require_http_methods(["GET", "POST"])
def case_confirm(request, reference):
    """A housekeeper of the case's grid confirms the repair on site. Only they find this page."""
    case = selectors.public_case(reference)
    if case is None or not is_grid_housekeeper(request.user, case):
        raise Http404
    form = ConfirmOnSiteForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, "case_confirm"):
            return too_many_requests(request)
        if form.is_valid():
            try:
                services.case_confirm_on_site(
                    case=case, user=request.user, comment=form.cleaned_data["comment"]
                )
            except TransitionError as error:
                messages.info(request, error.message)
                return redirect(case)
            messages.success(request, _("Thank you for checking the repair on site."))
            return redirect(case)
    elif not selectors.can_confirm_on_site(request.user, case):
        messages.info(request, _("This case is not waiting for a check on site."))
        return redirect(case)
    return render(
        request,
        "participation/confirm.html",
        {
            "case": case,
            "form": form,
            "after_photos": selectors.case_photos(case, "rectification"),
            "not_fixed_url": reverse("participation:case_not_fixed", args=[case.reference]),
        },
        status=400 if form.errors else 200,
    )


@verified_contact_required
@require_POST
def case_update(request, reference):
    """The reporter or a follower adds a public update (text, up to two photos); a resolved
    case's reporter can say it is still not fixed."""
    case = selectors.visible_case(request.user, reference)
    if case is None:
        raise Http404
    if over_limit(request, "case_update"):
        return too_many_requests(request)
    # "Still not fixed" is the reporter's evaluation of a resolved case: offered when the
    # workflow would take it.
    form = CaseUpdateForm(
        request.POST, request.FILES, still_not_fixed=selectors.may(request.user, "evaluate", case)
    )
    if form.is_valid():
        try:
            services.case_update_post(case=case, user=request.user, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect(case)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your update is on the case's timeline."))
            return redirect(case)
    return render(
        request, "participation/case_update.html", {"case": case, "form": form}, status=400
    )


@verified_contact_required
@require_http_methods(["GET", "POST"])
def case_not_fixed(request, reference):
    """A housekeeper of the case's grid found the repair not done. Only they find this page."""
    case = selectors.public_case(reference)
    if case is None or not is_grid_housekeeper(request.user, case):
        raise Http404
    form = NotFixedForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if over_limit(request, "case_confirm"):
            return too_many_requests(request)
        if form.is_valid():
            try:
                services.case_not_fixed(
                    case=case,
                    user=request.user,
                    note=form.cleaned_data["note"],
                    photos=form.cleaned_data["photos"],
                )
            except TransitionError as error:
                messages.info(request, error.message)
                return redirect(case)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Thank you. The linkage centre will look into the repair.")
                )
                return redirect(case)
    elif not selectors.may(request.user, "not_fixed", case):
        messages.info(request, _("This case is not waiting for a check on site."))
        return redirect(case)
    return render(
        request,
        "participation/not_fixed.html",
        {"case": case, "form": form, "after_photos": selectors.case_photos(case, "rectification")},
        status=400 if form.errors else 200,
    )


@verified_contact_required
@require_http_methods(["GET", "POST"])
def case_evaluate(request, reference):
    # Only the reporter's own cases exist here: anyone else gets 404.
    case = selectors.reporter_case(request.user, reference)
    if case is None:
        raise Http404
    form = EvaluationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if over_limit(request, "case_evaluate"):
            return too_many_requests(request)
        if form.is_valid():
            try:
                services.case_evaluate(case=case, user=request.user, **form.cleaned_data)
            except TransitionError as error:
                form.add_error(None, error.message)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you for your evaluation."))
                return redirect(case)
    elif case.status != Case.Status.RESOLVED:
        messages.info(request, _("This case is not waiting for your evaluation."))
        return redirect(case)
    return render(
        request,
        "participation/evaluate.html",
        {"case": case, "form": form},
        status=status if status != 200 else (400 if form.errors else 200),
    )
