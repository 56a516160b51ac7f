"""Reads for the education pages and the home page. Lists fetch their images' renditions in
the same query as the images (`prefetch_renditions`), so a page of cards costs the same few
queries however many cards it shows."""

from django.db.models import Prefetch, QuerySet

from wagtail.images import get_image_model
from wagtail.models import Page

from portal.translations import in_reader_language, under_any_version

from .models import ARTICLE_MODELS, SECTION_MODELS, ArticlePage, NewsPage, SectionIndexPage

# The renditions a card's <picture> uses (see education/includes/card.html).
CARD_RENDITIONS = [
    f"fill-{size}|format-{fmt}"
    for size in ("320x180", "640x360")
    for fmt in ("avif", "webp", "jpeg")
]


def _cards(articles: QuerySet) -> QuerySet:
    images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS)
    return articles.select_related("locale").prefetch_related(
        Prefetch("image", queryset=images), "tags"
    )


def _published(model) -> QuerySet:
    return in_reader_language(model.objects.live().public())


def _published_in(section: SectionIndexPage) -> QuerySet:
    """The section's published articles, whichever language's tree they are in, each once in
    the reader's language where it is translated."""
    return under_any_version(section.article_model.objects.live().public(), section)


def section_articles(section: SectionIndexPage, *, tag: str = "", year: int | None = None):
    articles = _published_in(section)
    if tag:
        articles = articles.filter(tags__slug=tag)
    if year:
        articles = articles.filter(date__year=year)
    return _cards(articles.order_by("-date", "-pk"))


def section_tags(section: SectionIndexPage) -> list[tuple[str, str]]:
    """(slug, name) of the topics the section's published articles use, by name."""
    through = section.article_model.tags.through
    return list(
        through.objects.filter(content_object__in=_published_in(section))
        .values_list("tag__slug", "tag__name")
        .distinct()
        .order_by("tag__name")
    )


def section_years(section: SectionIndexPage) -> list[int]:
    articles = _published_in(section)
    return [day.year for day in articles.dates("date", "year", order="DESC")]


def related_articles(page: ArticlePage, limit: int = 3) -> list[ArticlePage]:
    """Articles of the same section sharing a topic, newest first; else the section's newest."""
    siblings = _published_in(page.get_parent().specific).exclude(
        translation_key=page.translation_key
    )
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


def sections() -> list[Page]:
    """The published sections, for links (the home page's "Information" column)."""
    return list(
        in_reader_language(Page.objects.live().public().type(*SECTION_MODELS)).order_by("path")
    )


def latest_news(limit: int = 3) -> list[NewsPage]:
    return list(_cards(_published(NewsPage).order_by("-date", "-pk"))[:limit])


def featured_school_items(limit: int = 3) -> list[ArticlePage]:
    """Featured law cases, health information and role models, newest first."""
    items = []
    for model in ARTICLE_MODELS:
        if model is not NewsPage:
            items += list(_cards(_published(model).filter(featured=True).order_by("-date"))[:limit])
    return sorted(items, key=lambda page: (page.date, page.pk), reverse=True)[:limit]
