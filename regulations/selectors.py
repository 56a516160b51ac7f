"""Reads for the regulation pages: lists by stage, per-article counts, the opinions shown on an
article, one's own opinions."""

from collections import defaultdict

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.utils import timezone

from portal import roles
from portal.pages import public
from portal.translations import in_reader_language, under_any_version

from .models import (
    ExpertReview,
    Opinion,
    OpinionReply,
    RegulationFollow,
    RegulationIndexPage,
    RegulationPage,
    RegulationResponse,
)
from .models.pages import Stage

PUBLISHED = Opinion.Status.PUBLISHED
# The section the home page links to ("Have your say"), found with the other sections' pages.
SECTION_MODELS = (RegulationIndexPage,)


def _published_in(index) -> QuerySet:
    """The index's published regulations, whichever language's tree they are in."""
    return under_any_version(RegulationPage.objects.live().public(), index)


def regulations(index, stage: str = "") -> QuerySet:
    pages = _published_in(index)
    if stage:
        pages = pages.filter(stage=stage)
    # Drafts open for comment first, then the most recently changed.
    return pages.annotate(
        opinion_count=Count("opinions", filter=Q(opinions__status=PUBLISHED)),
        open_first=Case(When(stage=Stage.CONSULTATION, then=0), default=1),
    ).order_by("open_first", "-last_published_at", "-pk")


def stage_counts(index) -> dict[str, int]:
    counts = dict(_published_in(index).order_by().values_list("stage").annotate(n=Count("pk")))
    return {stage: counts.get(stage, 0) for stage in Stage.values}


def article_counts(regulation: RegulationPage) -> dict[str, dict[str, int]]:
    """Published opinions per article id ("" = the whole draft), by stance, with a total."""
    rows = (
        Opinion.objects.filter(regulation=regulation, status=PUBLISHED)
        .values_list("article_id", "stance")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = defaultdict(
        lambda: {"total": 0, **{stance: 0 for stance in Opinion.Stance.values}}
    )
    for article_id, stance, n in rows:
        counts[article_id][stance] = n
        counts[article_id]["total"] += n
    return counts


def public_opinions(regulation: RegulationPage, article_id: str) -> QuerySet:
    replies = OpinionReply.objects.filter(status=OpinionReply.Status.PUBLISHED).select_related(
        "author"
    )
    return (
        Opinion.objects.filter(regulation=regulation, article_id=article_id, status=PUBLISHED)
        .select_related("author", "version", "answer")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .annotate(agree_count=Count("agreements", distinct=True))
        .order_by("-created_at", "-pk")
    )


def own_opinions(regulation: RegulationPage, user) -> QuerySet:
    return (
        Opinion.objects.filter(regulation=regulation, author=user)
        .select_related("version", "answer")
        .order_by("-created_at", "-pk")
    )


def agreed_ids(user, opinions) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        user.opinionagreement_set.filter(opinion__in=[o.pk for o in opinions]).values_list(
            "opinion_id", flat=True
        )
    )


def open_for_comment(limit: int = 3) -> list[RegulationPage]:
    """Drafts whose comment period is running now, closing soonest first (the home page)."""
    now = timezone.now()
    pages = in_reader_language(
        public(RegulationPage.objects.live()).filter(
            stage=Stage.CONSULTATION, comment_opens_at__lte=now, comment_closes_at__gt=now
        )
    )
    return list(
        pages.annotate(opinion_count=Count("opinions", filter=Q(opinions__status=PUBLISHED)))
        .select_related("locale")
        .order_by("comment_closes_at")[:limit]
    )


def response_groups(regulation: RegulationPage) -> list[dict]:
    """The published opinions grouped by article, in the text's order (the whole draft first;
    articles since removed from the text last), each group with its counts and summary."""
    opinions = list(
        Opinion.objects.filter(regulation=regulation, status=PUBLISHED)
        .select_related("author", "version", "answer")
        .annotate(agree_count=Count("agreements", distinct=True))
        .order_by("created_at", "pk")
    )
    summaries = dict(regulation.article_summaries.values_list("article_id", "summary"))
    counts = article_counts(regulation)
    articles = {article["id"]: article for article in regulation.articles()}
    order = ["", *articles]
    by_article: dict[str, list] = defaultdict(list)
    for opinion in opinions:
        by_article[opinion.article_id].append(opinion)
        if opinion.article_id not in articles and opinion.article_id:
            articles[opinion.article_id] = opinion.version.article(opinion.article_id)
            order.append(opinion.article_id)
    return [
        {
            "article_id": article_id,
            "article": articles.get(article_id),
            "opinions": by_article[article_id],
            "counts": counts.get(article_id),
            "summary": summaries.get(article_id, ""),
        }
        for article_id in dict.fromkeys(order)
        if by_article[article_id] or summaries.get(article_id)
    ]


def published_response(regulation: RegulationPage):
    return RegulationResponse.objects.filter(regulation=regulation).first()


def is_following(regulation: RegulationPage, user) -> bool:
    return RegulationFollow.objects.filter(regulation=regulation, user=user).exists()


def is_expert(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=roles.EXPERT).exists()


def expert_reviews(regulation: RegulationPage, user, article_id: str) -> list[ExpertReview]:
    """The experts' reviews of one article: for everyone if the regulation publishes them,
    otherwise only for its editors."""
    visible = regulation.expert_reviews_public or (
        user.is_authenticated and regulation.permissions_for_user(user).can_edit()
    )
    if not visible:
        return []
    return list(
        ExpertReview.objects.filter(regulation=regulation, article_id=article_id)
        .select_related("expert", "version")
        .order_by("created_at", "pk")
    )
