"""The "information" and "school" columns: town news, law cases, health information and role
models, each a section (an index page) of articles that editors write in the Wagtail admin.

Every article shares `ArticlePage`'s fields (date, introduction, image, body, tags, featured);
every section shares `SectionIndexPage`'s listing (filters by tag and year, pagination, an Atom
feed). Reads for the listings live in `education.selectors`."""

import datetime

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from portal.blocks import RICH_TEXT_FEATURES, BodyBlock, plain_text
from portal.cache import CachedPageMixin
from portal.pages import PageReadsMixin
from portal.pagination import page_with_total
from portal.text import cjk_ngrams
from portal.translations import TITLE_PANELS, TranslatedPageMixin

PAGE_SIZE = 12


class ArticlePage(CachedPageMixin, TranslatedPageMixin, PageReadsMixin, Page):
    """What every article has. Abstract: each section has its own page type."""

    date = models.DateField(
        _("date"),
        default=datetime.date.today,
        help_text=_("The date readers see; lists are ordered by it, newest first."),
    )
    introduction = models.CharField(
        _("introduction"),
        max_length=300,
        help_text=_("One or two sentences shown in lists, in search results and when shared."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown at the top, in lists and when the page is shared."),
    )
    body = StreamField(
        BodyBlock(), blank=True, verbose_name=_("body"), help_text=_("The article itself.")
    )
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Featured school items are shown on the home page."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
        index.SearchField("search_ngrams"),
        index.FilterField("date"),
    ]
    # Text fields of the page type that search should also find in Chinese (see search_ngrams).
    ngram_fields: list[str] = []
    article_panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("featured")]),
        FieldPanel("introduction"),
        FieldPanel("image"),
    ]
    show_in_menus_default = False
    select_related_on_route = ("image",)

    class Meta:
        abstract = True

    def get_section(self):
        return self.get_parent().specific

    def search_ngrams(self) -> str:
        """The page's Chinese text as character pairs, so that a search for a word inside a
        longer run of characters finds it (see portal.text)."""
        parts = [self.title, self.introduction, plain_text(self.body)]
        parts += [strip_tags(str(getattr(self, name) or "")) for name in self.ngram_fields]
        return cjk_ngrams(" ".join(parts))

    def get_context(self, request, *args, **kwargs):
        from .selectors import related_articles

        context = super().get_context(request, *args, **kwargs)
        context["tags"] = tags = list(self.tags.all())
        context["related"] = related_articles(self, tags)
        return context


