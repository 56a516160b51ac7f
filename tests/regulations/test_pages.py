"""The regulation pages as residents use them over HTTP: the draft with its articles, counts and
comment period; the opinion form (for verified residents only, within the period); one's own
opinions and withdrawing them; “I agree”, flags and replies on an article's page; the section
listing regulations by stage. Anonymous readers get pages without a CSRF token (they may be
cached and shared) and never a stale count."""

import datetime
import re
import uuid

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from regulations import services
from regulations.models import (
    Opinion,
    OpinionAgreement,
    OpinionFlag,
    OpinionReply,
    RegulationPage,
)

from .conftest import ARTICLES, CLOSES, OPENS, article_id, committed

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
UNKNOWN_ARTICLE = "00000000-0000-4000-8000-000000000000"


def html(response) -> str:
    return response.content.decode()


def article_section(page: str, number: int) -> str:
    """The part of the regulation page showing article `number`."""
    match = re.search(
        rf'<section class="reg-article" id="article-{number}".*?</section>', page, re.DOTALL
    )
    assert match, f"article {number} is not on the page"
    return match.group(0)


def logged_in(user) -> Client:
    client = Client(**EN)
    client.force_login(user)
    return client


def anonymous() -> Client:
    return Client(**EN)


def form_token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def post_opinion(client, regulation, **data):
    """Fill in and send the opinion form as a browser does (token from the form)."""
    form = html(client.get(regulation.subpage_url("opinion")))
    values = {"token": form_token(form), "article_id": "", "stance": "support", **data}
    with committed():
        return client.post(regulation.subpage_url("opinion"), values)


@pytest.fixture
def resident_client(resident, frozen):
    """Logged in during the comment period (the clock is frozen first)."""
    return logged_in(resident)


@pytest.fixture
def neighbour_client(neighbour, frozen):
    return logged_in(neighbour)


# --- The addresses --------------------------------------------------------------------------------


def test_every_sub_address_is_named_and_keeps_its_published_path(regulation):
    """Links and forms reverse these names; emails and points already sent hold the paths, so
    a name must keep answering the same path."""
    third = article_id(regulation, 3)
    paths = {
        ("text",): "",
        ("article", third): f"articles/{third}/",
        ("opinion",): "opinion/",
        ("mine",): "mine/",
        ("response",): "response/",
        ("compare",): "compare/",
        ("follow",): "follow/",
        ("review",): "review/",
        ("opinion_action", "OP-2026-000001", "withdraw"): "opinions/OP-2026-000001/withdraw/",
    }
    for (name, *args), path in paths.items():
        assert regulation.reverse_subpage(name, args=args) == path
        assert regulation.subpage_url(name, *args) == regulation.url + path
    assert regulation.get_parent().specific.reverse_subpage("listing") == ""


# --- The draft ------------------------------------------------------------------------------------


def test_the_draft_shows_each_article_its_counts_and_where_to_give_an_opinion(
    client, regulation, give, neighbour, frozen
):
    third = article_id(regulation, 3)
    give(article_id=third, stance="support")
    give(article_id=third, stance="support", author=neighbour)
    give(article_id=third, stance="oppose")

    page = html(client.get(regulation.url, **EN))

    for number, (heading, text) in enumerate(ARTICLES, start=1):
        section = article_section(page, number)
        assert f"Article {number}" in section
        assert heading in section
        assert text in section
        assert (
            f'href="{regulation.subpage_url("opinion")}?article={article_id(regulation, number)}"'
            in section
        )
    counted = article_section(page, 3)
    assert "3 opinions" in counted
    assert "2 support" in counted
    assert "1 oppose" in counted
    assert "0 suggest a change" in counted
    assert f'href="{regulation.subpage_url("article", third)}"' in counted
    assert "No opinions yet." in article_section(page, 2)
    assert "Open for comment" in page
    assert "until Dec. 15, 2026, 6 p.m. (China Standard Time)" in page


