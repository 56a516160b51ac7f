"""A draft regulation from a resident's opinion to the government's answer, in real browsers.

A resident on a phone, reading in Chinese, finds the draft in the "have your say" section, reads
it and taps "发表意见" on article 3; not signed in yet, they sign in and land back on the form with
article 3 chosen; they suggest a change with a proposed wording and get a receipt number. Their
opinion shows on article 3's page without their name, and the draft counts it. The comment period
then closes (in Python, as an editor ending it early would: a new revision with an earlier closing
time, published). An editor signs in to the admin (with the MFA code), opens the regulation, goes
to "Response to the comments" from the page header's actions menu, adopts the opinion with a
reason, writes the summaries and publishes the response. The resident then finds the answer among
"我的意见", the response on the draft's page, and the answer under article 3 on the response page.
axe-core scans the draft, the opinion form and the response page on the phone. The browser console
(CSP violations, failed loads, script errors) of every page, the admin's included, is checked once
at the end, so that an error on one page does not hide what the later steps would show.

The live server runs on the real clock, which cannot be frozen across its thread and the browser:
the draft is open from yesterday until an hour from now, and the period is ended by moving its
closing time into the past, never by waiting.
Screenshots of the key pages go to /tmp/e2e-shots/regulation-*.png for a person to look at.
"""

import datetime
import re
from urllib.parse import quote

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from home.models import HomePage
from portal import roles
from regulations.models import (
    Opinion,
    OpinionAnswer,
    RegulationIndexPage,
    RegulationPage,
    RegulationResponse,
)

from ..regulations.conftest import ARTICLES, article_blocks
from .conftest import NARROW
from .test_accessibility import assert_no_serious_violations
from .test_education_journey import _assert_fits_the_screen, _staff_page
from .town import PASSWORD, make_person, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What a phone set to Simplified Chinese (mainland) sends; the site answers in zh-hans.
PHONE_CHINESE = "zh-CN,zh;q=0.9"
SECTION = "征求意见"
TITLE = "乌镇镇街头便民摊点管理办法"
SUMMARY = "规范摊点经营，方便居民生活。"
HEADING_3, TEXT_3 = ARTICLES[2]  # 经营时间: 便民摊点的经营时间为每日6时至22时。
OPINION = "夏天晚上乘凉的人多，22时收摊太早，建议延长一小时。"
WORDING = "便民摊点的经营时间为每日6时至23时。"
REASON = "采纳。夏季（6月至9月）经营时间延长至23时。"
ARTICLE_SUMMARY = "居民建议夏季延长经营时间。"
OVERALL = "共收到1条意见，已采纳1条。第3条将修改为夏季经营至23时。"
RECEIPT = re.compile(r"OP-\d{4}-\d{6}")


def _open_draft(now) -> RegulationPage:
    """The section under the Chinese home page, and a draft with five articles, open for comment
    from yesterday until an hour from now."""
    home = HomePage.objects.get(depth=2, locale__language_code="zh-hans")
    section = RegulationIndexPage(
        title=SECTION, slug="have-your-say", introduction="逐条阅读规定草案，在定稿前提出意见。"
    )
    home.add_child(instance=section)
    section.save_revision().publish()
    draft = RegulationPage(
        title=TITLE,
        slug="street-stalls",
        issuing_body="乌镇镇人民政府",
        summary=SUMMARY,
        stage=RegulationPage.Stage.CONSULTATION,
        comment_opens_at=now - datetime.timedelta(days=1),
        comment_closes_at=now + datetime.timedelta(hours=1),
        text=article_blocks(),
    )
    section.add_child(instance=draft)
    draft.save_revision().publish()
    return RegulationPage.objects.get(pk=draft.pk)


def _end_the_period(regulation: RegulationPage) -> RegulationPage:
    """What an editor ending the period early does: an earlier closing time, published."""
    regulation = RegulationPage.objects.get(pk=regulation.pk)
    regulation.comment_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    regulation.save_revision().publish()
    regulation = RegulationPage.objects.get(pk=regulation.pk)
    assert not regulation.is_open_for_comment()
    return regulation


