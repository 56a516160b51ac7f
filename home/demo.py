"""The demo site's pages: the home page in both languages, about / privacy / terms (texts in
home/demo_pages.py), and the hotlines. Pages are published with portal.demo's helpers, as every
app's demo does."""

from wagtail.models import Site

from portal.demo import publish_page, publish_translation

from .demo_pages import PAGES
from .models import HomePage, SiteSettings, StandardPage


def english_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="en")


def seed(*, stdout) -> dict[str, int]:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if home.title != "乌镇管家":
        home.title = "乌镇管家"
        home.save_revision().publish()
    publish_translation(home, "en", title="Wuzhen Housekeeper")
    if site.site_name != "Wuzhen Housekeeper":
        site.site_name = "Wuzhen Housekeeper"
        site.save()
    site_settings = SiteSettings.for_site(site)
    site_settings.emergency_hotline = "110"
    site_settings.service_hotline = "12345"
    site_settings.footer_text = "<p>乌镇镇社会治理联动中心 · 浙江省桐乡市</p>"
    site_settings.footer_text_en = (
        "<p>Wuzhen Social Governance Linkage Centre · Tongxiang, Zhejiang</p>"
    )
    site_settings.save()
    for spec in PAGES:
        page = StandardPage.objects.filter(locale=home.locale, slug=spec["slug"]).first()
        if page is None:
            page = publish_page(home, StandardPage(slug=spec["slug"], **spec["zh"]))
        publish_translation(page, "en", **spec["en"])
    return {"pages": StandardPage.objects.count() + HomePage.objects.count()}