class SectionIndexPage(
    CachedPageMixin, TranslatedPageMixin, RoutablePageMixin, PageReadsMixin, Page
):
    """A section's front page: its articles, newest first, filtered by tag and year, paginated;
    an Atom feed at feed/. Abstract: each section names its article type."""

    introduction = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("A sentence under the section's title, and its description in search results."),
    )
    article_model: type[ArticlePage]

    content_panels = [*TITLE_PANELS, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    @path("")
    def listing(self, request):
        from .forms import SectionFilterForm
        from .selectors import section_articles, section_tags, section_years

        form = SectionFilterForm(
            request.GET or None, tags=section_tags(self), years=section_years(self)
        )
        filters = form.filters() if form.is_valid() else {}
        articles = section_articles(self, **filters)
        page = page_with_total(articles, PAGE_SIZE, request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={"form": form, "articles": page, "query": query.urlencode()},
            template="education/section_index_page.html",
        )

    @path("feed/")
    def feed(self, request):
        from .feeds import SectionFeed

        return SectionFeed(self)(request)


# --- Tags: one table per article type (taggit through-models need a concrete parent) ----------


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class LawCasePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "LawCasePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class HealthInfoPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "HealthInfoPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class RoleModelPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "RoleModelPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def _tags(through):
    return ClusterTaggableManager(
        through=through,
        blank=True,
        verbose_name=_("topics"),
        help_text=_("A few words readers can filter by, e.g. “traffic”, “elderly care”."),
    )


# --- Information: town news ----------------------------------------------------------------------


class NewsPage(ArticlePage):
    """A notice, service information or an event in the town."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        SERVICE = "service", _("Service information")
        EVENT = "event", _("Event")

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.NOTICE,
        help_text=_("Notices announce; service information explains; events invite."),
    )
    tags = _tags(NewsPageTag)

    content_panels = [
        *TITLE_PANELS,
        *ArticlePage.article_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("tags")]),
        FieldPanel("body"),
    ]
    search_fields = [*ArticlePage.search_fields, index.FilterField("kind")]
    parent_page_types = ["education.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class NewsIndexPage(SectionIndexPage):
    article_model = NewsPage
    subpage_types = ["education.NewsPage"]

    class Meta:
        verbose_name = _("news section")


# --- The school: law cases, health information, role models ------------------------------------


class LawCasePage(ArticlePage):
    """A real case explained for residents: what happened, what was decided, on which law, and
    what to learn from it."""

    facts = RichTextField(
        _("what happened"), features=RICH_TEXT_FEATURES, help_text=_("The facts of the case.")
    )
    ruling = RichTextField(
        _("the decision"),
        features=RICH_TEXT_FEATURES,
        help_text=_("What the court or authority decided."),
    )
    legal_basis = RichTextField(
        _("legal basis"),
        features=RICH_TEXT_FEATURES,
        help_text=_("The laws and articles the decision rests on."),
    )
    lesson = models.TextField(
        _("the lesson for residents"),
        help_text=_("In plain words: what residents should do or avoid."),
    )
    tags = _tags(LawCasePageTag)
    ngram_fields = ["facts", "ruling", "legal_basis", "lesson"]

    content_panels = [
        *TITLE_PANELS,
        *ArticlePage.article_panels,
        FieldPanel("tags"),
        FieldPanel("facts"),
        FieldPanel("ruling"),
        FieldPanel("legal_basis"),
        FieldPanel("lesson"),
        FieldPanel("body", heading=_("More (optional)")),
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("facts"),
        index.SearchField("ruling"),
        index.SearchField("legal_basis"),
        index.SearchField("lesson"),
    ]
    parent_page_types = ["education.LawCaseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("law case")
        verbose_name_plural = _("law cases")


class LawCaseIndexPage(SectionIndexPage):
    article_model = LawCasePage
    subpage_types = ["education.LawCasePage"]

    class Meta:
        verbose_name = _("law cases section")


class HealthInfoPage(ArticlePage):
    """Health advice on one topic, with its sources and when it was last checked."""

    topic = models.CharField(
        _("topic"), max_length=100, help_text=_("E.g. “Flu season”, “Heat stroke”.")
    )
    advice = RichTextField(
        _("advice"), features=RICH_TEXT_FEATURES, help_text=_("What to do, step by step.")
    )
    sources = RichTextField(
        _("sources"),
        features=["link", "ul", "ol"],
        help_text=_("Where the advice comes from (health authorities, hospitals), with links."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"), help_text=_("When a health professional last checked this advice.")
    )
    tags = _tags(HealthInfoPageTag)
    ngram_fields = ["topic", "advice", "sources"]

    content_panels = [
        *TITLE_PANELS,
        *ArticlePage.article_panels,
        FieldRowPanel([FieldPanel("topic"), FieldPanel("last_reviewed")]),
        FieldPanel("tags"),
        FieldPanel("advice"),
        FieldPanel("sources"),
        FieldPanel("body", heading=_("More (optional)")),
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("topic"),
        index.SearchField("advice"),
    ]
    parent_page_types = ["education.HealthInfoIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("health information")
        verbose_name_plural = _("health information")


class HealthInfoIndexPage(SectionIndexPage):
    article_model = HealthInfoPage
    subpage_types = ["education.HealthInfoPage"]

    class Meta:
        verbose_name = _("health information section")


class RoleModelPage(ArticlePage):
    """An “advanced person”: a resident whose deeds are published to inspire others."""

    person_name = models.CharField(
        _("name"), max_length=60, help_text=_("The person's name, as they agreed to be named.")
    )
    community = models.CharField(
        _("village or community"),
        max_length=60,
        blank=True,
        help_text=_("Where they live or serve."),
    )
    honour = models.CharField(
        _("honour"),
        max_length=120,
        blank=True,
        help_text=_("E.g. “Outstanding housekeeper 2026”."),
    )
    tags = _tags(RoleModelPageTag)
    ngram_fields = ["person_name", "community", "honour"]

    content_panels = [
        *TITLE_PANELS,
        *ArticlePage.article_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("person_name"), FieldPanel("community")]),
                FieldPanel("honour"),
            ],
            heading=_("The person"),
        ),
        FieldPanel("tags"),
        FieldPanel("body", heading=_("Their deeds")),
    ]
    search_fields = [
        *ArticlePage.search_fields,
        index.SearchField("person_name"),
        index.SearchField("community"),
        index.SearchField("honour"),
    ]
    parent_page_types = ["education.RoleModelIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("role model")
        verbose_name_plural = _("role models")


class RoleModelIndexPage(SectionIndexPage):
    article_model = RoleModelPage
    subpage_types = ["education.RoleModelPage"]

    class Meta:
        verbose_name = _("role models section")


SECTION_MODELS = [NewsIndexPage, LawCaseIndexPage, HealthInfoIndexPage, RoleModelIndexPage]
ARTICLE_MODELS = [NewsPage, LawCasePage, HealthInfoPage, RoleModelPage]
