"""sitemap.xml: every published public page once, in the reader's language where it is
translated (a page and its translation share one address; see portal.translations)."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .translations import under_any_version


class PageSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            under_any_version(Page.objects.live().public(), root, descendants=True)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
