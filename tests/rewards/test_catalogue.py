"""The catalogue in the reader's language: a reward's description is kept in Chinese and English,
and each reader gets theirs, or the other where there is none (marked with its language)."""

from django.urls import reverse

import pytest

from rewards.models import Reward
from tests.page_tree import Page

pytestmark = pytest.mark.django_db

PONCHO_ZH = "到村（社区）便民服务中心领取。"
PONCHO_EN = "Collect it at your village or community service centre."


def card_of(client, name: str, language: str):
    html = client.get(reverse("rewards:catalogue"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    cards = [
        card
        for card in Page(html).root.find_all("li", class_="reward-card")
        if card.find("h2", class_="reward-card__title").text == name
    ]
    assert len(cards) == 1, name
    return cards[0]


def description_of(card):
    """The card's description paragraph (the one with a language of its own) and its language."""
    found = [p for p in card.find_all("p") if "lang" in p.attrs]
    assert len(found) == 1
    return found[0].text, found[0].attrs["lang"]


@pytest.fixture
def poncho(db):
    return Reward.objects.create(
        name="雨衣",
        name_en="Rain poncho",
        kind=Reward.Kind.GOODS,
        cost=60,
        stock=5,
        description=PONCHO_ZH,
        description_en=PONCHO_EN,
    )


def test_an_english_reader_reads_the_english_description_only(client, poncho):
    card = card_of(client, "Rain poncho", "en")

    assert description_of(card) == (PONCHO_EN, "en")
    assert PONCHO_ZH not in card.text


def test_a_chinese_reader_reads_the_chinese_description_only(client, poncho):
    card = card_of(client, "雨衣", "zh-hans")

    assert description_of(card) == (PONCHO_ZH, "zh-hans")
    assert PONCHO_EN not in card.text


def test_without_an_english_description_english_readers_get_the_chinese_one_marked_chinese(
    client, poncho
):
    poncho.description_en = ""
    poncho.save()

    assert description_of(card_of(client, "Rain poncho", "en")) == (PONCHO_ZH, "zh-hans")


def test_without_a_chinese_description_chinese_readers_get_the_english_one_marked_english(
    client, poncho
):
    poncho.description = ""
    poncho.save()

    assert description_of(card_of(client, "雨衣", "zh-hans")) == (PONCHO_EN, "en")


def test_a_reward_without_any_description_shows_none(client, poncho):
    poncho.description = poncho.description_en = ""
    poncho.save()

    card = card_of(client, "Rain poncho", "en")
    assert [p for p in card.find_all("p") if "lang" in p.attrs] == []


def test_every_demo_reward_has_both_descriptions():
    from rewards.demo import CATALOGUE

    for name, name_en, *_numbers, description, description_en in CATALOGUE:
        assert description and description_en, name
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in description_en + name_en), name
