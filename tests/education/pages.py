"""Helpers that build Wagtail content for the education and home tests: images, documents,
sections (index pages) and articles, published (or left as drafts) the way an editor would."""

import datetime
import io
import json
import re
from xml.etree import ElementTree

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import TestCase

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site

from PIL import Image as PILImage

from education.models import (
    HealthInfoIndexPage,
    HealthInfoPage,
    LawCaseIndexPage,
    LawCasePage,
    NewsIndexPage,
    NewsPage,
    RoleModelIndexPage,
    RoleModelPage,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

SECTION_OF = {
    NewsPage: NewsIndexPage,
    LawCasePage: LawCaseIndexPage,
    HealthInfoPage: HealthInfoIndexPage,
    RoleModelPage: RoleModelIndexPage,
}

# What each article type needs besides the shared fields.
REQUIRED = {
    NewsPage: lambda: {"kind": NewsPage.Kind.EVENT},
    LawCasePage: lambda: {
        "facts": "<p>A neighbour built a wall across the shared lane.</p>",
        "ruling": "<p>The court ordered the wall removed within 30 days.</p>",
        "legal_basis": "<p>Civil Code, article 288 (neighbouring relations).</p>",
        "lesson": "Talk to the village committee before building.\nKeep lanes open.",
    },
    HealthInfoPage: lambda: {
        "topic": "Heat stroke",
        "advice": "<p>Drink water often and rest in the shade.</p>",
        "sources": '<p><a href="https://www.nhc.gov.cn/">National Health Commission</a></p>',
        "last_reviewed": datetime.date(2026, 5, 4),
    },
    RoleModelPage: lambda: {
        "person_name": "Zhang Wei",
        "community": "Minhe Village",
        "honour": "Outstanding housekeeper 2026",
    },
}


def home_page():
    """The site's root page, made by the migrations."""
    return Site.objects.get(is_default_site=True).root_page.specific


def png_bytes(size=(1600, 900), colour=(40, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title="A photo", size=(1600, 900), colour=(40, 120, 200)):
    """A Wagtail image from a small generated PNG."""
    name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "image"
    image = get_image_model()(
        title=title, file=ImageFile(io.BytesIO(png_bytes(size, colour)), name=f"{name}.png")
    )
    image.save()
    return image


def make_document(title="Opening hours", name="opening-hours.pdf", content=b"%PDF-1.4\n%%EOF\n"):
    document = get_document_model()(title=title, file=ContentFile(content, name=name))
    document.file_size = len(content)
    document.save()
    return document


def committed():
    """Run what waits for the transaction's commit (cache invalidation, index updates) as a real
    commit would: a test runs inside one transaction that is never committed."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def publish(parent, page, tags=()):
    """Add `page` under `parent` and publish it, as an editor would."""
    with committed():
        parent.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def draft(parent, page, tags=()):
    """Add `page` under `parent` as a draft that has never been published."""
    page.live = False
    with committed():
        parent.add_child(instance=page)
        if tags:
            page.tags.add(*tags)
        page.save_revision()
    page.refresh_from_db()
    return page


def unpublish(page):
    with committed():
        page.unpublish()
    page.refresh_from_db()
    return page


def make_private(page, password="secret-word"):
    """Put the page behind a password (Wagtail's "private" pages)."""
    with committed():
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
        )


def section(index_model, title=None, slug=None, introduction=""):
    """The section (index page) of `index_model` under the home page, creating it if needed."""
    existing = index_model.objects.first()
    if existing:
        return existing
    title = title or str(index_model._meta.verbose_name).capitalize()
    slug = (
        slug
        or {
            NewsIndexPage: "news",
            LawCaseIndexPage: "law-cases",
            HealthInfoIndexPage: "health",
            RoleModelIndexPage: "role-models",
        }[index_model]
    )
    return publish(home_page(), index_model(title=title, slug=slug, introduction=introduction))


def article(
    model,
    title,
    *,
    parent=None,
    date=None,
    tags=(),
    live=True,
    introduction=None,
    **fields,
):
    """An article of type `model` in its section, published unless `live` is false."""
    parent = parent or section(SECTION_OF[model])
    values = {
        "title": title,
        "date": date or datetime.date(2026, 3, 1),
        "introduction": introduction or f"Introduction to {title}.",
        **REQUIRED[model](),
        **fields,
    }
    page = model(**values)
    return (publish if live else draft)(parent, page, tags=tags)


def stream(*blocks) -> str:
    """A StreamField's raw JSON from (type, value) pairs, as the admin saves it."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def atom_entries(content: bytes) -> list[dict]:
    root = ElementTree.fromstring(content)
    assert root.tag == f"{ATOM}feed"
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "link": link.get("href") if link is not None else None,
                "summary": entry.findtext(f"{ATOM}summary"),
                "id": entry.findtext(f"{ATOM}id"),
                "updated": entry.findtext(f"{ATOM}updated"),
            }
        )
    return entries


def sitemap_locations(content: bytes) -> list[str]:
    root = ElementTree.fromstring(content)
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def card_titles(html: str) -> list[str]:
    """The titles of the article cards on a page, in the order shown."""
    return re.findall(r'<h3 class="article-card__title"><a href="[^"]*">([^<]*)</a></h3>', html)
