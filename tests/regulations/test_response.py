"""The government's response to the comments: editors answer every published opinion once the
period has closed (adopted, partly adopted or not adopted, with reasons when not adopted), sum up
what was heard on each article and publish the response once. Commenters are then told the answer
to their opinion, adopted opinions ask for points, and the answers appear on the public pages."""

import datetime
import re
import uuid

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

import pytest

from portal import roles
from portal.models import Notification
from regulations import points, services, tasks
from regulations.models import (
    ArticleSummary,
    Opinion,
    OpinionAnswer,
    RegulationResponse,
)
from rewards.models import Balance, PointEntry, Rule

from .conftest import CLOSES, committed

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ADOPTED = OpinionAnswer.Outcome.ADOPTED
PARTLY = OpinionAnswer.Outcome.PARTLY
NOT_ADOPTED = OpinionAnswer.Outcome.NOT_ADOPTED

REASON_ADOPTED = "经营时间将延长到23时。"
REASON_NOT_ADOPTED = "夜间噪声影响沿河居民休息，暂不延长。"
REASON_PARTLY = "夏季延长一小时，其余季节不变。"
OVERALL = "共收到三条意见，感谢居民参与。"
SUMMARY_3 = "居民主要关心经营时间能否延长。"


# --- Fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture
def editor(make_user):
    return make_user(email="editor@example.org", roles=[roles.EDITOR])


@pytest.fixture
def third(make_user):
    return make_user(email="third@example.org")


def article_of(regulation, number: int) -> str:
    return regulation.articles()[number - 1]["id"]


def opine(
    author, regulation, *, number=None, stance="support", text="摊点应该延长到23时。", **extra
):
    opinion, created = services.opinion_give(
        author=author,
        regulation=regulation,
        stance=stance,
        text=text,
        token=uuid.uuid4().hex,
        article_id=article_of(regulation, number) if number else "",
        **extra,
    )
    assert created
    return opinion


@pytest.fixture
def commented(regulation, resident, neighbour, third, frozen):
    """One published opinion each from three residents, given during the period (two on article
    3, one on the whole draft); then the clock is moved to the closing time."""
    with committed():
        first = opine(resident, regulation, number=3, text="摊点应该延长到23时。")
        second = opine(
            neighbour, regulation, number=3, stance="oppose", text="晚上太吵，不要延长。"
        )
        whole = opine(third, regulation, stance="change", text="建议增加对摊主的培训。")
    frozen.move_to(CLOSES)
    # The receipts sent for the opinions are not what these tests are about.
    Notification.objects.all().delete()
    mail.outbox.clear()
    return first, second, whole


def answers_for(first, second, whole):
    return {
        first.pk: (ADOPTED, REASON_ADOPTED),
        second.pk: (NOT_ADOPTED, REASON_NOT_ADOPTED),
        whole.pk: (PARTLY, REASON_PARTLY),
    }


def save(editor, regulation, answers, summaries=None):
    services.response_save(
        editor=editor, regulation=regulation, answers=answers, summaries=summaries or {}
    )


def html(response) -> str:
    return response.content.decode()


def logged_in(user) -> Client:
    client = Client(**EN)
    client.force_login(user)
    return client


# --- Saving the answers --------------------------------------------------------------------------


def test_the_response_waits_until_the_period_has_closed(commented, editor, regulation, frozen):
    first, _second, _whole = commented
    frozen.move_to(CLOSES - datetime.timedelta(seconds=1))

    with pytest.raises(ValidationError) as refused:
        save(editor, regulation, {first.pk: (ADOPTED, "")})
    assert refused.value.code == "open"
    with pytest.raises(ValidationError) as refused:
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)
    assert refused.value.code == "open"
    assert not OpinionAnswer.objects.exists()

    frozen.move_to(CLOSES)
    save(editor, regulation, {first.pk: (ADOPTED, "")})

    answer = OpinionAnswer.objects.get()
    assert (answer.opinion, answer.outcome, answer.answered_by) == (first, ADOPTED, editor)


