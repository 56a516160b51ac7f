"""Reads for the education pages and the home page. A list of cards reads each article with its
image and locale in one query, and the renditions of all its pictures in one more, so a page of
cards costs the same few queries however many cards it shows."""

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce

from wagtail.images import get_image_model
from wagtail.models import Page

from portal.pages import public
from portal.translations import in_reader_language, under_any_version

from .models import (
    ARTICLE_MODELS,
    SECTION_MODELS,
    ArticlePage,
    NewsIndexPage,
    NewsPage,
    SectionIndexPage,
)

# The renditions a card's <picture> uses (see education/includes/card.html).
CARD_RENDITIONS = [
    f"fill-{size}|format-{fmt}"
    for size in ("320x180", "640x360")
    for fmt in ("avif", "webp", "jpeg")
]
SCHOOL_MODELS = [model for model in ARTICLE_MODELS if model is not NewsPage]


def _card_renditions(lookup: str = "renditions") -> Prefetch:
    """The renditions cards' pictures use, where Wagtail's `prefetch_renditions()` puts them."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
    )
    return Prefetch(lookup, queryset=renditions, to_attr="prefetched_renditions")


def _cards(articles: QuerySet) -> QuerySet:
    return articles.select_related("locale", "image").prefetch_related(
        _card_renditions("image__renditions")
    )


def _published(model) -> QuerySet:
    return in_reader_language(public(model.objects.live()))


def _published_in(section: SectionIndexPage) -> QuerySet:
    """The section's published articles, whichever language's tree they are in, each once in
    the reader's language where it is translated."""
    return under_any_version(public(section.article_model.objects.live()), section)


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


def related_articles(page: ArticlePage, tags: list, limit: int = 3) -> list[ArticlePage]:
    """Articles of the same section sharing one of `tags` (the page's), newest first; else the
    section's newest."""
    siblings = _published_in(page.get_parent().specific).exclude(
        translation_key=page.translation_key
    )
    related = []
    if tags:
        related = list(
            _cards(
                siblings.filter(tags__in=[tag.pk for tag in tags])
                .distinct()
                .order_by("-date", "-pk")
            )[:limit]
        )
    if len(related) < limit:
        seen = [p.pk for p in related]
        related += list(
            _cards(siblings.exclude(pk__in=seen).order_by("-date", "-pk"))[: limit - len(related)]
        )
    return related


def sections(*, also: tuple[type[Page], ...] = ()) -> list[Page]:
    """The published sections, for links (the home page's "Information" column), with the pages
    of the types in `also` (other apps' sections the home page links to) in the same query."""
    return list(
        in_reader_language(public(Page.objects.live()).type(*SECTION_MODELS, *also)).order_by(
            "path"
        )
    )


def news_section(sections: list[Page]) -> Page | None:
    """Of `sections()`, the news section (the home page's "All news")."""
    return next((page for page in sections if page.specific_class is NewsIndexPage), None)


def _featured_school_items(limit: int) -> list[ArticlePage]:
    """Featured law cases, health information and role models, newest first, in one query: the
    page table with each school page type's table (and its image) joined, so that each row comes
    back as its own type, image included."""
    names = [model._meta.model_name for model in SCHOOL_MODELS]
    featured = Q()
    for name in names:
        featured |= Q(**{f"{name}__featured": True})
    rows = (
        _published(Page)
        .filter(featured)
        .select_related("locale", *names, *(f"{name}__image" for name in names))
        .annotate(article_date=Coalesce(*(f"{name}__date" for name in names)))
        .order_by("-article_date", "-pk")[:limit]
    )
    items = []
    for row in rows:
        item = getattr(row, row.specific_class._meta.model_name)
        item.locale = row.locale
        items.append(item)
    return items


def home_articles(limit: int = 3) -> tuple[list[NewsPage], list[ArticlePage]]:
    """The home page's latest news and featured school items, with the renditions of all their
    pictures in one query."""
    news = list(
        _published(NewsPage).select_related("locale", "image").order_by("-date", "-pk")[:limit]
    )
    school = _featured_school_items(limit)
    images = [article.image for article in news + school if article.image]
    prefetch_related_objects(images, _card_renditions())
    return news, school
