"""Reads for the education pages and the home page. Lists fetch their images' renditions in
the same query as the images (`prefetch_renditions`), so a page of cards costs the same few
queries however many cards it shows."""

from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model

from .models import ARTICLE_MODELS, ArticlePage, NewsPage, SectionIndexPage

# The renditions a card's <picture> uses (see education/includes/card.html).
CARD_RENDITIONS = [
    f"fill-{size}|format-{fmt}"
    for size in ("320x180", "640x360")
    for fmt in ("avif", "webp", "jpeg")
]


def _cards(articles: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
    return articles.prefetch_related(Prefetch("image", queryset=images), "tags")


def section_articles(section: SectionIndexPage, *, tag: str = "", year: int | None = None):
    articles = section.article_model.objects.live().public().child_of(section)
    if tag:
        articles = articles.filter(tags__slug=tag)
    if year:
        articles = articles.filter(date__year=year)
    return _cards(articles.order_by("-date", "-pk"))


def section_tags(section: SectionIndexPage) -> list[tuple[str, str]]:
    """(slug, name) of the topics the section's published articles use, by name."""
    through = section.article_model.tags.through
    children = section.article_model.objects.live().public().child_of(section)
    return list(
        through.objects.filter(content_object__in=children)
        .values_list("tag__slug", "tag__name")
        .distinct()
        .order_by("tag__name")
    )


def section_years(section: SectionIndexPage) -> list[int]:
    articles = section.article_model.objects.live().public().child_of(section)
    return [day.year for day in articles.dates("date", "year", order="DESC")]


def related_articles(page: ArticlePage, limit: int = 3) -> list[ArticlePage]:
    """Articles of the same section sharing a topic, newest first; else the section's newest."""
    siblings = type(page).objects.live().public().sibling_of(page, inclusive=False)
    tag_ids = list(page.tags.values_list("pk", flat=True))
    related = []
    if tag_ids:
        related = list(
            _cards(siblings.filter(tags__in=tag_ids).distinct().order_by("-date", "-pk"))[:limit]
        )
    if len(related) < limit:
        seen = [p.pk for p in related]
        related += list(
            _cards(siblings.exclude(pk__in=seen).order_by("-date", "-pk"))[: limit - len(related)]
        )
    return related


def latest_news(limit: int = 4) -> list[NewsPage]:
    return list(_cards(NewsPage.objects.live().public().order_by("-date", "-pk"))[:limit])


def featured_school_items(limit: int = 3) -> list[ArticlePage]:
    """Featured law cases, health information and role models, newest first."""
    items = []
    for model in ARTICLE_MODELS:
        if model is not NewsPage:
            items += list(
                _cards(model.objects.live().public().filter(featured=True).order_by("-date"))[
                    :limit
                ]
            )
    return sorted(items, key=lambda page: (page.date, page.pk), reverse=True)[:limit]