def test_only_an_editor_of_the_page_writes_the_response(commented, resident, regulation):
    with pytest.raises(PermissionDenied):
        save(resident, regulation, answers_for(*commented))
    with pytest.raises(PermissionDenied):
        services.response_publish(editor=resident, regulation=regulation, summary=OVERALL)

    assert not OpinionAnswer.objects.exists()
    assert not RegulationResponse.objects.exists()


def test_not_adopting_an_opinion_needs_reasons_and_nothing_is_saved(commented, editor, regulation):
    first, second, whole = commented
    answers = {
        first.pk: (ADOPTED, ""),  # valid: adopting needs no reasons
        second.pk: (NOT_ADOPTED, ""),
        whole.pk: (PARTLY, "   "),
    }

    with pytest.raises(ValidationError) as refused:
        save(editor, regulation, answers, {article_of(regulation, 3): SUMMARY_3})

    assert set(refused.value.message_dict) == {f"reason-{second.pk}", f"reason-{whole.pk}"}
    assert refused.value.message_dict[f"reason-{second.pk}"] == [
        "Give the reasons when an opinion is not adopted."
    ]
    # All or nothing: neither the valid answer nor the summary was saved.
    assert not OpinionAnswer.objects.exists()
    assert not ArticleSummary.objects.exists()


def test_an_unknown_outcome_is_an_error_on_that_opinion(commented, editor, regulation):
    first, _second, _whole = commented

    with pytest.raises(ValidationError) as refused:
        save(editor, regulation, {first.pk: ("maybe", "再说吧")})

    assert set(refused.value.message_dict) == {f"outcome-{first.pk}"}
    assert not OpinionAnswer.objects.exists()


def test_saving_again_changes_the_answer_and_an_empty_outcome_leaves_it_alone(
    commented, editor, regulation
):
    first, second, _whole = commented
    save(editor, regulation, {first.pk: (NOT_ADOPTED, "暂不考虑。")})
    save(editor, regulation, {first.pk: (ADOPTED, REASON_ADOPTED), second.pk: ("", "")})

    answer = OpinionAnswer.objects.get()
    assert (answer.opinion, answer.outcome, answer.reason) == (first, ADOPTED, REASON_ADOPTED)


# --- Publishing ----------------------------------------------------------------------------------


def test_publishing_needs_an_answer_to_every_published_opinion(commented, editor, regulation):
    first, second, whole = commented
    save(editor, regulation, {first.pk: (ADOPTED, REASON_ADOPTED)})

    with pytest.raises(ValidationError) as refused:
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)
    assert refused.value.messages == ["2 opinions have no answer yet."]

    save(editor, regulation, {second.pk: (NOT_ADOPTED, REASON_NOT_ADOPTED)})
    with pytest.raises(ValidationError) as refused:
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)
    assert refused.value.messages == ["1 opinion has no answer yet."]
    assert not RegulationResponse.objects.exists()

    save(editor, regulation, {whole.pk: (PARTLY, REASON_PARTLY)})
    response = services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    assert (response.regulation, response.summary) == (regulation, OVERALL)
    assert response.published_by == editor
    assert response.published_at == CLOSES


def test_publishing_needs_an_overall_summary(commented, editor, regulation):
    save(editor, regulation, answers_for(*commented))

    for summary in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            services.response_publish(editor=editor, regulation=regulation, summary=summary)
        assert "summary" in refused.value.message_dict

    assert not RegulationResponse.objects.exists()


def test_the_response_is_published_once_and_then_answers_are_final(commented, editor, regulation):
    first, _second, _whole = commented
    save(editor, regulation, answers_for(*commented))
    services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    with pytest.raises(ValidationError) as refused:
        services.response_publish(editor=editor, regulation=regulation, summary="第二次")
    assert refused.value.code == "published"
    with pytest.raises(ValidationError) as refused:
        save(editor, regulation, {first.pk: (NOT_ADOPTED, "改主意了。")})
    assert refused.value.code == "published"

    assert RegulationResponse.objects.get().summary == OVERALL
    assert OpinionAnswer.objects.get(opinion=first).outcome == ADOPTED


