"""The demo site's pages: the home page text, about / privacy / terms, and the hotlines."""

from wagtail.models import Site

from .models import HomePage, SiteSettings, StandardPage

PAGES = [
    (
        "about",
        "About the Wuzhen Housekeeper scheme",
        "How residents, grid housekeepers and the linkage centre work together.",
        [
            ("heading", {"text": "Everyone is a housekeeper"}),
            (
                "paragraph",
                "<p>Residents report problems they see: a broken manhole cover, an illegal "
                "building, stalls blocking a road. The linkage centre sends each report to the "
                "department responsible, which fixes it and shows the result. You are told at "
                "every step, and you say whether you are satisfied.</p>",
            ),
            ("heading", {"text": "Public and traceable"}),
            (
                "paragraph",
                "<p>Every case and every step is public, so anyone can see what was reported, "
                "who is handling it, and whether it was done on time. Your name is never shown "
                "unless you choose to show it.</p>",
            ),
        ],
    ),
    (
        "privacy",
        "Privacy notice",
        "What we collect, why, and who can see it.",
        [
            (
                "paragraph",
                "<p>We keep your email address to let you log in and to tell you about your "
                "reports. Your phone number is optional and only staff handling your reports "
                "can see it. Public pages never show your name, email or phone unless you "
                "choose to be named. Photos are re-encoded and stripped of location data "
                "before they are stored.</p>",
            ),
        ],
    ),
    (
        "terms",
        "Terms of use",
        "The rules for using the portal.",
        [
            (
                "paragraph",
                "<p>Report real problems in good faith. Do not post personal data about other "
                "people, abusive language or advertising. For emergencies call the emergency "
                "hotline first. Moderators may hide content that breaks these rules and will "
                "tell you why.</p>",
            ),
        ],
    ),
]


def seed(*, stdout) -> dict[str, int]:
    home = HomePage.objects.first()
    site = Site.objects.get(is_default_site=True)
    if site.site_name != "Wuzhen Housekeeper":
        site.site_name = "Wuzhen Housekeeper"
        site.save()
    site_settings = SiteSettings.for_site(site)
    site_settings.emergency_hotline = "110"
    site_settings.service_hotline = "12345"
    site_settings.footer_text = (
        "<p>Wuzhen Social Governance Linkage Centre · Tongxiang, Zhejiang</p>"
    )
    site_settings.save()
    for slug, title, introduction, body in PAGES:
        if StandardPage.objects.filter(slug=slug).exists():
            continue
        page = StandardPage(slug=slug, title=title, introduction=introduction, body=body)
        home.add_child(instance=page)
        page.save_revision().publish()
    return {"pages": StandardPage.objects.count() + 1}
