"""The demo town's information and school: the four sections and their articles (texts in
education/demo_articles.py), each published in Chinese and with its English translation, with
images drawn here (no files are shipped). Safe to run again: sections, articles and translations
are found by slug or translation, never duplicated."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model

from PIL import Image, ImageDraw

from portal.demo import publish_page, publish_translation, site_home

from . import demo_articles as data
from .models import (
    SECTION_MODELS,
    HealthInfoPage,
    LawCasePage,
    NewsPage,
    RoleModelPage,
)

COLOURS = [(11, 93, 75), (164, 38, 44), (30, 107, 52), (138, 75, 0), (40, 70, 140), (90, 60, 120)]


def _image(title: str, index: int):
    """A simple drawn picture (canal-green stripes and a sun), made once per title."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    colour = COLOURS[index % len(COLOURS)]
    picture = Image.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(picture)
    for band in range(6):
        shade = tuple(min(255, c + 18 * band) for c in colour)
        draw.rectangle([0, 400 + band * 46, 1200, 446 + band * 46], fill=shade)
    draw.ellipse([900, 80, 1060, 240], fill=(255, 214, 102))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return Image_.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"demo-{index}.jpg")
    )


def _paragraphs(paragraphs):
    return [("paragraph", paragraph) for paragraph in paragraphs]


def _article_fields(model, item, language, today):
    """The page fields of `item` in `language`, and its tags."""
    text = dict(item[language])
    tags = text.pop("tags")
    fields = {**text, "date": today - datetime.timedelta(days=item["days_ago"])}
    if "body" in fields:
        fields["body"] = _paragraphs(fields["body"])
    if model is NewsPage:
        fields["kind"] = item["kind"]
    else:
        fields["featured"] = item.get("featured", False)
    if model is HealthInfoPage:
        fields["last_reviewed"] = today - datetime.timedelta(days=item["reviewed_days_ago"])
    return fields, tags


def _seed_articles(model, items, section, today, counter):
    for item in items:
        counter += 1
        page = model.objects.filter(locale=section.locale, slug=item["slug"]).first()
        if page is None:
            fields, tags = _article_fields(model, item, "zh", today)
            image = _image(item["zh"]["title"], counter)
            page = publish_page(section, model(slug=item["slug"], image=image, **fields), tags)
        fields, tags = _article_fields(model, item, "en", today)
        publish_translation(page, "en", tags=tags, **fields)
    return counter


def seed(*, stdout) -> dict[str, int]:
    home = site_home("zh-hans")
    today = timezone.localdate()  # the town's day, not the machine's
    models = {model.__name__: model for model in SECTION_MODELS}
    sections = {}
    for spec in data.SECTIONS:
        model = models[spec["model"]]
        section = model.objects.filter(locale=home.locale, slug=spec["slug"]).first()
        if section is None:
            section = publish_page(home, model(slug=spec["slug"], **spec["zh"]))
        publish_translation(section, "en", **spec["en"])
        sections[model.article_model] = section
    counter = 0
    for model, items in [
        (NewsPage, data.NEWS),
        (LawCasePage, data.LAW_CASES),
        (HealthInfoPage, data.HEALTH),
        (RoleModelPage, data.ROLE_MODELS),
    ]:
        counter = _seed_articles(model, items, sections[model], today, counter)
    return {
        "sections": len(sections),
        "news items": NewsPage.objects.filter(locale=home.locale).count(),
        "law cases": LawCasePage.objects.filter(locale=home.locale).count(),
        "health topics": HealthInfoPage.objects.filter(locale=home.locale).count(),
        "role models": RoleModelPage.objects.filter(locale=home.locale).count(),
        "English versions": sum(
            model.objects.filter(locale__language_code="en").count()
            for model in (NewsPage, LawCasePage, HealthInfoPage, RoleModelPage)
        ),
    }