def test_withdrawn_and_hidden_opinions_need_no_answer(
    regulation, resident, neighbour, make_user, editor, frozen
):
    moderator = make_user(email="moderator@example.org", roles=[roles.MODERATOR])
    kept = opine(resident, regulation, number=1)
    withdrawn = opine(resident, regulation, number=2)
    hidden = opine(neighbour, regulation, number=2, text="广告：高价回收旧手机")
    services.opinion_withdraw(author=resident, opinion=withdrawn)
    services.opinion_hide(moderator=moderator, opinion=hidden, reason="广告")
    frozen.move_to(CLOSES)

    save(editor, regulation, {kept.pk: (ADOPTED, "")})
    services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    assert RegulationResponse.objects.filter(regulation=regulation).exists()


# --- Telling the commenters ----------------------------------------------------------------------


def test_every_commenter_is_told_the_answer_to_their_opinion_once(
    commented, editor, regulation, resident, neighbour, third, monkeypatch
):
    first, second, whole = commented
    resident.language = third.language = "en"
    resident.save(update_fields=["language"])
    third.save(update_fields=["language"])
    awarded = []
    monkeypatch.setattr(points, "award_for_adopted_opinion", awarded.append)
    save(editor, regulation, answers_for(*commented))

    with committed():
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    to_resident = Notification.objects.get(recipient=resident)
    assert to_resident.key == f"opinion-answer:{first.pk}"
    assert first.receipt in to_resident.subject
    assert f"{first.receipt}: Adopted." in to_resident.body
    assert REASON_ADOPTED in to_resident.body
    assert to_resident.url == regulation.subpage_url("mine")
    to_third = Notification.objects.get(recipient=third)
    assert f"{whole.receipt}: Partly adopted." in to_third.body
    assert REASON_PARTLY in to_third.body
    # The neighbour reads Chinese (the default language of an account).
    to_neighbour = Notification.objects.get(recipient=neighbour)
    assert "未采纳" in to_neighbour.body
    assert REASON_NOT_ADOPTED in to_neighbour.body
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [resident.email, neighbour.email, third.email]
    )
    # Points are asked for the adopted and the partly adopted opinion, not the other.
    assert sorted(opinion.pk for opinion in awarded) == sorted([first.pk, whole.pk])

    # A retried task tells nobody twice.
    tasks.response_published(regulation.pk)

    assert Notification.objects.count() == 3
    assert len(mail.outbox) == 3


def test_adopted_and_partly_adopted_opinions_earn_points_once(
    commented, editor, regulation, resident, third
):
    first, second, whole = commented
    save(editor, regulation, answers_for(*commented))
    with committed():
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)
    tasks.response_published(regulation.pk)  # a retried task awards nothing more

    earned = PointEntry.objects.filter(rule__code=points.ADOPTED_RULE)
    assert sorted(earned.values_list("user_id", "source_label", "source")) == sorted(
        [
            (
                resident.pk,
                first.receipt,
                f"{regulation.subpage_url('mine')}#opinion-{first.receipt}",
            ),
            (third.pk, whole.receipt, f"{regulation.subpage_url('mine')}#opinion-{whole.receipt}"),
        ]
    )
    assert (
        Balance.objects.get(user=resident).points
        == Rule.objects.get(code=points.ADOPTED_RULE).points
    )
    assert not PointEntry.objects.filter(source_label=second.receipt).exists()


# --- The public pages ----------------------------------------------------------------------------


def test_answers_are_public_only_once_the_response_is_published(
    commented, editor, regulation, resident, client
):
    first, second, _whole = commented
    third_article = regulation.subpage_url("article", article_of(regulation, 3))
    with committed():
        save(editor, regulation, answers_for(*commented), {article_of(regulation, 3): SUMMARY_3})

    before = html(client.get(third_article, **EN))
    assert first.text in before
    assert "outcome--" not in before
    assert REASON_ADOPTED not in before
    assert REASON_NOT_ADOPTED not in before
    assert client.get(regulation.subpage_url("response"), **EN).status_code == 404
    mine = html(logged_in(resident).get(regulation.subpage_url("mine")))
    assert first.receipt in mine
    assert REASON_ADOPTED not in mine

    with committed():
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    after = html(client.get(third_article, **EN))
    assert re.search(r'<span class="badge outcome outcome--adopted">\s*Adopted\s*</span>', after)
    assert re.search(
        r'<span class="badge outcome outcome--not_adopted">\s*Not adopted\s*</span>', after
    )
    assert REASON_ADOPTED in after
    assert REASON_NOT_ADOPTED in after


