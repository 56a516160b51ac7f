"""`seed_demo` loads three draft regulations: street stalls open for comment with about forty
opinions, garbage sorting with its response published, and waterway protection in force after
three versions; running it again adds nothing. Seeding takes seconds, so one test seeds twice."""

from django.core.management import call_command

import pytest

from participation import demo as participation_demo
from regulations import demo_texts
from regulations.models import (
    ArticleSummary,
    ExpertReview,
    Opinion,
    OpinionAgreement,
    OpinionAnswer,
    OpinionReply,
    RegulationPage,
    RegulationResponse,
    RegulationVersion,
    StageChange,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
COUNTED = [
    RegulationPage,
    RegulationVersion,
    Opinion,
    OpinionAnswer,
    OpinionReply,
    OpinionAgreement,
    ExpertReview,
    RegulationResponse,
    ArticleSummary,
    StageChange,
]
Stage = RegulationPage.Stage


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seed_demo_loads_three_regulations_once(monkeypatch, client):
    monkeypatch.setattr(participation_demo, "DEMO_CASE_COUNT", 10)
    call_command("seed_demo")
    first = counts()

    regulations = {
        page.slug: page
        for page in RegulationPage.objects.filter(locale__language_code="zh-hans").live()
    }
    assert set(regulations) == {
        demo_texts.STALLS["slug"],
        demo_texts.GARBAGE["slug"],
        demo_texts.WATERWAYS["slug"],
    }

    # Street stalls: open for comment now, with about forty published opinions.
    stalls = regulations[demo_texts.STALLS["slug"]]
    assert stalls.stage == Stage.CONSULTATION
    assert stalls.is_open_for_comment()
    published = stalls.opinions.filter(status=Opinion.Status.PUBLISHED)
    assert published.count() >= 40
    assert published.filter(show_name=True).exists()
    assert published.exclude(article_id="").exists()
    assert stalls.expert_reviews.count() == 1
    assert client.get(stalls.url, **EN).status_code == 200

    # Garbage sorting: under review, its response published, every opinion answered.
    garbage = regulations[demo_texts.GARBAGE["slug"]]
    assert garbage.stage == Stage.REVIEW
    assert not garbage.is_open_for_comment()
    assert RegulationResponse.objects.filter(regulation=garbage).exists()
    answered = garbage.opinions.filter(status=Opinion.Status.PUBLISHED)
    assert answered.count() == len(demo_texts.GARBAGE_OPINIONS)
    assert not answered.filter(answer__isnull=True).exists()
    assert client.get(garbage.subpage_url("response"), **EN).status_code == 200

    # Waterway protection: in force after a draft, a trial and a final version.
    waterways = regulations[demo_texts.WATERWAYS["slug"]]
    assert waterways.stage == Stage.IN_FORCE
    assert list(waterways.versions.values_list("number", "stage")) == [
        (1, Stage.CONSULTATION),
        (2, Stage.TRIAL),
        (3, Stage.IN_FORCE),
    ]
    compared = client.get(waterways.subpage_url("compare"), **EN)
    assert compared.status_code == 200
    assert "Changes from version 2 to version 3" in compared.content.decode()
    assert client.get(f"{waterways.subpage_url('compare')}?from=1&to=3", **EN).status_code == 200

    call_command("seed_demo")

    assert counts() == first
