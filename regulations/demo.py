"""The demo town's draft regulations (texts in regulations/demo_texts.py): street stalls open for
comment with about forty opinions, garbage sorting under review after its comment period, and
waterway protection in force after a draft and a trial version. Safe to run again: found by slug,
opinions only given once (by their form tokens)."""

import datetime
import uuid
import zoneinfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal import roles
from portal.demo import publish_page, publish_translation, site_home

from . import demo_texts, services
from .models import (
    Opinion,
    RegulationIndexPage,
    RegulationPage,
    RegulationVersion,
    StageChange,
)

CST = zoneinfo.ZoneInfo("Asia/Shanghai")
NAMESPACE = uuid.UUID("9a1f6c1e-7d43-4d7e-9b7e-2f0a3c5d6e71")
Stage = RegulationPage.Stage


def _block_id(slug: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{slug}:{key}"))


def _text(slug, chapters):
    blocks = []
    for title, articles in chapters:
        if title:
            blocks.append(
                {"type": "chapter", "id": _block_id(slug, title), "value": {"title": title}}
            )
        for key, heading, text in articles:
            blocks.append(
                {
                    "type": "article",
                    "id": _block_id(slug, key),
                    "value": {"heading": heading, "text": text},
                }
            )
    return blocks


def _regulation(index, spec, text, **fields) -> tuple[RegulationPage, bool]:
    page = RegulationPage.objects.filter(locale=index.locale, slug=spec["slug"]).first()
    if page is not None:
        return page, False
    page = RegulationPage(
        slug=spec["slug"],
        title=spec["title"],
        summary=spec["summary"],
        background=spec["background"],
        issuing_body="乌镇镇人民政府",
        text=text,
        **fields,
    )
    return publish_page(index, page), True


def _opinions(regulation, opinions, residents, *, at, prefix):
    given = []
    for number, (key, stance, text, proposal) in enumerate(opinions):
        opinion, _created = services.opinion_give(
            author=residents[(number * 7) % len(residents)],
            regulation=regulation,
            article_id=_block_id(regulation.slug, key) if key else "",
            stance=stance,
            text=text,
            proposed_wording=proposal,
            show_name=number % 3 == 0,
            token=f"demo-{prefix}-{number}",
            now=at,
        )
        given.append(opinion)
    return given


def _reactions(opinions, residents, at):
    for number, opinion in enumerate(opinions[:12]):
        for offset in range(1, number % 5 + 2):
            agreeing = residents[(number + offset * 5) % len(residents)]
            if agreeing.pk != opinion.author_id:
                services.opinion_agree(user=agreeing, opinion=opinion)
    services.reply_give(
        author=residents[3],
        opinion=opinions[1],
        text="夏天延长一小时我也赞成，但要管好噪声。",
        token="demo-reply-1",
        now=at,
    )
    services.reply_give(
        author=residents[11],
        opinion=opinions[8],
        text="同意，老早市是小区的特色，可以在划定区域时保留。",
        token="demo-reply-2",
        now=at,
    )


def _respond(regulation, opinions, now):
    """The published response to the garbage-sorting comments, by the demo editor."""
    editor = get_user_model().objects.get(email="editor@example.org")
    answers = {
        opinion.pk: answer
        for opinion, answer in zip(opinions, demo_texts.GARBAGE_ANSWERS, strict=True)
    }
    summaries = {
        (_block_id(regulation.slug, key) if key else ""): text
        for key, text in demo_texts.GARBAGE_SUMMARIES.items()
    }
    services.response_save(
        editor=editor, regulation=regulation, answers=answers, summaries=summaries, now=now
    )
    services.response_publish(
        editor=editor, regulation=regulation, summary=demo_texts.GARBAGE_RESPONSE, now=now
    )


def _publish_stage(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    """`hour` o'clock on `day`, China Standard Time."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CST)


def seed(*, stdout) -> dict[str, int]:
    now = timezone.now()
    today = timezone.localdate(now, CST)
    home = site_home("zh-hans")
    index = RegulationIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = publish_page(
            home,
            RegulationIndexPage(
                slug="have-your-say",
                title="征求意见",
                introduction="地方规定草案在这里公开征求意见：逐条阅读，逐条发表看法，并看到政府对每条意见的答复。",
            ),
        )
    publish_translation(
        index,
        "en",
        title="Have your say",
        introduction=(
            "Draft local regulations open for comment: read them article by article, give your "
            "opinion on any article, and see the government's answer to every opinion."
        ),
    )
    residents = list(
        get_user_model()
        .objects.filter(groups__name=roles.RESIDENT, emailaddress__verified=True)
        .order_by("pk")
    )

    stalls, _created = _regulation(
        index,
        demo_texts.STALLS,
        _text(demo_texts.STALLS["slug"], demo_texts.STALLS["chapters"]),
        stage=Stage.CONSULTATION,
        comment_opens_at=_at(today - datetime.timedelta(days=7), 9),
        comment_closes_at=_at(today + datetime.timedelta(days=14), 18),
    )
    if residents and stalls.is_open_for_comment(now):
        given = _opinions(stalls, demo_texts.STALL_OPINIONS, residents, at=now, prefix="stalls")
        _reactions(given, residents, now)
        expert = get_user_model().objects.filter(groups__name=roles.EXPERT).first()
        if expert and not stalls.expert_reviews.exists():
            key, text = demo_texts.EXPERT_REVIEW
            services.expert_review_give(
                expert=expert,
                regulation=stalls,
                article_id=_block_id(stalls.slug, key),
                text=text,
            )

    opens = now - datetime.timedelta(days=45)
    garbage, created = _regulation(
        index,
        demo_texts.GARBAGE,
        _text(demo_texts.GARBAGE["slug"], demo_texts.GARBAGE["chapters"]),
        stage=Stage.CONSULTATION,
        comment_opens_at=opens,
        comment_closes_at=now - datetime.timedelta(days=15),
    )
    if created:
        garbage.stage_changes.update(changed_at=opens)
    if created and residents:
        given = _opinions(
            garbage,
            demo_texts.GARBAGE_OPINIONS,
            residents,
            at=opens + datetime.timedelta(days=3),
            prefix="garbage",
        )
        _publish_stage(garbage, stage=Stage.REVIEW)
        _respond(garbage, given, now)

    spec = demo_texts.WATERWAYS
    draft, *later = spec["versions"]
    started = now - datetime.timedelta(days=500)
    waterways, created = _regulation(
        index,
        spec,
        _text(spec["slug"], [("", draft)]),
        stage=Stage.CONSULTATION,
        comment_opens_at=started,
        comment_closes_at=started + datetime.timedelta(days=30),
    )
    if created:
        waterways.stage_changes.update(changed_at=started)
        trial, final = later
        _publish_stage(
            waterways,
            title=spec["title"] + "（试行）",
            stage=Stage.TRIAL,
            text=_text(spec["slug"], [("", trial)]),
            effective_date=(started + datetime.timedelta(days=90)).date(),
        )
        _publish_stage(
            waterways,
            title=spec["title"],
            stage=Stage.IN_FORCE,
            text=_text(spec["slug"], [("", final)]),
            effective_date=(now - datetime.timedelta(days=60)).date(),
        )
        for version, days in zip(
            waterways.versions.order_by("number"), (500, 410, 60), strict=True
        ):
            RegulationVersion.objects.filter(pk=version.pk).update(
                published_at=now - datetime.timedelta(days=days)
            )
        changes = waterways.stage_changes.order_by("pk")
        for change, days in zip(changes, (500, 410, 60), strict=True):
            StageChange.objects.filter(pk=change.pk).update(
                changed_at=now - datetime.timedelta(days=days)
            )
    return {
        "regulations": RegulationPage.objects.filter(locale=home.locale).count(),
        "versions": RegulationVersion.objects.count(),
        "opinions": Opinion.objects.count(),
    }