def test_the_response_page_shows_each_articles_counts_summary_and_answers(
    commented, editor, regulation, client
):
    first, second, whole = commented
    save(editor, regulation, answers_for(*commented), {article_of(regulation, 3): SUMMARY_3})
    with committed():
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    response = client.get(regulation.subpage_url("response"), **EN)

    assert response.status_code == 200
    page = html(response)
    assert OVERALL in page
    groups = re.findall(r'<section class="reg-article response-group".*?</section>', page, re.S)
    assert len(groups) == 2
    draft, article_3 = groups
    assert "The whole draft" in draft
    assert "1 opinion" in draft
    assert "1 suggest a change" in draft
    assert whole.receipt in draft
    assert REASON_PARTLY in draft
    assert "Article 3" in article_3
    assert "经营时间" in article_3
    assert "2 opinions" in article_3
    assert "1 support" in article_3
    assert "1 oppose" in article_3
    assert SUMMARY_3 in article_3
    assert first.receipt in article_3
    assert second.receipt in article_3
    assert REASON_NOT_ADOPTED in article_3
    assert "@example.org" not in page


def test_the_regulation_page_links_to_the_published_response(commented, editor, regulation, client):
    save(editor, regulation, answers_for(*commented))
    with committed():
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    page = html(client.get(regulation.url, **EN))

    assert "The response to the comments" in page
    assert OVERALL in page
    assert f'href="{regulation.subpage_url("response")}"' in page


def test_mine_shows_the_resident_the_answer_to_their_own_opinion(
    commented, editor, regulation, resident
):
    first, _second, _whole = commented
    save(editor, regulation, answers_for(*commented))
    with committed():
        services.response_publish(editor=editor, regulation=regulation, summary=OVERALL)

    mine = html(logged_in(resident).get(regulation.subpage_url("mine")))

    assert first.receipt in mine
    assert re.search(r'outcome--adopted">\s*Adopted\s*<', mine)
    assert REASON_ADOPTED in mine
    # Only their own opinion's answer.
    assert REASON_NOT_ADOPTED not in mine


# --- The editor's screen in the admin ------------------------------------------------------------


def test_an_editor_answers_and_publishes_in_the_admin(commented, editor, mfa_client, regulation):
    first, second, whole = commented
    client = mfa_client(editor)
    address = reverse("regulations_response", args=[regulation.pk])
    article_3 = article_of(regulation, 3)

    screen = client.get(address)

    assert screen.status_code == 200
    page = html(screen)
    for opinion in commented:
        assert opinion.receipt in page
        assert opinion.text in page
        assert f'name="outcome-{opinion.pk}"' in page
        assert f'name="reason-{opinion.pk}"' in page
    assert 'name="summary-draft"' in page
    assert f'name="summary-{article_3}"' in page

    # Not adopted without reasons: shown again with the error, nothing saved.
    refused = client.post(
        address,
        {f"outcome-{second.pk}": NOT_ADOPTED, f"reason-{second.pk}": "", "save": ""},
    )
    assert refused.status_code == 200
    assert "Give the reasons when an opinion is not adopted." in html(refused)
    assert not OpinionAnswer.objects.exists()

    with committed():
        published = client.post(
            address,
            {
                f"outcome-{first.pk}": ADOPTED,
                f"reason-{first.pk}": REASON_ADOPTED,
                f"outcome-{second.pk}": NOT_ADOPTED,
                f"reason-{second.pk}": REASON_NOT_ADOPTED,
                f"outcome-{whole.pk}": PARTLY,
                f"reason-{whole.pk}": REASON_PARTLY,
                "summary-draft": "关于整体的意见较少。",
                f"summary-{article_3}": SUMMARY_3,
                "overall": OVERALL,
                "publish": "",
            },
        )

    assert published.status_code == 302
    assert published.url == address
    response = RegulationResponse.objects.get(regulation=regulation)
    assert (response.summary, response.published_by) == (OVERALL, editor)
    assert dict(OpinionAnswer.objects.values_list("opinion_id", "outcome")) == {
        first.pk: ADOPTED,
        second.pk: NOT_ADOPTED,
        whole.pk: PARTLY,
    }
    assert dict(regulation.article_summaries.values_list("article_id", "summary")) == {
        "": "关于整体的意见较少。",
        article_3: SUMMARY_3,
    }
    assert Notification.objects.filter(key__startswith="opinion-answer:").count() == 3
    assert "The response was published on" in html(client.get(address))


