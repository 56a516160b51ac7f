"""Following a regulation (told once per stage change, its history on the page) and invited
experts' reviews (shown with an “Expert” badge, or to editors only; taken while the draft is open
for comment or under review)."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

import pytest

from portal import roles
from portal.models import Notification
from regulations import services
from regulations.models import ExpertReview, RegulationFollow, StageChange
from regulations.models.pages import Stage

from .conftest import committed

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REVIEW_TEXT = "建议明确夜间经营的噪声限值，并与《环境噪声污染防治法》衔接。"


# --- Fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture
def editor(make_user):
    return make_user(email="editor@example.org", roles=[roles.EDITOR])


@pytest.fixture
def expert(make_user):
    user = make_user(email="expert@example.org", roles=[roles.EXPERT])
    user.display_name = "陈教授"
    user.save(update_fields=["display_name"])
    return user


def logged_in(user) -> Client:
    client = Client(**EN)
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def article_of(regulation, number: int) -> str:
    return regulation.articles()[number - 1]["id"]


def publish_stage(page, stage=None, **fields):
    """Publish the page (with a new stage, or other fields changed), running what happens after
    the commit as it would."""
    if stage:
        page.stage = stage
    for name, value in fields.items():
        setattr(page, name, value)
    with committed():
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def stage_notifications(user):
    return Notification.objects.filter(recipient=user, key__startswith="regulation-stage:")


def follow(client, regulation, **data):
    with committed():
        return client.post(regulation.subpage_url("follow"), data)


# --- Following -----------------------------------------------------------------------------------


def test_a_follower_is_told_once_when_the_stage_changes(regulation, resident):
    resident.language = "en"
    resident.save(update_fields=["language"])
    client = logged_in(resident)

    response = follow(client, regulation)

    assert response.status_code == 302
    assert response.url == regulation.url
    assert RegulationFollow.objects.filter(user=resident, regulation=regulation).exists()

    publish_stage(regulation, Stage.REVIEW)

    (told,) = stage_notifications(resident)
    assert "Under review" in told.subject
    assert regulation.title in told.subject
    assert told.url == regulation.url
    assert [message.to for message in mail.outbox] == [[resident.email]]

    # Publishing again without a new stage tells nobody anything.
    publish_stage(regulation, summary="规范摊点经营，方便居民生活，维护市容。")

    assert stage_notifications(resident).count() == 1
    assert len(mail.outbox) == 1


def test_following_twice_is_one_follow_and_one_message(regulation, resident):
    client = logged_in(resident)
    follow(client, regulation)
    follow(client, regulation)

    publish_stage(regulation, Stage.REVIEW)

    assert RegulationFollow.objects.filter(user=resident).count() == 1
    assert stage_notifications(resident).count() == 1


def test_an_unfollower_is_told_nothing_more(regulation, resident, neighbour):
    follow(logged_in(resident), regulation)
    follow(logged_in(neighbour), regulation)
    publish_stage(regulation, Stage.REVIEW)

    response = follow(logged_in(resident), regulation, follow="0")

    assert response.status_code == 302
    assert not RegulationFollow.objects.filter(user=resident).exists()
    publish_stage(regulation, Stage.IN_FORCE, comment_opens_at=None, comment_closes_at=None)
    assert stage_notifications(resident).count() == 1
    # The neighbour still follows and heard of both changes.
    assert stage_notifications(neighbour).count() == 2


def test_following_needs_a_verified_account_and_a_post(regulation, make_user, client):
    unverified = make_user(email="new@example.org", verified=False)

    assert client.post(regulation.subpage_url("follow")).status_code == 302  # to log in
    logged_in(unverified).post(regulation.subpage_url("follow"))
    assert (
        logged_in(make_user(email="ok@example.org"))
        .get(regulation.subpage_url("follow"))
        .status_code
        == 405
    )

    assert not RegulationFollow.objects.exists()


def test_the_service_refuses_an_unverified_follower(regulation, make_user):
    unverified = make_user(email="new@example.org", verified=False)

    with pytest.raises(ValidationError):
        services.follow(user=unverified, regulation=regulation)
    assert services.unfollow(user=unverified, regulation=regulation) is False


def test_each_stage_change_is_recorded_once(regulation):
    publish_stage(regulation, Stage.REVIEW)
    publish_stage(regulation, Stage.REVIEW, summary="修改了摘要。")
    publish_stage(regulation, Stage.IN_FORCE, comment_opens_at=None, comment_closes_at=None)

    stages = list(
        StageChange.objects.filter(regulation=regulation)
        .order_by("changed_at", "pk")
        .values_list("stage", flat=True)
    )
    assert stages == [Stage.CONSULTATION, Stage.REVIEW, Stage.IN_FORCE]


def test_the_page_shows_its_history(regulation, client):
    publish_stage(regulation, Stage.REVIEW)
    publish_stage(regulation, Stage.IN_FORCE, comment_opens_at=None, comment_closes_at=None)
    assert regulation.versions.count() == 2

    page = html(client.get(regulation.url, **EN))

    assert "History" in page
    assert "Version 1 (Open for comment)" in page
    assert "Version 2 (In force)" in page
    assert f'action="{regulation.subpage_url("compare")}"' in page


def test_a_follower_is_offered_to_stop_following(regulation, resident):
    client = logged_in(resident)
    follow(client, regulation)

    page = html(client.get(regulation.url))

    assert "Stop following" in page
    assert 'name="follow" value="0"' in page


# --- Expert reviews ------------------------------------------------------------------------------


def test_an_expert_reviews_an_article_and_it_is_shown_with_the_badge(
    regulation, expert, frozen, client
):
    third = article_of(regulation, 3)
    expert_client = logged_in(expert)
    form = html(expert_client.get(regulation.subpage_url("article", third)))
    assert f'action="{regulation.subpage_url("review")}"' in form

    with committed():
        response = expert_client.post(
            regulation.subpage_url("review"), {"article_id": third, "text": REVIEW_TEXT}
        )

    assert response.status_code == 302
    assert response.url == f"{regulation.subpage_url('article', third)}#expert-reviews"
    review = ExpertReview.objects.get()
    assert (review.expert, review.article_id, review.text) == (expert, third, REVIEW_TEXT)
    assert review.version == regulation.versions.get(number=1)

    page = html(client.get(regulation.subpage_url("article", third), **EN))
    assert '<span class="badge badge--expert">Expert</span>' in page
    assert "陈教授" in page
    assert REVIEW_TEXT in page
    assert "expert@example.org" not in page
    # Only on the article it is about.
    other = html(client.get(regulation.subpage_url("article", article_of(regulation, 2)), **EN))
    assert REVIEW_TEXT not in other


def test_a_resident_without_the_role_cannot_review(regulation, resident, frozen):
    client = logged_in(resident)
    third = article_of(regulation, 3)

    response = client.post(
        regulation.subpage_url("review"), {"article_id": third, "text": REVIEW_TEXT}
    )

    assert response.status_code == 404
    assert not ExpertReview.objects.exists()
    assert "Give an expert review" not in html(client.get(regulation.subpage_url("article", third)))
    with pytest.raises(PermissionDenied):
        services.expert_review_give(
            expert=resident, regulation=regulation, article_id=third, text=REVIEW_TEXT
        )


def test_reviews_kept_for_editors_are_not_shown_to_residents(
    make_regulation, expert, editor, resident, frozen, client
):
    regulation = make_regulation(expert_reviews_public=False)
    third = article_of(regulation, 3)
    services.expert_review_give(
        expert=expert, regulation=regulation, article_id=third, text=REVIEW_TEXT
    )
    address = regulation.subpage_url("article", third)

    assert REVIEW_TEXT not in html(client.get(address, **EN))
    assert REVIEW_TEXT not in html(logged_in(resident).get(address))
    for_editor = html(logged_in(editor).get(address))
    assert REVIEW_TEXT in for_editor
    assert "seen by editors only" in for_editor


def test_reviews_are_refused_once_the_regulation_is_in_force(make_regulation, expert, frozen):
    regulation = make_regulation(
        stage=Stage.IN_FORCE, comment_opens_at=None, comment_closes_at=None
    )
    third = article_of(regulation, 3)

    with pytest.raises(ValidationError) as refused:
        services.expert_review_give(
            expert=expert, regulation=regulation, article_id=third, text=REVIEW_TEXT
        )
    assert refused.value.code == "stage"

    client = logged_in(expert)
    assert "Give an expert review" not in html(client.get(regulation.subpage_url("article", third)))
    response = client.post(
        regulation.subpage_url("review"), {"article_id": third, "text": REVIEW_TEXT}, follow=True
    )
    assert "Reviews are taken while a draft is open for comment or under review." in html(response)
    assert not ExpertReview.objects.exists()


def test_reviews_are_taken_while_the_draft_is_under_review(regulation, expert):
    publish_stage(regulation, Stage.REVIEW)

    review = services.expert_review_give(expert=expert, regulation=regulation, text=REVIEW_TEXT)

    assert review.article_id == ""
    assert review.version.number == 1


def test_a_review_of_an_unknown_article_or_without_text_is_refused(regulation, expert):
    with pytest.raises(ValidationError) as refused:
        services.expert_review_give(
            expert=expert,
            regulation=regulation,
            article_id="00000000-0000-4000-8000-000000000000",
            text=REVIEW_TEXT,
        )
    assert "article_id" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.expert_review_give(
            expert=expert, regulation=regulation, article_id=article_of(regulation, 1), text=" "
        )
    assert "text" in refused.value.message_dict
    assert not ExpertReview.objects.exists()
