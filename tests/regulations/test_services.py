"""The rules of taking part in a draft regulation, as the services enforce them: opinions only
inside the comment period (its opening included, its closing excluded), on an article of the
current version, from a verified account, once per form; withdrawing, “I agree”, flags and
replies; moderation and what the author is told; versions recorded on publishing; and the
per-article counts readers see. A refusal writes nothing."""

import datetime
import re

from django.core import mail
from django.core.exceptions import ValidationError

import pytest

from portal.models import Notification
from regulations import selectors, services, tasks
from regulations.models import (
    Opinion,
    OpinionAgreement,
    OpinionFlag,
    OpinionReply,
    RegulationPage,
)
from regulations.models.opinions import MAX_TEXT

from .conftest import (
    ARTICLES,
    CLOSES,
    CST,
    DURING,
    OPENS,
    article_blocks,
    article_id,
    committed,
    publish,
)

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)
Status = Opinion.Status


def refusal(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def codes(error: ValidationError) -> set:
    """Every code a ValidationError carries, whether it is a list or a dict of fields."""
    found = {getattr(error, "code", None)}
    if hasattr(error, "error_dict"):
        found |= {e.code for errors in error.error_dict.values() for e in errors}
    else:
        found |= {e.code for e in error.error_list}
    return found - {None}


def notifications_to(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


# --- The comment period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [OPENS, OPENS + SECOND, CLOSES - SECOND],
    ids=["exactly-at-opening", "just-after-opening", "one-second-before-closing"],
)
def test_opinions_are_accepted_from_the_opening_until_just_before_closing(give, frozen, moment):
    frozen.move_to(moment)

    opinion, created = give()

    assert created
    assert Opinion.objects.get() == opinion
    assert opinion.status == Status.PUBLISHED


@pytest.mark.parametrize(
    "moment",
    [OPENS - SECOND, CLOSES, CLOSES + SECOND],
    ids=["one-second-before-opening", "exactly-at-closing", "one-second-after-closing"],
)
def test_opinions_are_refused_outside_the_period_and_nothing_is_written(give, frozen, moment):
    frozen.move_to(moment)

    error = refusal(give)

    assert codes(error) == {"closed"}
    assert "closed" in error.messages[0]
    assert Opinion.objects.count() == 0


def test_a_regulation_no_longer_in_consultation_takes_no_opinions(regulation, give, frozen):
    regulation.stage = RegulationPage.Stage.REVIEW
    publish(regulation)

    assert codes(refusal(give)) == {"closed"}
    assert Opinion.objects.count() == 0


# --- Giving an opinion ----------------------------------------------------------------------------


def test_an_opinion_on_one_article_or_on_the_whole_draft(regulation, give, frozen):
    on_article, _ = give(article_id=article_id(regulation, 3), stance="oppose")
    on_draft, _ = give(article_id="", stance="change", proposed_wording="  每日6时至23时。 ")

    assert (on_article.article_id, on_article.stance) == (article_id(regulation, 3), "oppose")
    assert (on_draft.article_id, on_draft.stance) == ("", "change")
    assert on_draft.proposed_wording == "每日6时至23时。"
    assert on_article.version == on_draft.version == regulation.versions.get()


def test_an_opinion_on_an_article_not_in_the_text_is_refused(give, frozen):
    error = refusal(give, article_id="00000000-0000-4000-8000-000000000000")

    assert error.message_dict == {
        "article_id": ["That article is not in the current version of the draft."]
    }
    assert Opinion.objects.count() == 0


def test_the_unknown_article_refusal_carries_its_code(give, frozen):
    """The service raises it with code "unknown_article", for callers that tell refusals apart."""
    error = refusal(give, article_id="00000000-0000-4000-8000-000000000000")

    assert "unknown_article" in codes(error)


def test_an_article_dropped_from_the_current_version_takes_no_more_opinions(
    regulation, give, frozen
):
    dropped = article_id(regulation, 5)
    ids = [a["id"] for a in regulation.articles()]
    regulation.text = article_blocks(ARTICLES[:4], ids=ids[:4])
    publish(regulation)
    assert regulation.versions.count() == 2

    error = refusal(give, article_id=dropped)

    assert "article_id" in error.message_dict
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("stance", ["", "maybe", "SUPPORT"])
def test_a_stance_other_than_support_oppose_or_change_is_refused(give, frozen, stance):
    error = refusal(give, stance=stance)

    assert list(error.message_dict) == ["stance"]
    assert Opinion.objects.count() == 0


@pytest.mark.parametrize("text", ["", "   \n\t  ", None])
def test_an_empty_opinion_is_refused(give, frozen, text):
    error = refusal(give, text=text)

    assert error.message_dict == {"text": ["This cannot be empty."]}
    assert Opinion.objects.count() == 0


def test_an_opinion_of_5000_characters_is_accepted_and_5001_refused(give, frozen):
    assert MAX_TEXT == 5000

    error = refusal(give, text="长" * 5001)
    assert error.message_dict == {"text": ["At most 5000 characters, please."]}
    assert Opinion.objects.count() == 0

    opinion, created = give(text="长" * 5000)
    assert created
    assert len(Opinion.objects.get(pk=opinion.pk).text) == 5000


def test_surrounding_spaces_do_not_count_towards_the_limit(give, frozen):
    opinion, _ = give(text=f"  {'长' * 5000}\n")

    assert opinion.text == "长" * 5000


def test_proposed_wording_over_the_limit_is_refused(give, frozen):
    error = refusal(give, stance="change", proposed_wording="改" * 5001)

    assert list(error.message_dict) == ["proposed_wording"]
    assert Opinion.objects.count() == 0


def test_an_unverified_account_cannot_give_an_opinion(make_user, give, frozen):
    newcomer = make_user(email="newcomer@example.org", verified=False)

    error = refusal(give, author=newcomer)

    assert codes(error) == {"unverified"}
    assert Opinion.objects.count() == 0


def test_the_same_form_sent_twice_makes_one_opinion(give, frozen):
    first, first_created = give(token="form-1")
    again, again_created = give(token="form-1", text="A different text in the second request")

    assert (first_created, again_created) == (True, False)
    assert again == first
    assert again.text == first.text
    assert Opinion.objects.count() == 1


def test_the_same_token_from_two_people_makes_two_opinions(give, neighbour, frozen):
    mine, _ = give(token="form-1")
    theirs, created = give(token="form-1", author=neighbour)

    assert created
    assert mine != theirs
    assert Opinion.objects.count() == 2


def test_each_opinion_gets_its_own_receipt_number(give, frozen):
    first, _ = give()
    second, _ = give()

    assert re.fullmatch(r"OP-2026-\d{6}", first.receipt)
    assert first.receipt == f"OP-2026-{first.pk:06d}"
    assert second.receipt != first.receipt
    assert Opinion.objects.get(pk=first.pk).receipt == first.receipt


def test_the_receipt_year_is_the_year_in_china(make_regulation, give, frozen):
    """An opinion given at 07:00 on 1 January 2027 in Wuzhen (still 31 December in UTC) is an
    opinion of 2027, as case numbers are (WZ-YYYY uses the local year)."""
    over_new_year = make_regulation(
        slug="fireworks",
        comment_opens_at=datetime.datetime(2026, 12, 20, 9, 0, tzinfo=CST),
        comment_closes_at=datetime.datetime(2027, 1, 10, 18, 0, tzinfo=CST),
    )
    frozen.move_to(datetime.datetime(2027, 1, 1, 7, 0, tzinfo=CST))

    opinion, _ = give(on=over_new_year)

    assert opinion.receipt == f"OP-2027-{opinion.pk:06d}"


def test_a_post_moderated_draft_publishes_at_once_a_pre_moderated_one_waits(
    regulation, make_regulation, give, frozen
):
    checked_first = make_regulation(slug="dogs", moderation=RegulationPage.Moderation.PRE)

    shown, _ = give()
    waiting, _ = give(on=checked_first)

    assert shown.status == Status.PUBLISHED
    assert waiting.status == Status.PENDING
    assert selectors.article_counts(checked_first) == {}


def speaks(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def test_the_author_is_told_the_receipt_number_once(give, resident, frozen):
    speaks(resident, "en")
    with committed():
        opinion, _ = give()
        assert notifications_to(resident) == [], "nobody is told before the commit"
    with committed():
        give(token=opinion.submission_token)  # the same form again

    [notification] = notifications_to(resident)
    assert notification.subject == f"We received your opinion {opinion.receipt}"
    assert "乌镇镇街头便民摊点管理办法" in notification.body
    assert notification.url.endswith("/street-stalls/mine/")
    assert [message.to for message in mail.outbox] == [["resident@example.org"]]
    assert opinion.receipt in mail.outbox[0].subject


def test_the_receipt_is_in_the_authors_language(give, resident, frozen):
    speaks(resident, "zh-hans")
    with committed():
        opinion, _ = give()

    [notification] = notifications_to(resident)
    assert opinion.receipt in notification.subject
    assert "We received" not in notification.subject
    assert re.search(r"[\u4e00-\u9fff]", notification.subject), "the subject is in Chinese"


def test_a_refused_opinion_tells_nobody(give, resident, frozen):
    frozen.move_to(CLOSES)
    with committed():
        refusal(give)

    assert notifications_to(resident) == []
    assert mail.outbox == []


# --- Withdrawing ----------------------------------------------------------------------------------


def test_the_author_withdraws_an_opinion_during_the_period(regulation, give, resident, frozen):
    on = article_id(regulation, 3)
    opinion, _ = give(article_id=on)
    assert selectors.article_counts(regulation)[on]["total"] == 1

    withdrawn = services.opinion_withdraw(author=resident, opinion=opinion)

    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.withdrawn_at == DURING
    assert Opinion.objects.get(pk=opinion.pk).status == Status.WITHDRAWN
    assert on not in selectors.article_counts(regulation)
    assert not selectors.public_opinions(regulation, on).exists()
    assert withdrawn.receipt == opinion.receipt, "the row and its receipt stay"


def test_a_pending_opinion_can_be_withdrawn_too(make_regulation, give, resident, frozen):
    checked_first = make_regulation(slug="dogs", moderation=RegulationPage.Moderation.PRE)
    opinion, _ = give(on=checked_first)

    assert services.opinion_withdraw(author=resident, opinion=opinion).status == Status.WITHDRAWN


def test_no_withdrawing_after_the_period_closes(give, resident, frozen):
    opinion, _ = give()
    frozen.move_to(CLOSES)

    error = refusal(services.opinion_withdraw, author=resident, opinion=opinion)

    assert codes(error) == {"closed"}
    assert Opinion.objects.get(pk=opinion.pk).status == Status.PUBLISHED


def test_withdrawing_twice_is_refused(give, resident, frozen):
    opinion, _ = give()
    services.opinion_withdraw(author=resident, opinion=opinion)
    frozen.shift(60)

    error = refusal(services.opinion_withdraw, author=resident, opinion=opinion)

    assert codes(error) == {"status"}
    assert error.messages == ["This opinion cannot be withdrawn any more."]
    assert Opinion.objects.get(pk=opinion.pk).withdrawn_at == DURING


def test_a_hidden_opinion_cannot_be_withdrawn(give, resident, moderator, frozen):
    opinion, _ = give()
    services.opinion_hide(moderator=moderator, opinion=opinion, reason="Personal details")

    refusal(services.opinion_withdraw, author=resident, opinion=opinion)

    assert Opinion.objects.get(pk=opinion.pk).status == Status.HIDDEN


def test_nobody_withdraws_someone_elses_opinion(give, neighbour, frozen):
    opinion, _ = give()

    with pytest.raises(Opinion.DoesNotExist):
        services.opinion_withdraw(author=neighbour, opinion=opinion)

    assert Opinion.objects.get(pk=opinion.pk).status == Status.PUBLISHED


# --- “I agree” ------------------------------------------------------------------------------------


def test_agreeing_is_counted_once(regulation, give, neighbour, frozen):
    on = article_id(regulation, 2)
    opinion, _ = give(article_id=on)

    assert services.opinion_agree(user=neighbour, opinion=opinion) is True
    assert services.opinion_agree(user=neighbour, opinion=opinion) is False

    assert OpinionAgreement.objects.filter(opinion=opinion).count() == 1
    assert selectors.public_opinions(regulation, on).get().agree_count == 1
    assert selectors.agreed_ids(neighbour, [opinion]) == {opinion.pk}


def test_nobody_agrees_with_their_own_opinion(give, resident, frozen):
    opinion, _ = give()

    error = refusal(services.opinion_agree, user=resident, opinion=opinion)

    assert codes(error) == {"own"}
    assert OpinionAgreement.objects.count() == 0


def test_nobody_agrees_with_a_hidden_or_withdrawn_opinion(
    give, resident, neighbour, moderator, frozen
):
    hidden, _ = give()
    services.opinion_hide(moderator=moderator, opinion=hidden, reason="Off topic")
    withdrawn, _ = give()
    services.opinion_withdraw(author=resident, opinion=withdrawn)

    for opinion in (hidden, withdrawn):
        error = refusal(services.opinion_agree, user=neighbour, opinion=opinion)
        assert codes(error) == {"not_published"}
    assert OpinionAgreement.objects.count() == 0


def test_an_unverified_account_cannot_agree(make_user, give, frozen):
    opinion, _ = give()
    newcomer = make_user(email="newcomer@example.org", verified=False)

    assert codes(refusal(services.opinion_agree, user=newcomer, opinion=opinion)) == {"unverified"}
    assert OpinionAgreement.objects.count() == 0


# --- Flags ----------------------------------------------------------------------------------------


def test_an_opinion_is_flagged_once_per_person(give, neighbour, frozen):
    opinion, _ = give()

    flag = services.opinion_flag(user=neighbour, opinion=opinion, reason="spam")
    error = refusal(services.opinion_flag, user=neighbour, opinion=opinion, reason="abuse")

    assert (flag.opinion, flag.user, flag.reason, flag.resolved_at) == (
        opinion,
        neighbour,
        "spam",
        None,
    )
    assert codes(error) == {"already_flagged"}
    assert error.messages == [
        "You have already reported this opinion; a moderator will look at it."
    ]
    assert list(OpinionFlag.objects.values_list("reason", flat=True)) == ["spam"]


def test_a_flag_needs_a_known_reason(give, neighbour, frozen):
    opinion, _ = give()

    error = refusal(services.opinion_flag, user=neighbour, opinion=opinion, reason="boring")

    assert list(error.message_dict) == ["reason"]
    assert OpinionFlag.objects.count() == 0


# --- Replies --------------------------------------------------------------------------------------


def test_a_reply_to_a_published_opinion(give, neighbour, frozen):
    opinion, _ = give()

    reply, created = services.reply_give(
        author=neighbour, opinion=opinion, text="  我同意，晚上也需要。 ", token="reply-1"
    )

    assert created
    assert (reply.opinion, reply.author, reply.text) == (opinion, neighbour, "我同意，晚上也需要。")
    assert list(opinion.replies.all()) == [reply]


def test_the_same_reply_form_sent_twice_makes_one_reply(give, neighbour, frozen):
    opinion, _ = give()

    first, first_created = services.reply_give(
        author=neighbour, opinion=opinion, text="同意", token="reply-1"
    )
    again, again_created = services.reply_give(
        author=neighbour, opinion=opinion, text="同意", token="reply-1"
    )

    assert (first_created, again_created) == (True, False)
    assert again == first
    assert OpinionReply.objects.count() == 1


def test_no_reply_to_a_hidden_or_withdrawn_opinion(give, resident, neighbour, moderator, frozen):
    hidden, _ = give()
    services.opinion_hide(moderator=moderator, opinion=hidden, reason="Advertising")
    withdrawn, _ = give()
    services.opinion_withdraw(author=resident, opinion=withdrawn)

    for opinion in (hidden, withdrawn):
        error = refusal(
            services.reply_give, author=neighbour, opinion=opinion, text="同意", token="t"
        )
        assert codes(error) == {"not_published"}
    assert OpinionReply.objects.count() == 0


def test_no_reply_after_the_period_closes(give, neighbour, frozen):
    opinion, _ = give()
    frozen.move_to(CLOSES)

    error = refusal(services.reply_give, author=neighbour, opinion=opinion, text="同意", token="t")

    assert codes(error) == {"closed"}
    assert OpinionReply.objects.count() == 0


def test_an_empty_or_too_long_reply_is_refused(give, neighbour, frozen):
    opinion, _ = give()

    empty = refusal(services.reply_give, author=neighbour, opinion=opinion, text=" ", token="a")
    long = refusal(
        services.reply_give, author=neighbour, opinion=opinion, text="长" * 2001, token="b"
    )

    assert list(empty.message_dict) == list(long.message_dict) == ["text"]
    assert OpinionReply.objects.count() == 0


# --- Moderation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_hiding_needs_a_reason(give, moderator, frozen, reason):
    opinion, _ = give()

    error = refusal(services.opinion_hide, moderator=moderator, opinion=opinion, reason=reason)

    assert list(error.message_dict) == ["reason"]
    opinion.refresh_from_db()
    assert (opinion.status, opinion.hidden_reason, opinion.moderated_by) == (
        Status.PUBLISHED,
        "",
        None,
    )


def test_hiding_resolves_the_flags_and_tells_the_author_why_once(
    regulation, give, resident, neighbour, moderator, frozen
):
    speaks(resident, "en")
    on = article_id(regulation, 1)
    with committed():
        opinion, _ = give(article_id=on)
    services.opinion_flag(user=neighbour, opinion=opinion, reason="personal")
    receipt_notice = notifications_to(resident)

    with committed():
        hidden = services.opinion_hide(
            moderator=moderator, opinion=opinion, reason="Gives a neighbour's phone number"
        )
        assert notifications_to(resident) == receipt_notice, "nobody is told before the commit"

    assert hidden.status == Status.HIDDEN
    assert hidden.hidden_reason == "Gives a neighbour's phone number"
    assert hidden.moderated_by == moderator
    assert hidden.moderated_at is not None
    assert OpinionFlag.objects.get().resolved_at is not None
    assert on not in selectors.article_counts(regulation)
    [told] = notifications_to(resident)[len(receipt_notice) :]
    assert told.subject == f"Your opinion {opinion.receipt} was hidden"
    assert "Gives a neighbour's phone number" in told.body

    tasks.opinion_hidden(opinion.pk)  # the task run a second time (a retry)

    assert len(notifications_to(resident)) == len(receipt_notice) + 1
    hidden_mails = [m for m in mail.outbox if "was hidden" in m.subject]
    assert len(hidden_mails) == 1
    assert "Gives a neighbour's phone number" in hidden_mails[0].body


def test_approving_publishes_a_waiting_opinion(make_regulation, give, neighbour, moderator, frozen):
    checked_first = make_regulation(slug="dogs", moderation=RegulationPage.Moderation.PRE)
    opinion, _ = give(on=checked_first, article_id=article_id(checked_first, 2))
    assert selectors.article_counts(checked_first) == {}

    approved = services.opinion_approve(moderator=moderator, opinion=opinion)

    assert approved.status == Status.PUBLISHED
    assert approved.moderated_by == moderator
    assert selectors.article_counts(checked_first)[article_id(checked_first, 2)]["total"] == 1
    assert services.opinion_agree(user=neighbour, opinion=approved) is True


def test_approving_a_flagged_opinion_clears_its_flags(give, neighbour, moderator, frozen):
    opinion, _ = give()
    services.opinion_flag(user=neighbour, opinion=opinion, reason="abuse")

    services.opinion_approve(moderator=moderator, opinion=opinion)

    assert OpinionFlag.objects.get().resolved_at is not None
    assert Opinion.objects.get(pk=opinion.pk).status == Status.PUBLISHED


def test_a_hidden_or_withdrawn_opinion_cannot_be_approved(give, resident, moderator, frozen):
    hidden, _ = give()
    services.opinion_hide(moderator=moderator, opinion=hidden, reason="Spam")
    withdrawn, _ = give()
    services.opinion_withdraw(author=resident, opinion=withdrawn)

    for opinion in (hidden, withdrawn):
        refusal(services.opinion_approve, moderator=moderator, opinion=opinion)

    assert Opinion.objects.get(pk=hidden.pk).status == Status.HIDDEN
    assert Opinion.objects.get(pk=withdrawn.pk).status == Status.WITHDRAWN


# --- Versions -------------------------------------------------------------------------------------


def test_publishing_records_version_1_with_the_articles(regulation):
    version = regulation.versions.get()

    assert (version.number, version.stage, version.title) == (
        1,
        "consultation",
        "乌镇镇街头便民摊点管理办法",
    )
    assert [(a["number"], a["heading"], a["text"]) for a in version.articles] == [
        (n, heading, text) for n, (heading, text) in enumerate(ARTICLES, start=1)
    ]
    assert [a["id"] for a in version.articles] == [a["id"] for a in regulation.articles()]


def test_republishing_unchanged_records_nothing(regulation):
    publish(regulation)
    regulation.summary = "A new summary changes no article."
    publish(regulation)

    assert list(regulation.versions.values_list("number", flat=True)) == [1]


def edit_article(regulation, number, text):
    """The article's text changed in the editor: the blocks keep their ids."""
    articles = [(a["heading"], a["text"]) for a in regulation.articles()]
    articles[number - 1] = (articles[number - 1][0], text)
    regulation.text = article_blocks(articles, ids=[a["id"] for a in regulation.articles()])
    return publish(regulation)


def test_editing_an_article_records_version_2_with_the_same_article_ids(regulation):
    edit_article(regulation, 3, "便民摊点的经营时间为每日6时至23时。")

    first, second = regulation.versions.order_by("number")
    assert second.number == 2
    assert [a["id"] for a in second.articles] == [a["id"] for a in first.articles]
    assert first.articles[2]["text"] == "便民摊点的经营时间为每日6时至22时。"
    assert second.articles[2]["text"] == "便民摊点的经营时间为每日6时至23时。"


def test_an_opinion_stays_with_the_version_and_article_it_was_given_on(regulation, give, frozen):
    on = article_id(regulation, 3)
    earlier, _ = give(article_id=on, stance="oppose")

    edit_article(regulation, 3, "便民摊点的经营时间为每日6时至23时。")
    later, _ = give(article_id=on, stance="support")

    earlier.refresh_from_db()
    assert (earlier.version.number, earlier.article_id) == (1, on)
    assert earlier.version.article(on)["text"] == "便民摊点的经营时间为每日6时至22时。"
    assert (later.version.number, later.article_id) == (2, on)
    assert selectors.article_counts(regulation)[on] == {
        "total": 2,
        "support": 1,
        "oppose": 1,
        "change": 0,
    }


def test_versions_follow_the_stages_that_have_a_text_of_their_own(regulation):
    def move_to(stage):
        regulation.stage = stage
        publish(regulation)
        return list(regulation.versions.values_list("number", "stage"))

    assert move_to(RegulationPage.Stage.REVIEW) == [(1, "consultation")]
    assert move_to(RegulationPage.Stage.TRIAL) == [(1, "consultation"), (2, "trial")]
    assert move_to(RegulationPage.Stage.IN_FORCE) == [
        (1, "consultation"),
        (2, "trial"),
        (3, "in_force"),
    ]
    assert move_to(RegulationPage.Stage.ARCHIVED) == [
        (1, "consultation"),
        (2, "trial"),
        (3, "in_force"),
    ]


def test_new_opinions_go_to_the_latest_version(regulation, give, frozen):
    edit_article(regulation, 1, "为了规范摊点经营，制定本办法。")

    opinion, _ = give()

    assert opinion.version == regulation.versions.get(number=2)


# --- Counts ---------------------------------------------------------------------------------------


def test_article_counts_count_published_opinions_per_article_and_stance(
    regulation, make_regulation, give, resident, neighbour, moderator, make_user, frozen
):
    first, second = article_id(regulation, 1), article_id(regulation, 2)
    third = make_user(email="third@example.org")
    give(article_id=first, stance="support")
    give(article_id=first, stance="support", author=neighbour)
    give(article_id=first, stance="oppose", author=third)
    give(article_id="", stance="change")
    withdrawn, _ = give(article_id=second, stance="support")
    services.opinion_withdraw(author=resident, opinion=withdrawn)
    hidden, _ = give(article_id=first, stance="oppose", author=neighbour)
    services.opinion_hide(moderator=moderator, opinion=hidden, reason="Abusive")
    regulation.moderation = RegulationPage.Moderation.PRE
    publish(regulation)
    give(article_id=second, stance="oppose", author=third)  # waits for a moderator
    other = make_regulation(slug="dogs")
    give(on=other, article_id=article_id(other, 1), stance="oppose")

    counts = selectors.article_counts(regulation)

    assert dict(counts) == {
        first: {"total": 3, "support": 2, "oppose": 1, "change": 0},
        "": {"total": 1, "support": 0, "oppose": 0, "change": 1},
    }
    assert Opinion.objects.filter(regulation=regulation).count() == 7
