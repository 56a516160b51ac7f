"""Fixtures for the regulation tests: a published draft with five articles, open for comment
from 1 to 15 December 2026 (China Standard Time), and verified residents."""

import datetime
import uuid
import zoneinfo

from django.test import TestCase

import pytest
import time_machine

from home.models import HomePage
from regulations.models import RegulationIndexPage, RegulationPage

CST = zoneinfo.ZoneInfo("Asia/Shanghai")
OPENS = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=CST)
CLOSES = datetime.datetime(2026, 12, 15, 18, 0, tzinfo=CST)
DURING = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=CST)

ARTICLES = [
    ("总则", "为了规范街头摊点经营，维护市容和交通秩序，制定本办法。"),
    ("适用范围", "本办法适用于乌镇镇建成区内的道路、广场和河道沿岸。"),
    ("经营时间", "便民摊点的经营时间为每日6时至22时。"),
    ("禁止区域", "消防通道、盲道和桥面不得设置摊点。"),
    ("法律责任", "违反本办法的，由综合行政执法中队责令改正。"),
]


def article_blocks(articles=ARTICLES, ids=None):
    ids = ids or [str(uuid.uuid4()) for _ in articles]
    return [
        {"type": "article", "id": block_id, "value": {"heading": heading, "text": text}}
        for block_id, (heading, text) in zip(ids, articles, strict=True)
    ]


def committed():
    return TestCase.captureOnCommitCallbacks(execute=True)


def publish(page):
    with committed():
        page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def frozen():
    """The clock stopped during the comment period; `frozen.move_to(...)` to move it."""
    with time_machine.travel(DURING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def index(db):
    home = HomePage.objects.get(depth=2, locale__language_code="zh-hans")
    section = RegulationIndexPage(title="征求意见", slug="have-your-say")
    with committed():
        home.add_child(instance=section)
        section.save_revision().publish()
    return section


@pytest.fixture
def make_regulation(index):
    def make(title="乌镇镇街头便民摊点管理办法", slug="street-stalls", **fields):
        values = {
            "issuing_body": "乌镇镇人民政府",
            "summary": "规范摊点经营，方便居民生活。",
            "stage": RegulationPage.Stage.CONSULTATION,
            "comment_opens_at": OPENS,
            "comment_closes_at": CLOSES,
            "text": article_blocks(),
            **fields,
        }
        page = RegulationPage(title=title, slug=slug, **values)
        with committed():
            index.add_child(instance=page)
        return publish(page)

    return make


@pytest.fixture
def regulation(make_regulation):
    return make_regulation()


@pytest.fixture
def resident(make_user):
    return make_user(email="resident@example.org")


@pytest.fixture
def neighbour(make_user):
    return make_user(email="neighbour@example.org")


def article_id(regulation, number):
    """The id of the regulation's article `number` (1, 2, …) in its published text."""
    return regulation.articles()[number - 1]["id"]


@pytest.fixture
def moderator(make_user):
    from portal import roles

    return make_user(email="moderator@example.org", roles=[roles.MODERATOR])


@pytest.fixture
def give(regulation, resident):
    """Give an opinion through the service: by `resident` on `regulation`, in support, with a
    fresh form token, unless overridden. Returns (opinion, created) as the service does."""
    from regulations import services

    def give(*, author=None, on=None, **fields):
        values = {
            "stance": "support",
            "text": "摊点应该延长到23时。",
            "token": uuid.uuid4().hex,
            **fields,
        }
        return services.opinion_give(
            author=author or resident, regulation=on or regulation, **values
        )

    return give