def test_an_opinion_is_given_on_a_phone_and_answered_in_the_admin(
    new_page, live_server, console_errors, totp_for
):
    # --- The section, a draft open for comment, a resident and an editor. ----------------------
    regulation = _open_draft(timezone.now())
    assert regulation.is_open_for_comment()
    third = regulation.articles()[2]
    assert (third["number"], third["heading"]) == (3, HEADING_3)
    draft_url = regulation.url
    assert draft_url == "/have-your-say/street-stalls/"
    resident = make_person("mei.lin@example.com", roles=[roles.RESIDENT], display_name="Mei Lin")
    editor = make_person("editor@example.com", roles=[roles.EDITOR], display_name="Sun Li")
    editor_code = totp_for(editor)

    # --- A resident on a phone finds the draft in the section and reads it. --------------------
    phone = new_page(viewport=NARROW, accept_language=PHONE_CHINESE)
    response = phone.goto("/have-your-say/")
    assert response.status == 200, f"the section answered {response.status}"
    expect(phone.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(phone.get_by_role("heading", level=1)).to_have_text(SECTION)
    card = phone.locator(".regulation-card", has_text=TITLE)
    expect(card.locator(".badge.stage")).to_have_text("征求意见中")
    expect(card).to_contain_text("0 条意见")
    _assert_fits_the_screen(phone)
    shot(phone, "regulation-01-resident-section-360-zh")
    card.get_by_role("link", name=TITLE).click()

    expect(phone).to_have_url(live_server.url + draft_url)
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.locator(".period")).to_contain_text("征求意见中")
    articles = phone.locator("section.reg-article")
    expect(articles).to_have_count(5)
    article_3 = phone.locator("section#article-3")
    expect(article_3.get_by_role("heading", level=2)).to_have_text(f"第3条 {HEADING_3}")
    expect(article_3.locator(".reg-article__text")).to_have_text(TEXT_3)
    expect(article_3.locator(".opinion-counts")).to_have_text("还没有意见。")
    give = article_3.get_by_role("link", name=re.compile(r"^发表意见"))
    expect(give).to_have_attribute(
        "href", f"{regulation.subpage_url('opinion')}?article={third['id']}"
    )
    _assert_fits_the_screen(phone)
    shot(phone, "regulation-02-resident-draft-360-zh")
    phone.wait_for_load_state("load")
    assert_no_serious_violations(phone)

    # --- "发表意见" on article 3: sign in first, then back on the form, article 3 chosen. -------
    give.click()
    expect(phone).to_have_url(
        re.compile(r"/accounts/login/\?next=" + re.escape(quote(regulation.subpage_url("opinion"))))
    )
    expect(phone.locator("html")).to_have_attribute("lang", "zh-hans")
    shot(phone, "regulation-03-resident-login-360-zh")
    login = phone.locator("main form.form")
    login.locator('input[name="login"]').fill(resident.email)
    login.locator('input[name="password"]').fill(PASSWORD)
    login.locator("button[type=submit]").click()

    expect(phone).to_have_url(
        live_server.url + f"{regulation.subpage_url('opinion')}?article={third['id']}"
    )
    expect(phone.get_by_role("heading", level=1)).to_have_text("发表意见")
    form = phone.locator("form.opinion-form")
    expect(form.get_by_label("针对")).to_have_value(third["id"])
    expect(form.locator("select[name=article_id] option:checked")).to_have_text(
        f"第3条 {HEADING_3}"
    )
    phone.wait_for_load_state("load")
    assert_no_serious_violations(phone)
    form.get_by_label("建议修改", exact=True).check()
    form.get_by_label(re.compile(r"^您的意见")).fill(OPINION)
    form.get_by_label("您建议的条文（可选）").fill(WORDING)
    expect(form.get_by_label("意见旁显示我的名字")).not_to_be_checked()
    _assert_fits_the_screen(phone)
    shot(phone, "regulation-04-resident-opinion-form-360-zh")
    form.get_by_role("button", name="提交意见").click()

    # --- The receipt, and the opinion on article 3's page as "一位居民". --------------------------
    opinion = Opinion.objects.get(regulation=regulation)
    assert RECEIPT.fullmatch(opinion.receipt), opinion.receipt
    assert (opinion.article_id, opinion.stance) == (third["id"], Opinion.Stance.CHANGE)
    assert (opinion.text, opinion.proposed_wording) == (OPINION, WORDING)
    assert opinion.status == Opinion.Status.PUBLISHED and not opinion.show_name
    assert opinion.author == resident
    expect(phone).to_have_url(
        live_server.url
        + f"{regulation.subpage_url('article', third['id'])}#opinion-{opinion.receipt}"
    )
    expect(phone.locator(".messages")).to_have_text(f"谢谢。您的意见回执编号为 {opinion.receipt}。")
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"第3条 {HEADING_3}")
    shown = phone.locator(f"li#opinion-{opinion.receipt}")
    expect(shown.locator(".opinion__author")).to_have_text("一位居民")
    expect(shown.locator(".badge.stance")).to_have_text("建议修改")
    expect(shown.locator(".opinion__text")).to_have_text(OPINION)
    expect(shown.locator(".opinion__proposal")).to_contain_text(WORDING)
    main = phone.locator("main")
    expect(main).not_to_contain_text(resident.email)
    expect(main).not_to_contain_text(resident.display_name)
    expect(phone.locator(".reg-article--single .opinion-counts")).to_contain_text("1 条意见")
    _assert_fits_the_screen(phone)
    shot(phone, "regulation-05-resident-article-3-360-zh")

    # --- Back on the draft: article 3 counts one opinion, a suggested change. ------------------
    phone.locator(".breadcrumbs").get_by_role("link", name=TITLE).click()
    expect(phone).to_have_url(live_server.url + f"{draft_url}#article-3")
    counts = article_3.locator(".opinion-counts")
    expect(counts).to_contain_text("1 条意见")
    expect(counts.locator(".stance--change")).to_have_text("1 建议修改")
    expect(counts.locator(".stance--support")).to_have_text("0 支持")
    expect(counts.locator(".stance--oppose")).to_have_text("0 反对")
    expect(article_3.get_by_role("link", name="查看意见")).to_have_attribute(
        "href", regulation.subpage_url("article", third["id"])
    )
    for other in (1, 2, 4, 5):
        expect(phone.locator(f"section#article-{other} .opinion-counts")).to_have_text(
            "还没有意见。"
        )
    expect(phone.get_by_role("link", name="我的意见（1）")).to_have_attribute(
        "href", regulation.subpage_url("mine")
    )
    shot(phone, "regulation-06-resident-draft-counted-360-zh")

    # --- The period closes: no more "发表意见". ---------------------------------------------------
    regulation = _end_the_period(regulation)
    phone.reload()
    expect(phone.locator(".period")).to_contain_text("意见征集已于")
    expect(phone.get_by_role("link", name=re.compile(r"发表意见"))).to_have_count(0)

    # --- The editor answers the opinion in the admin and publishes the response. ---------------
    desk = _staff_page(
        new_page, editor, editor_code, next_url=f"/admin/pages/{regulation.pk}/edit/"
    )
    header = desk.locator("header", has=desk.get_by_role("heading", level=1))
    header.get_by_role("button", name="Actions", exact=True).click()
    respond = header.get_by_role("link", name="Response to the comments", exact=True)
    expect(respond).to_be_visible()
    shot(desk, "regulation-07-editor-actions", full_page=False)
    respond.click()

    expect(desk).to_have_url(live_server.url + f"/admin/regulations/{regulation.pk}/response/")
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Response to the comments")
    expect(desk.locator("main")).not_to_contain_text("The comment period is still open")
    group = desk.locator("main section", has=desk.get_by_role("heading", level=2))
    expect(group).to_have_count(1)  # only article 3 has an opinion
    expect(group.get_by_role("heading", level=2)).to_have_text(f"Article 3 {HEADING_3}")
    expect(group).to_contain_text("1 opinions: 0 support, 0 oppose, 1 suggest a change.")
    answer_box = group.locator("fieldset", has_text=opinion.receipt)
    expect(answer_box).to_contain_text(OPINION)
    expect(answer_box).to_contain_text(WORDING)
    outcome = desk.locator(f"select[name='outcome-{opinion.pk}']")
    outcome.select_option(label="Adopted")
    desk.locator(f"textarea[name='reason-{opinion.pk}']").fill(REASON)
    desk.locator(f"textarea[name='summary-{third['id']}']").fill(ARTICLE_SUMMARY)
    desk.locator("textarea[name='overall']").fill(OVERALL)
    shot(desk, "regulation-08-editor-response-filled")
    desk.get_by_role("button", name="Save and publish the response").click()

    expect(desk.locator(".messages")).to_contain_text(
        "The response is published; every commenter is being told the answer."
    )
    expect(desk).to_have_url(live_server.url + f"/admin/regulations/{regulation.pk}/response/")
    expect(desk.locator("main")).to_contain_text("The response was published on")
    expect(outcome).to_be_disabled()
    expect(outcome).to_have_value(OpinionAnswer.Outcome.ADOPTED)
    expect(desk.get_by_role("button", name="Save and publish the response")).to_have_count(0)
    shot(desk, "regulation-09-editor-response-published")
    published = RegulationResponse.objects.get(regulation=regulation)
    assert (published.summary, published.published_by) == (OVERALL, editor)
    answer = OpinionAnswer.objects.get(opinion=opinion)
    assert (answer.outcome, answer.reason, answer.answered_by) == ("adopted", REASON, editor)

    # --- The resident finds the answer: among their opinions, ... -------------------------------
    phone.goto(regulation.subpage_url("mine"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("我的意见")
    mine = phone.locator(f"li#opinion-{opinion.receipt}")
    expect(mine.locator(".opinion__head")).to_contain_text(opinion.receipt)
    expect(mine.locator(".opinion__head")).to_contain_text("第3条")
    expect(mine.locator(".badge.outcome")).to_have_text("采纳")
    expect(mine.locator(".answer")).to_contain_text(REASON)
    expect(mine.get_by_role("button", name="撤回这条意见")).to_have_count(0)
    _assert_fits_the_screen(phone)
    shot(phone, "regulation-10-resident-mine-answered-360-zh")

    # ... on the draft's page, and on the response page under article 3. ------------------------
    phone.goto(draft_url)
    box = phone.locator(".response-box")
    expect(box.get_by_role("heading", level=2)).to_have_text("意见采纳情况")
    expect(box).to_contain_text(OVERALL)
    see_all = box.get_by_role("link", name="查看对每条意见的答复")
    expect(see_all).to_have_attribute("href", regulation.subpage_url("response"))
    _assert_fits_the_screen(phone)
    shot(phone, "regulation-11-resident-draft-response-360-zh")
    see_all.click()

    expect(phone).to_have_url(live_server.url + regulation.subpage_url("response"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("意见采纳情况")
    expect(phone.locator("main .prose")).to_have_text(OVERALL)
    groups = phone.locator("section.response-group")
    expect(groups).to_have_count(1)
    answered = groups.first
    expect(answered.get_by_role("heading", level=2)).to_have_text(f"第3条 {HEADING_3}")
    expect(answered.locator(".response-group__summary")).to_contain_text(ARTICLE_SUMMARY)
    answers = answered.locator("details.response-group__opinions")
    answers.locator("summary").click()
    expect(answers).to_have_attribute("open", "")
    reply = answers.locator(f"li#opinion-{opinion.receipt}")
    expect(reply).to_be_visible()
    expect(reply.locator(".opinion__author")).to_have_text("一位居民")
    expect(reply.locator(".opinion__text")).to_have_text(OPINION)
    expect(reply.locator(".badge.outcome")).to_have_text("采纳")
    expect(reply.locator(".answer")).to_contain_text(REASON)
    expect(phone.locator("main")).not_to_contain_text(resident.email)
    _assert_fits_the_screen(phone)
    shot(phone, "regulation-12-resident-response-360-zh")
    phone.wait_for_load_state("load")
    assert_no_serious_violations(phone)
    console_errors.assert_none()
