"""Reads for the regulation pages: lists by stage, per-article counts, the opinions shown on an
article, one's own opinions."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet

from portal.translations import in_reader_language

from .models import Opinion, OpinionReply, RegulationPage
from .models.pages import Stage

PUBLISHED = Opinion.Status.PUBLISHED


def regulations(index, stage: str = "") -> QuerySet:
    pages = RegulationPage.objects.live().public()
    in_index = Q()
    for version in index.get_translations(inclusive=True):
        in_index |= pages.child_of_q(version)
    pages = in_reader_language(pages.filter(in_index))
    if stage:
        pages = pages.filter(stage=stage)
    return pages.annotate(
        opinion_count=Count("opinions", filter=Q(opinions__status=PUBLISHED))
    ).order_by("-first_published_at", "-pk")


def stage_counts(index) -> dict[str, int]:
    counts = dict(
        regulations(index).order_by().values_list("stage").annotate(n=Count("pk", distinct=True))
    )
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
        .select_related("author", "version")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .annotate(agree_count=Count("agreements", distinct=True))
        .order_by("-created_at", "-pk")
    )


def own_opinions(regulation: RegulationPage, user) -> QuerySet:
    return (
        Opinion.objects.filter(regulation=regulation, author=user)
        .select_related("version")
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