def test_a_chinese_reader_gets_the_articles_numbered_in_chinese(client, regulation, frozen):
    page = html(client.get(regulation.url, **ZH))

    section = article_section(page, 3)
    assert re.search(r"第\s*3\s*条", section)
    assert "Article 3" not in page
    assert "经营时间" in section
    assert (
        f'href="{regulation.subpage_url("opinion")}?article={article_id(regulation, 3)}"' in section
    )


def test_before_the_period_the_page_says_when_it_opens_and_takes_no_opinion(
    client, regulation, frozen
):
    frozen.move_to(OPENS - datetime.timedelta(seconds=1))

    page = html(client.get(regulation.url, **EN))

    assert "Comments open on Dec. 1, 2026, 9 a.m. (China Standard Time)." in page
    assert "opinion/?article=" not in page
    assert "Give an opinion" not in page


def test_after_closing_the_page_says_so_and_takes_no_opinion(client, regulation, give, frozen):
    give(article_id=article_id(regulation, 3))
    frozen.move_to(CLOSES)

    page = html(client.get(regulation.url, **EN))

    assert "The comment period closed on Dec. 15, 2026, 6 p.m." in page
    assert "Open for comment</strong>" not in page
    assert "opinion/?article=" not in page
    assert "Give an opinion" not in page
    assert "1 opinion" in article_section(page, 3), "the counts stay"


def test_a_regulation_in_force_has_no_comment_period(client, make_regulation):
    in_force = make_regulation(slug="markets", stage=RegulationPage.Stage.IN_FORCE)

    page = html(client.get(in_force.url, **EN))

    assert "Article 3" in page
    assert "Give an opinion" not in page
    assert 'class="callout callout--action period"' not in page
    assert "The comment period closed" not in page


# --- Anonymous readers ----------------------------------------------------------------------------


