"""The editor's screens for a regulation in the Wagtail admin: write and publish the response to
the comments, and download every opinion (CSV or XLSX). Rules are the services'."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import exports, selectors, services
from .models import OpinionAnswer, RegulationPage, RegulationResponse


def _regulation(request, page_id) -> RegulationPage:
    regulation = get_object_or_404(RegulationPage, pk=page_id)
    if not regulation.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return regulation


def _posted_answers(post, groups) -> dict[int, tuple[str, str]]:
    """Each opinion's own answer; then, for each article, one answer given to all the similar
    opinions the editor ticked ("group-<article>"), which overrides theirs."""
    answers = {}
    for name, outcome in post.items():
        if name.startswith("outcome-") and name[8:].isdigit():
            opinion_id = int(name[8:])
            answers[opinion_id] = (outcome, post.get(f"reason-{opinion_id}", ""))
    for group in groups:
        key = group["article_id"] or "draft"
        outcome = post.get(f"group-outcome-{key}", "")
        if not outcome:
            continue
        reason = post.get(f"group-reason-{key}", "")
        for value in post.getlist(f"group-{key}"):
            if value.isdigit():
                answers[int(value)] = (outcome, reason)
    return answers


def _posted_summaries(post, groups) -> dict[str, str]:
    return {
        group["article_id"]: post.get(f"summary-{group['article_id'] or 'draft'}", "")
        for group in groups
    }


def response(request, page_id):
    regulation = _regulation(request, page_id)
    groups = selectors.response_groups(regulation)
    published = RegulationResponse.objects.filter(regulation=regulation).first()
    errors = {}
    if request.method == "POST" and published is None:
        try:
            services.response_save(
                editor=request.user,
                regulation=regulation,
                answers=_posted_answers(request.POST, groups),
                summaries=_posted_summaries(request.POST, groups),
            )
            if "publish" in request.POST:
                services.response_publish(
                    editor=request.user,
                    regulation=regulation,
                    summary=request.POST.get("overall", ""),
                )
                messages.success(
                    request,
                    _("The response is published; every commenter is being told the answer."),
                )
            else:
                messages.success(request, _("Your work on the response is saved."))
            return redirect("regulations_response", page_id=regulation.pk)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {}
            for message in [] if errors else error.messages:
                messages.error(request, message)
            if errors:
                messages.error(request, _("Some answers need correcting; see below."))
    _fill_form(groups, request.POST if request.method == "POST" else None, errors)
    return TemplateResponse(
        request,
        "regulations/admin/response.html",
        {
            "regulation": regulation,
            "groups": groups,
            "published": published,
            "outcomes": OpinionAnswer.Outcome.choices,
            "overall": request.POST.get("overall", "") if request.method == "POST" else "",
            "header_title": _("Response to the comments"),
            "page_title": _("Response to the comments"),
            "page_subtitle": regulation.title,
            "header_icon": "comment",
        },
    )


def _fill_form(groups, posted, errors) -> None:
    """What each field shows: what was just sent (when it is shown again with errors), else what
    is saved; and each opinion's error."""
    for group in groups:
        key = group["article_id"] or "draft"
        group["form_summary"] = posted.get(f"summary-{key}", "") if posted else group["summary"]
        for opinion in group["opinions"]:
            answer = getattr(opinion, "answer", None)
            if posted:
                opinion.form_outcome = posted.get(f"outcome-{opinion.pk}", "")
                opinion.form_reason = posted.get(f"reason-{opinion.pk}", "")
            else:
                opinion.form_outcome = answer.outcome if answer else ""
                opinion.form_reason = answer.reason if answer else ""
            found = errors.get(f"outcome-{opinion.pk}") or errors.get(f"reason-{opinion.pk}")
            opinion.form_error = found[0] if found else ""


def download(request, page_id, fmt):
    regulation = _regulation(request, page_id)
    return exports.opinions_response(regulation, fmt)
