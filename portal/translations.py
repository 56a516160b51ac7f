"""Pages in the reader's language.

Each language has its own page tree (Wagtail i18n); a translation is a copy of a page in the other
tree, linked to it by `translation_key`, and keeps its slug, so a page and its translation have
the same address. The reader's language (browser or switcher) picks the tree a request is routed
through (`site.root_page.localized`); where that tree has no page at the address, the others are
tried (`HomePage.route`), so an untranslated page is shown in its own language with a note.

Lists show each page once: in the reader's language when a live translation exists, otherwise in
the language it was written in (`in_reader_language`).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language

from wagtail.admin.panels import TitleFieldPanel
from wagtail.models import Locale


def reader_locale() -> Locale:
    return Locale.get_active()


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
    where = Q()
    for version in parent.get_translations(inclusive=True):
        where |= (
            pages.descendant_of_q(version, inclusive=True)
            if descendants
            else pages.child_of_q(version)
        )
    return in_reader_language(pages.filter(where))


class TranslatedPageMixin:
    """For page types readers see. A page reached in another language than the reader's, while
    a live translation exists at another address (its slug was changed), redirects there;
    otherwise the page says it is not available in the reader's language
    (`page.in_other_language` in templates)."""

    def serve(self, request, *args, **kwargs):
        translation = self._reader_translation()
        if translation is not None:
            here = self.get_url(request) or ""
            there = translation.get_url(request)
            rest = request.path[len(here) :] if request.path.startswith(here) else ""
            if there and there + rest != request.path:
                query = request.META.get("QUERY_STRING", "")
                return redirect(there + rest + (f"?{query}" if query else ""))
        return super().serve(request, *args, **kwargs)

    def _reader_translation(self):
        if not self.in_other_language:
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
