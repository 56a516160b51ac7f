"""Pages in the reader's language.

Each language has its own page tree (Wagtail i18n); a translation is a copy of a page in the other
tree, linked to it by `translation_key`, and keeps its slug, so a page and its translation have
the same address. The reader's language (browser or switcher) picks the tree a request is routed
through (`site.root_page.localized`); where that tree has no page at the address, the others are
tried (`HomePage.route`), so an untranslated page is shown in its own language with a note.

Lists show each page once: in the reader's language when a live translation exists, otherwise in
the language it was written in (`in_reader_language`).
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language

from wagtail.admin.panels import TitleFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from .request_memo import once_per_request

# Set on the request by the site's home page while it routes (see HomePage.route): whether the
# reader's language has a live home page, and so a page tree readers of it can reach.
READER_TREE_LIVE = "portal_reader_tree_live"


def _locales() -> dict[str, Locale]:
    """Every locale by language code: a few rows, read once per request."""
    return once_per_request(
        "locales", lambda: {locale.language_code: locale for locale in Locale.objects.all()}
    )


def reader_locale() -> Locale:
    """The locale of the reader's language, as Wagtail's `Locale.get_active()` finds it (the
    default locale where the language has none), without a query of its own in a request."""
    locales = _locales()
    for language in (get_language(), settings.LANGUAGE_CODE):
        try:
            code = get_supported_content_language_variant(language)
        except LookupError:
            continue
        if code in locales:
            return locales[code]
    raise Locale.DoesNotExist(f"No locale for {get_language()!r} nor the default language.")


def with_locale(page: Page) -> Page:
    """`page` with its locale set from the request's locales, so `page.locale` costs no query."""
    if not Page.locale.is_cached(page):
        locale = next((lo for lo in _locales().values() if lo.pk == page.locale_id), None)
        if locale is not None:
            page.locale = locale
    return page


def text_for_reader(chinese: str, english: str) -> tuple[str, str]:
    """Of a text kept in both languages (a field and its `_en` twin), the version in the reader's
    language, or the other where that one is empty, with its language code (for `lang`)."""
    reads_english = (get_language() or "en").startswith("en")
    if (reads_english and english) or not chinese:
        return english, "en"
    return chinese, "zh-hans"


def in_reader_language(pages: QuerySet) -> QuerySet:
    """`pages` (of any page model, in any locales) with each page that has a live translation in
    the reader's language replaced by that translation."""
    locale = reader_locale()
    translated = pages.model.objects.filter(
        live=True, locale=locale, translation_key=OuterRef("translation_key")
    )
    return pages.filter(Q(locale=locale) | ~Exists(translated))


def under_any_version(pages: QuerySet, parent, *, descendants: bool = False) -> QuerySet:
    """`pages` that are children (or, with `descendants`, `parent` itself and everything under
    it) of `parent` in any language's tree, each once in the reader's language."""
    if not descendants:
        # A child's path is its parent's plus one step: the versions of `parent` are found in
        # the same query, as a subquery, not in one of their own.
        versions = Page.objects.filter(translation_key=parent.translation_key).values("path")
        parent_path = Substr("path", 1, Length("path") - Page.steplen)
        return in_reader_language(
            pages.alias(parent_path=parent_path).filter(parent_path__in=versions)
        )
    where = Q()
    for version in parent.get_translations(inclusive=True):
        where |= pages.descendant_of_q(version, inclusive=True)
    return in_reader_language(pages.filter(where))


class TranslatedPageMixin:
    """For page types readers see. A page reached in another language than the reader's, while
    a live translation exists at another address (its slug was changed), redirects there;
    otherwise the page says it is not available in the reader's language
    (`page.in_other_language` in templates)."""

    def serve(self, request, *args, **kwargs):
        with_locale(self)  # templates show the page's language
        translation = self._reader_translation(request)
        if translation is not None:
            here = self.get_url(request) or ""
            there = translation.get_url(request)
            rest = request.path[len(here) :] if request.path.startswith(here) else ""
            if there and there + rest != request.path:
                query = request.META.get("QUERY_STRING", "")
                return redirect(there + rest + (f"?{query}" if query else ""))
        return super().serve(request, *args, **kwargs)

    def _reader_translation(self, request):
        if not self.in_other_language:
            return None
        if getattr(request, READER_TREE_LIVE, True) is False:
            # Without a live home page in the reader's language, no page of that language can
            # be reached: there is nowhere to redirect to.
            return None
        return self.get_translations().filter(locale=reader_locale()).live().first()

    @cached_property
    def in_other_language(self) -> bool:
        return self.locale_id != reader_locale().pk


class TranslatedTitlePanel(TitleFieldPanel):
    """The title field, whose typing fills in the slug on a new page as usual, except on a
    translation: it keeps its original's slug, so that both share one address."""

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            instance = self.instance
            if instance is not None and instance.pk and instance.get_translations().exists():
                return False
            return super().get_should_apply()


# The start of every reader-facing page type's content panels.
TITLE_PANELS = [TranslatedTitlePanel("title")]
