"""sitemap.xml: every published public page once, in the reader's language where it is
translated (a page and its translation share one address; see portal.translations)."""

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .translations import in_reader_language


class PageSitemap(Sitemap):
    def items(self):
        pages = Page.objects.live().public()
        in_site = Q()
        for root in self.get_wagtail_site().root_page.get_translations(inclusive=True):
            in_site |= pages.descendant_of_q(root, inclusive=True)
        return (
            in_reader_language(pages.filter(in_site))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