def test_the_admin_refuses_to_publish_with_unanswered_opinions(
    commented, editor, mfa_client, regulation
):
    first, _second, _whole = commented
    client = mfa_client(editor)
    address = reverse("regulations_response", args=[regulation.pk])

    refused = client.post(
        address,
        {f"outcome-{first.pk}": ADOPTED, "overall": OVERALL, "publish": ""},
        follow=True,
    )

    assert "2 opinions have no answer yet." in html(refused)
    assert not RegulationResponse.objects.exists()
    # The answer given was saved as work in progress.
    assert OpinionAnswer.objects.get().opinion == first


def test_a_resident_cannot_open_the_response_screen(commented, resident, regulation):
    first, _second, _whole = commented
    client = logged_in(resident)
    address = reverse("regulations_response", args=[regulation.pk])

    shown = client.get(address)
    posted = client.post(
        address, {f"outcome-{first.pk}": ADOPTED, "overall": OVERALL, "publish": ""}
    )

    for response in (shown, posted):
        assert response.status_code in (302, 403)
        assert "Response to the comments" not in html(response)
    assert not OpinionAnswer.objects.exists()
    assert not RegulationResponse.objects.exists()


def test_the_page_editor_offers_the_response_and_downloads(editor, mfa_client, regulation):
    client = mfa_client(editor)

    page = html(client.get(reverse("wagtailadmin_pages:edit", args=[regulation.pk])))

    assert "Response to the comments" in page
    assert reverse("regulations_response", args=[regulation.pk]) in page
    assert reverse("regulations_opinions_download", args=[regulation.pk, "csv"]) in page
    assert reverse("regulations_opinions_download", args=[regulation.pk, "xlsx"]) in page


def test_the_response_screen_of_an_unknown_page_is_not_found(editor, mfa_client, regulation):
    client = mfa_client(editor)

    assert client.get(reverse("regulations_response", args=[987654])).status_code == 404


def test_opinions_are_answered_by_their_own_regulation_only(
    commented, editor, make_regulation, regulation
):
    first, _second, _whole = commented
    other = make_regulation(title="另一个办法", slug="another")

    with pytest.raises(ValidationError) as refused:
        save(editor, other, {first.pk: (ADOPTED, "")})

    assert set(refused.value.message_dict) == {f"outcome-{first.pk}"}
    assert not OpinionAnswer.objects.exists()
    assert Opinion.objects.get(pk=first.pk).regulation == regulation


def test_staff_who_cannot_edit_the_page_cannot_respond(
    commented, make_user, mfa_client, regulation
):
    first, _second, _whole = commented
    dispatcher = make_user(email="dispatcher@example.org", roles=[roles.DISPATCHER])
    client = mfa_client(dispatcher)
    address = reverse("regulations_response", args=[regulation.pk])

    shown = client.get(address)
    posted = client.post(
        address, {f"outcome-{first.pk}": ADOPTED, "overall": OVERALL, "publish": ""}
    )

    # Wagtail turns the refusal into a way back to the dashboard, with a message.
    for response in (shown, posted):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not OpinionAnswer.objects.exists()
    assert not RegulationResponse.objects.exists()