def test_the_opinion_form_sends_anonymous_readers_to_log_in(client, regulation, frozen):
    response = client.get(
        f"{regulation.subpage_url('opinion')}?article={article_id(regulation, 3)}"
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url

    posted = client.post(regulation.subpage_url("opinion"), {"stance": "support", "text": "好"})
    assert posted.status_code == 302
    assert posted.url.startswith(reverse("account_login"))
    assert Opinion.objects.count() == 0


def test_pages_for_anonymous_readers_hold_no_csrf_token(client, regulation, give, frozen):
    third = article_id(regulation, 3)
    opinion, _ = give(article_id=third)
    services.reply_give(author=opinion.author, opinion=opinion, text="补充一点", token="r")

    for address in (regulation.url, regulation.subpage_url("article", third)):
        first = client.get(address, **EN)
        again = client.get(address, **EN)
        assert first.status_code == again.status_code == 200
        assert "csrfmiddlewaretoken" not in html(first)
        assert "csrfmiddlewaretoken" not in html(again)
    assert "补充一点" in html(again)


def test_an_unverified_account_cannot_give_an_opinion(make_user, regulation, frozen):
    newcomer = logged_in(make_user(email="newcomer@example.org", verified=False))

    response = newcomer.post(
        regulation.subpage_url("opinion"), {"token": "t", "stance": "support", "text": "好"}
    )

    assert response.status_code == 200
    assert "Send my opinion" not in html(response)
    assert Opinion.objects.count() == 0
    form = newcomer.get(regulation.subpage_url("opinion"))
    assert "Send my opinion" not in html(form)


# --- Giving an opinion ----------------------------------------------------------------------------


def test_a_resident_gives_an_opinion_on_article_3(resident_client, regulation, frozen):
    third = article_id(regulation, 3)
    reader = anonymous()
    assert "No opinions yet." in article_section(html(reader.get(regulation.url)), 3)
    form = html(resident_client.get(f"{regulation.subpage_url('opinion')}?article={third}"))
    assert f'<option value="{third}" selected>' in form

    with committed():
        response = resident_client.post(
            regulation.subpage_url("opinion"),
            {
                "token": form_token(form),
                "article_id": third,
                "stance": "oppose",
                "text": "晚上十点太早了，夜市要到十一点。",
            },
        )

    opinion = Opinion.objects.get()
    assert response.status_code == 302
    assert response.url.startswith(regulation.subpage_url("article", third))
    assert (opinion.article_id, opinion.stance, opinion.receipt) == (
        third,
        "oppose",
        f"OP-2026-{opinion.pk:06d}",
    )
    article_page = html(resident_client.get(response.url))
    assert f"Thank you. Your opinion number is {opinion.receipt}." in article_page
    assert "晚上十点太早了，夜市要到十一点。" in article_page
    assert "A resident" in article_page
    assert "resident@example.org" not in article_page
    after = article_section(html(reader.get(regulation.url)), 3)
    assert "1 opinion" in after
    assert "1 oppose" in after


def test_a_resident_who_shows_their_name_is_named(resident, resident_client, regulation, frozen):
    resident.display_name = "Li Hua"
    resident.save(update_fields=["display_name"])
    third = article_id(regulation, 3)

    response = post_opinion(
        resident_client, regulation, article_id=third, text="赞成。", show_name="on"
    )

    page = html(anonymous().get(response.url))
    assert "Li Hua" in page
    assert "A resident" not in page
    assert "resident@example.org" not in page


def test_the_same_form_sent_twice_makes_one_opinion(resident_client, regulation, frozen):
    form = html(resident_client.get(regulation.subpage_url("opinion")))
    data = {"token": form_token(form), "article_id": "", "stance": "support", "text": "好"}

    first = resident_client.post(regulation.subpage_url("opinion"), data)
    again = resident_client.post(regulation.subpage_url("opinion"), data, follow=True)

    assert first.status_code == 302
    assert again.status_code == 200
    assert "We already received this opinion." in html(again)
    assert Opinion.objects.count() == 1


def test_an_opinion_on_the_whole_draft_leads_to_ones_own_opinions(
    resident_client, regulation, frozen
):
    response = post_opinion(resident_client, regulation, text="整体支持。")

    opinion = Opinion.objects.get()
    assert opinion.article_id == ""
    assert response.url == f"{regulation.subpage_url('mine')}#opinion-{opinion.receipt}"
    assert "1 opinion" in html(anonymous().get(regulation.url))


def test_a_pre_moderated_opinion_waits_and_is_not_shown(make_regulation, resident, frozen):
    checked_first = make_regulation(slug="dogs", moderation=RegulationPage.Moderation.PRE)
    third = article_id(checked_first, 3)
    client = logged_in(resident)

    response = post_opinion(client, checked_first, article_id=third, text="待审核的意见")

    assert response.url.startswith(checked_first.subpage_url("mine"))
    mine = html(client.get(response.url))
    assert "It will be shown once a moderator has checked it." in mine
    assert "Waiting for a moderator" in mine
    assert client.get(checked_first.subpage_url("article", third)).status_code == 200
    assert "待审核的意见" not in html(anonymous().get(checked_first.subpage_url("article", third)))
    assert "No opinions yet." in article_section(html(anonymous().get(checked_first.url)), 3)


def test_posting_after_closing_is_refused_and_writes_nothing(resident_client, regulation, frozen):
    form = html(resident_client.get(regulation.subpage_url("opinion")))
    frozen.move_to(CLOSES)

    with committed():
        response = resident_client.post(
            regulation.subpage_url("opinion"),
            {"token": form_token(form), "article_id": "", "stance": "support", "text": "好"},
        )

    assert response.status_code == 400
    assert "The comment period closed on Dec. 15, 2026, 6 p.m." in html(response)
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_opinion_is_refused_with_an_error(resident_client, regulation, frozen, text):
    response = post_opinion(resident_client, regulation, text=text)

    assert response.status_code == 400
    assert "This field is required." in html(response)
    assert Opinion.objects.count() == 0


def test_an_opinion_on_an_unknown_article_is_refused_with_an_error(
    resident_client, regulation, frozen
):
    response = post_opinion(resident_client, regulation, article_id=UNKNOWN_ARTICLE, text="好")

    assert response.status_code == 400
    assert "Select a valid choice." in html(response)
    assert Opinion.objects.count() == 0


def test_an_opinion_over_5000_characters_is_refused(resident_client, regulation, frozen):
    response = post_opinion(resident_client, regulation, text="长" * 5001)

    assert response.status_code == 400
    assert 'class="errorlist"' in html(response)
    assert Opinion.objects.count() == 0


# --- One's own opinions ---------------------------------------------------------------------------


def test_mine_lists_ones_own_opinions_with_receipts_and_a_withdraw_button(
    resident_client, regulation, give, neighbour, frozen
):
    on_article, _ = give(article_id=article_id(regulation, 3), text="关于第三条")
    on_draft, _ = give(text="关于整体")
    theirs, _ = give(author=neighbour, text="邻居的意见")

    page = html(resident_client.get(regulation.subpage_url("mine")))

    for opinion in (on_article, on_draft):
        assert opinion.receipt in page
        assert (
            f'action="{regulation.subpage_url("opinion_action", opinion.receipt, "withdraw")}"'
            in page
        )
    assert "关于第三条" in page
    assert "关于整体" in page
    assert theirs.receipt not in page
    assert "邻居的意见" not in page
    assert "Withdraw this opinion" in page


def test_mine_offers_no_withdrawing_once_the_period_closed(
    resident_client, regulation, give, frozen
):
    opinion, _ = give()
    frozen.move_to(CLOSES)

    page = html(resident_client.get(regulation.subpage_url("mine")))

    assert opinion.receipt in page
    assert "/withdraw/" not in page


def test_mine_is_for_logged_in_residents(client, regulation):
    response = client.get(regulation.subpage_url("mine"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_withdrawing_someone_elses_opinion_is_not_found(neighbour_client, regulation, give, frozen):
    opinion, _ = give()

    response = neighbour_client.post(
        regulation.subpage_url("opinion_action", opinion.receipt, "withdraw")
    )

    assert response.status_code == 404
    assert Opinion.objects.get(pk=opinion.pk).status == Opinion.Status.PUBLISHED


def test_withdrawing_ones_own_opinion(resident_client, regulation, give, frozen):
    third = article_id(regulation, 3)
    opinion, _ = give(article_id=third)

    with committed():
        response = resident_client.post(
            regulation.subpage_url("opinion_action", opinion.receipt, "withdraw")
        )

    assert response.status_code == 302
    assert response.url == regulation.subpage_url("mine")
    assert Opinion.objects.get(pk=opinion.pk).status == Opinion.Status.WITHDRAWN
    mine = html(resident_client.get(response.url))
    assert f"Your opinion {opinion.receipt} is withdrawn." in mine
    assert "Withdrawn" in mine
    assert "No opinions yet." in article_section(html(anonymous().get(regulation.url)), 3)


# --- Acting on an opinion -------------------------------------------------------------------------


def test_agreeing_through_the_article_page(neighbour_client, regulation, give, frozen):
    third = article_id(regulation, 3)
    opinion, _ = give(article_id=third)
    address = regulation.subpage_url("opinion_action", opinion.receipt, "agree")
    assert f'action="{address}"' in html(
        neighbour_client.get(regulation.subpage_url("article", third))
    )

    with committed():
        response = neighbour_client.post(address)
    again = neighbour_client.post(address, follow=True)

    assert response.status_code == 302
    assert response.url == f"{regulation.subpage_url('article', third)}#opinion-{opinion.receipt}"
    assert OpinionAgreement.objects.filter(opinion=opinion).count() == 1
    page = html(again)
    assert "You already agreed with this opinion." in page
    assert "1 person agrees" in page
    assert "You agree" in page
    assert "1 person agrees" in html(anonymous().get(regulation.subpage_url("article", third)))


def test_agreeing_with_ones_own_opinion_shows_an_error(resident_client, regulation, give, frozen):
    opinion, _ = give(article_id=article_id(regulation, 3))

    response = resident_client.post(
        regulation.subpage_url("opinion_action", opinion.receipt, "agree"), follow=True
    )

    assert "You cannot agree with your own opinion." in html(response)
    assert OpinionAgreement.objects.count() == 0


def test_flagging_through_the_article_page(neighbour_client, regulation, give, frozen):
    opinion, _ = give(article_id=article_id(regulation, 3))
    address = regulation.subpage_url("opinion_action", opinion.receipt, "flag")

    first = neighbour_client.post(address, {"reason": "spam"}, follow=True)
    again = neighbour_client.post(address, {"reason": "abuse"}, follow=True)

    assert "Thank you. A moderator will look at this opinion." in html(first)
    assert "You have already reported this opinion; a moderator will look at it." in html(again)
    assert list(OpinionFlag.objects.values_list("reason", flat=True)) == ["spam"]


def test_a_flag_without_a_reason_shows_an_error(neighbour_client, regulation, give, frozen):
    opinion, _ = give(article_id=article_id(regulation, 3))

    response = neighbour_client.post(
        regulation.subpage_url("opinion_action", opinion.receipt, "flag"),
        {"reason": ""},
        follow=True,
    )

    assert "Choose what is wrong with it." in html(response)
    assert OpinionFlag.objects.count() == 0


def test_replying_through_the_article_page(neighbour_client, regulation, give, frozen):
    third = article_id(regulation, 3)
    opinion, _ = give(article_id=third)
    page = html(neighbour_client.get(regulation.subpage_url("article", third)))
    token = re.search(
        rf'action="{regulation.subpage_url("opinion_action", opinion.receipt, "reply")}".*?'
        r'name="token" value="([^"]+)"',
        page,
        re.DOTALL,
    ).group(1)
    data = {"token": token, "text": "我也觉得应该延长。"}

    with committed():
        response = neighbour_client.post(
            regulation.subpage_url("opinion_action", opinion.receipt, "reply"), data
        )
    neighbour_client.post(regulation.subpage_url("opinion_action", opinion.receipt, "reply"), data)

    assert response.status_code == 302
    assert response.url == f"{regulation.subpage_url('article', third)}#opinion-{opinion.receipt}"
    assert OpinionReply.objects.count() == 1
    shown = html(anonymous().get(regulation.subpage_url("article", third)))
    assert "我也觉得应该延长。" in shown
    assert "neighbour@example.org" not in shown


def test_an_empty_reply_shows_an_error(neighbour_client, regulation, give, frozen):
    opinion, _ = give(article_id=article_id(regulation, 3))

    response = neighbour_client.post(
        regulation.subpage_url("opinion_action", opinion.receipt, "reply"),
        {"token": "t", "text": ""},
        follow=True,
    )

    assert "This field is required." in html(response)
    assert OpinionReply.objects.count() == 0


@pytest.mark.parametrize("action", ["agree", "flag", "reply", "withdraw"])
def test_actions_only_take_posts(
    resident_client, neighbour_client, regulation, give, frozen, action
):
    opinion, _ = give()
    client = resident_client if action == "withdraw" else neighbour_client

    response = client.get(regulation.subpage_url("opinion_action", opinion.receipt, action))

    assert response.status_code == 405
    assert Opinion.objects.get(pk=opinion.pk).status == Opinion.Status.PUBLISHED
    assert not OpinionAgreement.objects.exists()
    assert not OpinionFlag.objects.exists()
    assert not OpinionReply.objects.exists()


@pytest.mark.parametrize("action", ["agree", "flag", "reply", "withdraw"])
def test_an_unknown_receipt_is_not_found(neighbour_client, regulation, frozen, action):
    response = neighbour_client.post(
        regulation.subpage_url("opinion_action", "OP-2026-999999", action),
        {"reason": "spam", "text": "好"},
    )

    assert response.status_code == 404


def test_an_opinion_is_acted_on_only_through_its_own_regulation(
    neighbour_client, regulation, make_regulation, give, frozen
):
    other = make_regulation(slug="dogs")
    opinion, _ = give(article_id=article_id(regulation, 3))

    response = neighbour_client.post(other.subpage_url("opinion_action", opinion.receipt, "agree"))

    assert response.status_code == 404
    assert not OpinionAgreement.objects.exists()


def test_opinion_text_is_shown_as_text_not_markup(client, regulation, give, frozen):
    third = article_id(regulation, 3)
    give(article_id=third, text='<script>alert("x")</script> <b>bold</b>')

    page = html(client.get(regulation.subpage_url("article", third), **EN))

    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page


def test_each_opinions_report_form_has_inputs_of_its_own(
    neighbour_client, regulation, give, frozen
):
    """With two opinions on an article, the labels of the second opinion's report form must
    not point at the first opinion's radio buttons: no element id may repeat on the page."""
    third = article_id(regulation, 3)
    give(article_id=third, text="第一条意见")
    give(article_id=third, text="第二条意见")

    page = html(neighbour_client.get(regulation.subpage_url("article", third)))

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert page.count("Report to a moderator") == 2
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_author_sees_why_an_opinion_was_hidden(
    resident_client, regulation, give, moderator, frozen
):
    third = article_id(regulation, 3)
    opinion, _ = give(article_id=third, text="隔壁王某的电话是……")
    services.opinion_hide(moderator=moderator, opinion=opinion, reason="Personal details")

    mine = html(resident_client.get(regulation.subpage_url("mine")))
    shown = html(anonymous().get(regulation.subpage_url("article", third)))

    assert opinion.receipt in mine
    assert "Hidden by a moderator" in mine
    assert "Reason: Personal details" in mine
    assert "隔壁王某的电话是" not in shown
    assert "No opinions yet." in article_section(html(anonymous().get(regulation.url)), 3)


def test_an_article_not_in_the_text_is_not_found(client, regulation):
    assert client.get(regulation.subpage_url("article", UNKNOWN_ARTICLE)).status_code == 404
    assert client.get(regulation.subpage_url("article", uuid.uuid4())).status_code == 404
    assert (
        client.get(regulation.subpage_url("article", article_id(regulation, 3))).status_code == 200
    )


def test_an_article_page_with_a_bad_page_number_still_answers(client, regulation, give, frozen):
    third = article_id(regulation, 3)
    give(article_id=third)

    for page in ("abc", "999", "-1"):
        response = client.get(f"{regulation.subpage_url('article', third)}?page={page}")
        assert response.status_code == 200


# --- The section ----------------------------------------------------------------------------------


@pytest.fixture
def regulations(regulation, make_regulation, give, frozen):
    """Three in consultation (one with two opinions), one on trial, two in force."""
    stalls = regulation
    give(on=stalls)
    give(on=stalls, article_id=article_id(stalls, 1))
    make_regulation(title="养犬管理规定", slug="dogs")
    make_regulation(title="河道保洁办法", slug="river")
    make_regulation(title="夜市试行办法", slug="night-market", stage=RegulationPage.Stage.TRIAL)
    make_regulation(title="垃圾分类办法", slug="sorting", stage=RegulationPage.Stage.IN_FORCE)
    make_regulation(title="停车管理办法", slug="parking", stage=RegulationPage.Stage.IN_FORCE)
    return stalls


def titles(page: str) -> list[str]:
    return re.findall(r'<h2 class="regulation-card__title"><a href="[^"]+">([^<]+)</a>', page)


def tab_counts(page: str) -> dict[str, int]:
    return {
        stage: int(n)
        for stage, n in re.findall(
            r'\?stage=(\w+)"[^>]*>[^<]*<span class="stage-tabs__count">(\d+)</span>', page
        )
    }


def test_the_section_lists_every_regulation_with_stage_tabs_and_counts(
    client, index, regulations, frozen
):
    page = html(client.get(index.url, **EN))

    assert sorted(titles(page)) == sorted(
        [
            "乌镇镇街头便民摊点管理办法",
            "养犬管理规定",
            "河道保洁办法",
            "夜市试行办法",
            "垃圾分类办法",
            "停车管理办法",
        ]
    )
    assert tab_counts(page) == {
        "consultation": 3,
        "review": 0,
        "trial": 1,
        "in_force": 2,
        "archived": 0,
    }
    assert "2 opinions" in page
    assert "comments until Dec. 15, 2026" in page


def test_the_section_filters_by_stage(client, index, regulations, frozen):
    page = html(client.get(f"{index.url}?stage=in_force", **EN))

    assert sorted(titles(page)) == sorted(["垃圾分类办法", "停车管理办法"])
    assert f'href="{index.url}?stage=in_force" aria-current="page"' in page
    assert tab_counts(page)["consultation"] == 3, "the tabs still count every stage"


def test_a_stage_with_no_regulation_says_so(client, index, regulations):
    page = html(client.get(f"{index.url}?stage=archived", **EN))

    assert titles(page) == []
    assert "No regulations at this stage." in page


def test_an_unknown_stage_shows_every_regulation(client, index, regulations):
    page = html(client.get(f"{index.url}?stage=abolished", **EN))

    assert len(titles(page)) == 6
    assert f'href="{index.url}" aria-current="page"' in page


@pytest.mark.parametrize("number", ["abc", "999", "0", ""])
def test_a_bad_page_number_in_the_section_still_answers(client, index, regulations, number):
    response = client.get(f"{index.url}?page={number}", **EN)

    assert response.status_code == 200
    assert len(titles(html(response))) == 6


def test_the_section_count_follows_new_opinions(client, index, regulation, resident, frozen):
    assert "0 opinions" in html(client.get(index.url, **EN))

    post_opinion(logged_in(resident), regulation, text="好")

    assert "1 opinion" in html(client.get(index.url, **EN))


# --- Queries --------------------------------------------------------------------------------------


def test_an_article_page_takes_as_many_queries_for_20_opinions_as_for_5(
    regulation, make_user, neighbour, frozen
):
    third = article_id(regulation, 3)
    address = regulation.subpage_url("article", third)
    authors = [make_user(email=f"resident{n}@example.org") for n in range(20)]
    repliers = [make_user(email=f"replier{n}@example.org") for n in range(2)]

    def add_opinions(people):
        with committed():  # as the requests would: the cached page is dropped on commit
            for author in people:
                add_opinion(author)

    def add_opinion(author):
        opinion, _ = services.opinion_give(
            author=author,
            regulation=regulation,
            article_id=third,
            stance="change",
            text="建议修改。",
            proposed_wording="每日6时至23时。",
            token=uuid.uuid4().hex,
            show_name=True,
        )
        for replier in repliers:
            services.reply_give(
                author=replier, opinion=opinion, text="同意", token=uuid.uuid4().hex
            )
        services.opinion_agree(user=repliers[0], opinion=opinion)

    def queries(client) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200
        return len(captured)

    reader, member = anonymous(), logged_in(neighbour)
    reader.get(address)  # the first request of all stores the site's settings
    add_opinions(authors[:5])
    few = {"anonymous": queries(reader), "logged in": queries(member)}
    assert html(reader.get(address)).count('class="reply"') == 10

    add_opinions(authors[5:])
    many = {"anonymous": queries(reader), "logged in": queries(member)}
    assert html(reader.get(address)).count('class="reply"') == 40

    assert many == few


def test_site_search_finds_a_regulation_by_a_word_inside_an_article(client, regulation):
    """Chinese words inside an article's text are found (character pairs, as for articles)."""
    with committed():
        regulation.save_revision().publish()  # indexed on publish
    results = client.get("/search/", {"q": "盲道"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = results.content.decode()
    assert f'href="{regulation.url}"' in page
    assert "规范摊点经营，方便居民生活。" in page  # its summary under the title
