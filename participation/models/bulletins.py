"""Research bulletins: the monthly situation bulletin, a Wagtail page in the "Bulletins" section.

The first of each month a task drafts last month's bulletin (participation.statistics.bulletins):
a summary and a commentary editors may rewrite, and a snapshot of the month's figures (`figures`,
JSON) that the page shows as tables and charts. Editors review the draft and publish it through
the site's moderation workflow, like every other page; readers find it in the site search and can
print it or save it as a PDF.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyBlock, plain_text
from portal.cache import CachedPageMixin
from portal.text import cjk_ngrams
from portal.translations import TITLE_PANELS, TranslatedPageMixin, under_any_version

BULLETINS_PER_PAGE = 12


class BulletinIndexPage(CachedPageMixin, TranslatedPageMixin, Page):
    """The "Bulletins" section: the published bulletins, newest month first."""

    introduction = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("A sentence under the section's title, and its description in search results."),
    )

    content_panels = [*TITLE_PANELS, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    # By name: participation does not import home (see the import contracts).
    parent_page_types = ["home.HomePage"]
    subpage_types = ["participation.BulletinPage"]
    max_count_per_parent = 1
    template = "participation/statistics/bulletin_index_page.html"

    class Meta:
        verbose_name = _("bulletins section")
        verbose_name_plural = _("bulletins sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        bulletins = under_any_version(BulletinPage.objects.live().public(), self).order_by(
            "-month", "pk"
        )
        context["bulletins"] = Paginator(bulletins, BULLETINS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class BulletinPage(CachedPageMixin, TranslatedPageMixin, Page):
    """One month's situation bulletin."""

    month = models.DateField(
        _("month"),
        help_text=_("The first day of the month the bulletin is about; one bulletin per month."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown under the title, in lists and in search results."),
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        verbose_name=_("commentary"),
        help_text=_(
            "The centre's reading of the month. The figures, tables and charts below it come "
            "from the month's records and are not edited here."
        ),
    )
    figures = models.JSONField(
        _("figures"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The month's figures as they were when the bulletin was drafted."),
    )

    content_panels = [
        *TITLE_PANELS,
        FieldPanel("month"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_ngrams"),
        index.FilterField("month"),
    ]
    parent_page_types = ["participation.BulletinIndexPage"]
    subpage_types: list[str] = []
    show_in_menus_default = False
    template = "participation/statistics/bulletin_page.html"

    class Meta:
        verbose_name = _("situation bulletin")
        verbose_name_plural = _("situation bulletins")
        indexes = [models.Index(fields=["month"], name="bulletin_month_idx")]

    def clean(self):
        super().clean()
        if self.month is None:
            return
        if self.month.day != 1:
            raise ValidationError({"month": _("Give the first day of the month.")})
        others = BulletinPage.objects.filter(month=self.month, locale_id=self.locale_id)
        if others.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"month": _("There is already a bulletin for this month in this language.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = [
            {**row, "url": _campaign_url(row.get("slug"))}
            for row in (self.figures or {}).get("campaigns", [])
        ]
        return context

    def search_ngrams(self) -> str:
        """The bulletin's Chinese text as character pairs, so that a search for a word inside a
        longer run of characters finds it (see portal.text)."""
        return cjk_ngrams(" ".join([self.title, self.summary, plain_text(self.body)]))


def _campaign_url(slug) -> str:
    """A campaign's public page, when it (and its address) still exists."""
    if not slug:
        return ""
    try:
        return reverse("participation:campaign_detail", args=[slug])
    except NoReverseMatch:
        return ""
