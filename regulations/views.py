"""The regulation pages' views, called from the pages' named routes (regulations/models/pages.py
names each view here by dotted path; this module imports the models, never the other way).
Thin: forms shape the input, services decide, selectors read."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.decorators import verified_contact_required
from portal.forms import add_service_errors
from portal.ratelimit import over_limit, too_many_requests

from . import selectors, services
from .compare import compare
from .forms import FlagForm, OpinionForm, ReplyForm
from .models import Opinion
from .models.pages import Stage

OPINIONS_PER_PAGE = 20


def regulation_index(request, index):
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    counts = selectors.stage_counts(index)
    pages = Paginator(selectors.regulations(index, stage), 10).get_page(request.GET.get("page"))
    return index.render(
        request,
        context_overrides={
            "regulations": pages,
            "stage": stage,
            "stages": [(value, label, counts[value]) for value, label in Stage.choices],
            "query": f"stage={stage}" if stage else "",
        },
    )


def regulation_detail(request, page):
    counts = selectors.article_counts(page)
    articles = [{**article, "counts": counts.get(article["id"])} for article in page.articles()]
    signed_in = request.user.is_authenticated
    return page.render(
        request,
        context_overrides={
            "articles": articles,
            "draft_counts": counts.get(""),
            "open": page.is_open_for_comment(),
            "own_count": selectors.own_opinions(page, request.user).count() if signed_in else 0,
            "following": signed_in and selectors.is_following(page, request.user),
            "response": selectors.published_response(page),
            "versions": list(page.versions.order_by("number")),
            "stages": list(page.stage_changes.order_by("changed_at", "pk")),
        },
    )


def article_detail(request, page, article_id):
    article = page.article(article_id)
    if article is None:
        raise Http404
    opinions = Paginator(selectors.public_opinions(page, article_id), OPINIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return page.render(
        request,
        template="regulations/article_page.html",
        context_overrides={
            "article": article,
            "counts": selectors.article_counts(page).get(article_id),
            "opinions": opinions,
            "agreed": selectors.agreed_ids(request.user, opinions),
            "open": page.is_open_for_comment(),
            "response": selectors.published_response(page),
            "reviews": selectors.expert_reviews(page, request.user, article_id),
            "is_expert": selectors.is_expert(request.user) and page.takes_expert_reviews(),
            "reply_form": ReplyForm(),
            "flag_form": FlagForm(),
            "token": uuid.uuid4().hex,
        },
    )


@verified_contact_required
def opinion_give(request, page):
    articles = page.articles()
    if request.method == "POST":
        form = OpinionForm(request.POST, articles=articles)
        if over_limit(request, "regulation_opinion"):
            return too_many_requests(request)
        if form.is_valid():
            try:
                opinion, created = services.opinion_give(
                    author=request.user,
                    regulation=page,
                    token=request.POST.get("token", ""),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _receipt_message(opinion))
                else:
                    messages.info(request, _("We already received this opinion."))
                return redirect(_opinion_url(page, opinion))
        status = 400
    else:
        article_id = request.GET.get("article", "")
        form = OpinionForm(
            initial={"article_id": article_id if page.article(article_id) else ""},
            articles=articles,
        )
        status = 200
    response = page.render(
        request,
        template="regulations/opinion_form.html",
        context_overrides={
            "form": form,
            "open": page.is_open_for_comment(),
            "token": request.POST.get("token") or uuid.uuid4().hex,
        },
    )
    response.status_code = status
    return response


def _receipt_message(opinion) -> str:
    if opinion.status == Opinion.Status.PENDING:
        return _(
            "Thank you. Your opinion number is %(receipt)s. It will be shown once a moderator "
            "has checked it."
        ) % {"receipt": opinion.receipt}
    return _("Thank you. Your opinion number is %(receipt)s.") % {"receipt": opinion.receipt}


def _opinion_url(page, opinion) -> str:
    if opinion.article_id and opinion.status == Opinion.Status.PUBLISHED:
        return f"{page.subpage_url('article', opinion.article_id)}#opinion-{opinion.receipt}"
    return f"{page.subpage_url('mine')}#opinion-{opinion.receipt}"


@verified_contact_required
def my_opinions(request, page):
    articles = {a["id"]: a for a in page.articles()}
    opinions = list(selectors.own_opinions(page, request.user))
    for opinion in opinions:
        opinion.article = articles.get(opinion.article_id) or (
            opinion.version.article(opinion.article_id) if opinion.article_id else None
        )
    return page.render(
        request,
        template="regulations/my_opinions.html",
        context_overrides={
            "opinions": opinions,
            "open": page.is_open_for_comment(),
            "response": selectors.published_response(page),
        },
    )


@verified_contact_required
@require_POST
def opinion_action(request, page, receipt, action):
    """Withdraw one's own opinion; mark another's “I agree”, flag it or reply to it."""
    opinions = Opinion.objects.select_related("regulation").filter(regulation=page)
    if action == "withdraw":
        opinions = opinions.filter(author=request.user)
    opinion = get_object_or_404(opinions, receipt=receipt)
    if over_limit(request, "regulation_reaction"):
        return too_many_requests(request)
    if action == "withdraw":
        back = page.subpage_url("mine")
    elif opinion.article_id:
        back = f"{page.subpage_url('article', opinion.article_id)}#opinion-{receipt}"
    else:
        back = page.url
    try:
        if action == "withdraw":
            services.opinion_withdraw(author=request.user, opinion=opinion)
            messages.success(
                request, _("Your opinion %(receipt)s is withdrawn.") % {"receipt": receipt}
            )
        elif action == "agree":
            if services.opinion_agree(user=request.user, opinion=opinion):
                messages.success(request, _("Thank you: your agreement is counted."))
            else:
                messages.info(request, _("You already agreed with this opinion."))
        elif action == "flag":
            form = FlagForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose what is wrong with it."))
            services.opinion_flag(user=request.user, opinion=opinion, **form.cleaned_data)
            messages.success(request, _("Thank you. A moderator will look at this opinion."))
        else:
            form = ReplyForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    [message for errors in form.errors.values() for message in errors]
                )
            services.reply_give(
                author=request.user,
                opinion=opinion,
                token=request.POST.get("token", ""),
                **form.cleaned_data,
            )
            messages.success(request, _("Your reply is published."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(back)


def response_detail(request, page):
    """The published response: what was heard on each article and the answer to every opinion."""
    response = selectors.published_response(page)
    if response is None:
        raise Http404
    return page.render(
        request,
        template="regulations/response_page.html",
        context_overrides={"response": response, "groups": selectors.response_groups(page)},
    )


def versions_compare(request, page):
    """Any two versions, article by article; by default the two latest."""
    versions = list(page.versions.order_by("number"))
    if len(versions) < 2:
        raise Http404
    by_number = {str(version.number): version for version in versions}
    older = by_number.get(request.GET.get("from", ""), versions[-2])
    newer = by_number.get(request.GET.get("to", ""), versions[-1])
    if older.number > newer.number:
        older, newer = newer, older
    return page.render(
        request,
        template="regulations/compare_page.html",
        context_overrides={
            "versions": versions,
            "older": older,
            "newer": newer,
            "rows": compare(older.articles, newer.articles),
        },
    )


@verified_contact_required
@require_POST
def follow_toggle(request, page):
    if request.POST.get("follow") == "0":
        services.unfollow(user=request.user, regulation=page)
        messages.success(request, _("You no longer follow this regulation."))
    else:
        services.follow(user=request.user, regulation=page)
        messages.success(request, _("You will be told when this regulation moves to a new stage."))
    return redirect(page.url)


@verified_contact_required
@require_POST
def expert_review_give(request, page):
    if not selectors.is_expert(request.user):
        raise Http404
    article_id = request.POST.get("article_id", "")
    try:
        services.expert_review_give(
            expert=request.user,
            regulation=page,
            article_id=article_id,
            text=request.POST.get("text", ""),
        )
        messages.success(request, _("Your expert review is saved."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    if article_id and page.article(article_id):
        return redirect(f"{page.subpage_url('article', article_id)}#expert-reviews")
    return redirect(page.url)
