"""Moderators' Opinions screen in the Wagtail admin: the list with its flagged filter, one
opinion with its flags and its author's email (staff only), and the two decisions. Editors and
residents do not get the screen."""

from django.core import mail
from django.urls import reverse

import pytest

from portal import roles
from portal.models import Notification
from regulations import services
from regulations.models import Opinion

from .conftest import committed

pytestmark = pytest.mark.django_db

INDEX = "regulations_opinions:index"


@pytest.fixture
def moderator_client(make_user, mfa_client):
    return mfa_client(make_user(email="moderator@example.org", roles=[roles.MODERATOR]))


@pytest.fixture
def flagged(give, neighbour, frozen):
    with committed():
        opinion, _ = give(text="这个摊主是骗子，电话138xxxx。")
        services.opinion_flag(user=neighbour, opinion=opinion, reason="personal")
        quiet, _ = give(text="支持。")
    return opinion, quiet


def test_the_list_shows_opinions_and_filters_the_flagged_ones(moderator_client, flagged):
    opinion, quiet = flagged
    everything = moderator_client.get(reverse(INDEX)).content.decode()
    only_flagged = moderator_client.get(reverse(INDEX), {"flagged": "true"}).content.decode()

    assert opinion.receipt in everything and quiet.receipt in everything
    assert opinion.receipt in only_flagged and quiet.receipt not in only_flagged


def test_a_moderator_hides_an_opinion_with_a_reason_and_its_author_is_told(
    moderator_client, flagged, resident
):
    opinion, _quiet = flagged
    inspect = moderator_client.get(reverse("regulations_opinions:inspect", args=[opinion.pk]))
    page = inspect.content.decode()
    assert "Gives someone&#x27;s personal details" in page
    assert resident.email in page  # staff see who wrote it

    with committed():
        response = moderator_client.post(
            reverse("regulations_opinions:moderate", args=[opinion.pk]),
            {"decision": "hide", "reason": "包含他人电话号码。"},
        )

    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.HIDDEN
    assert opinion.hidden_reason == "包含他人电话号码。"
    assert opinion.flags.filter(resolved_at=None).count() == 0
    told = Notification.objects.get(recipient=resident, key=f"opinion-hidden:{opinion.pk}")
    assert "包含他人电话号码。" in told.body
    assert any("包含他人电话号码。" in message.body for message in mail.outbox)


def test_hiding_needs_a_reason(moderator_client, flagged):
    opinion, _quiet = flagged
    response = moderator_client.post(
        reverse("regulations_opinions:moderate", args=[opinion.pk]),
        {"decision": "hide", "reason": "  "},
        follow=True,
    )
    assert "This cannot be empty." in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.PUBLISHED


def test_editors_and_residents_do_not_get_the_screen(make_user, mfa_client, client, flagged):
    opinion, _quiet = flagged
    editor = mfa_client(make_user(email="editor@example.org", roles=[roles.EDITOR]))
    assert editor.get(reverse(INDEX)).status_code == 302  # Wagtail: no permission, sent home
    response = editor.post(
        reverse("regulations_opinions:moderate", args=[opinion.pk]), {"decision": "hide"}
    )
    assert response.status_code in (302, 403)
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.PUBLISHED
    client.force_login(make_user(email="someone@example.org", roles=[roles.RESIDENT]))
    assert client.get(reverse(INDEX)).status_code in (302, 403)
