from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyBlock, plain_text
from portal.cache import CachedPageMixin
from portal.pages import PageReadsMixin
from portal.text import cjk_ngrams
from portal.translations import (
    READER_TREE_LIVE,
    TITLE_PANELS,
    TranslatedPageMixin,
    reader_locale,
    text_for_reader,
)


class HomePage(CachedPageMixin, TranslatedPageMixin, PageReadsMixin, Page):
    """The portal's front door: the three sections of the scheme and the hotlines. One per
    language: the English home page is the translation of the Chinese one."""

    subpage_types = [
        "home.StandardPage",
        "education.NewsIndexPage",
        "education.LawCaseIndexPage",
        "education.HealthInfoIndexPage",
        "education.RoleModelIndexPage",
        "regulations.RegulationIndexPage",
        "participation.BulletinIndexPage",
    ]
    content_panels = TITLE_PANELS
    parent_page_types = ["wagtailcore.Page"]
    # Only ever one made by hand; its English version is made with "Translate".
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def page_cache(self):
        from .caching import home_page

        return home_page

    def route(self, request, path_components):
        """Requests are routed through the reader's language's tree first (Wagtail starts from
        this language's home page); an address that tree lacks is looked up in the other
        languages' trees, so a page not yet translated is still found."""
        # Wagtail starts here, from the home page in the reader's language if a live one exists.
        setattr(request, READER_TREE_LIVE, self.locale_id == reader_locale().pk)
        try:
            return super().route(request, path_components)
        except Http404:
            for home in self.get_translations().live().order_by("pk"):
                try:
                    return super(HomePage, home.specific).route(request, path_components)
                except Http404:
                    continue
            raise

    def get_context(self, request, *args, **kwargs):
        """Each block of the home page, from the apps that own its data; a block whose data
        does not exist yet is simply left out by the template."""
        from education import selectors as education
        from participation import selectors as cases
        from regulations import selectors as regulations
        from rewards import selectors as rewards

        context = super().get_context(request, *args, **kwargs)
        latest_news, featured = education.home_articles()
        # The sections the home page links to, the regulations' among them, in one query.
        sections = education.sections(also=regulations.SECTION_MODELS)
        regulations_section = next(
            (page for page in sections if page.specific_class in regulations.SECTION_MODELS), None
        )
        context.update(
            figures=cases.town_figures_this_month(),
            latest_news=latest_news,
            news_section=education.news_section(sections),
            sections=[page for page in sections if page is not regulations_section],
            featured=featured,
            resolved=cases.recently_resolved(),
            consultations=regulations.open_for_comment(),
            regulations_section=regulations_section,
            top_housekeepers=rewards.leaderboard(limit=5),
        )
        return context


class StandardPage(CachedPageMixin, TranslatedPageMixin, PageReadsMixin, Page):
    """A plain page: about the scheme, privacy notice, terms of use."""

    introduction = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("A short summary shown under the title and in search results."),
    )
    body = StreamField(
        BodyBlock(), blank=True, verbose_name=_("body"), help_text=_("The page's content.")
    )

    content_panels = [*TITLE_PANELS, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("search_ngrams"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    def search_ngrams(self) -> str:
        """Chinese text as character pairs for search (see portal.text)."""
        return cjk_ngrams(" ".join([self.title, self.introduction, plain_text(self.body)]))

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details shown on every page, editable without a deploy."""

    emergency_hotline = models.CharField(
        _("emergency hotline"),
        max_length=30,
        default="110",
        help_text=_("Shown prominently wherever a resident might report an emergency."),
    )
    service_hotline = models.CharField(
        _("service hotline"),
        max_length=30,
        default="12345",
        help_text=_("The town's general service hotline for reports by phone."),
    )
    footer_text = RichTextField(
        _("footer text (Chinese)"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "A short note shown at the bottom of every page (address, office hours), in Chinese."
        ),
    )
    footer_text_en = RichTextField(
        _("footer text (English)"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown to English readers. Leave blank to show the Chinese note."),
    )

    panels = [
        FieldPanel("emergency_hotline"),
        FieldPanel("service_hotline"),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_en"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def localized_footer_text(self) -> str:
        """The footer note in the reader's language; the other language's where it has none."""
        return text_for_reader(self.footer_text, self.footer_text_en)[0]

    @property
    def localized_footer_language(self) -> str:
        """The language `localized_footer_text` is in, for its `lang` attribute."""
        return text_for_reader(self.footer_text, self.footer_text_en)[1]
