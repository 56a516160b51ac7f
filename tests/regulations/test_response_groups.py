"""An editor answers several similar opinions at once on the response screen: the shared answer
goes to the opinions ticked, replacing their own; the others keep theirs."""

from django.urls import reverse

import pytest
import time_machine

from portal import roles
from regulations.models import OpinionAnswer

from .conftest import CLOSES, article_id

pytestmark = pytest.mark.django_db


def test_a_shared_answer_goes_to_the_ticked_opinions(
    regulation, give, make_user, neighbour, mfa_client, frozen
):
    third = article_id(regulation, 3)
    first, _ = give(article_id=third, stance="oppose", text="太早了。")
    second, _ = give(author=neighbour, article_id=third, stance="oppose", text="五点半太早。")
    third_opinion, _ = give(author=neighbour, article_id=third, text="支持。")
    editor = make_user(email="editor@example.org", roles=[roles.EDITOR])
    with time_machine.travel(CLOSES, tick=False):
        client = mfa_client(editor)
        response = client.post(
            reverse("regulations_response", args=[regulation.pk]),
            {
                f"group-outcome-{third}": "partly",
                f"group-reason-{third}": "早市改为6时开始。",
                f"group-{third}": [first.pk, second.pk],
                f"outcome-{first.pk}": "not_adopted",
                f"reason-{first.pk}": "overridden by the shared answer",
                f"outcome-{third_opinion.pk}": "adopted",
                "save": "1",
            },
        )

    assert response.status_code == 302
    answers = {
        answer.opinion_id: (answer.outcome, answer.reason) for answer in OpinionAnswer.objects.all()
    }
    assert answers == {
        first.pk: ("partly", "早市改为6时开始。"),
        second.pk: ("partly", "早市改为6时开始。"),
        third_opinion.pk: ("adopted", ""),
    }


def test_the_shared_answer_needs_reasons_when_not_adopted(
    regulation, give, make_user, neighbour, mfa_client, frozen
):
    third = article_id(regulation, 3)
    first, _ = give(article_id=third)
    second, _ = give(author=neighbour, article_id=third)
    editor = make_user(email="editor@example.org", roles=[roles.EDITOR])
    with time_machine.travel(CLOSES, tick=False):
        client = mfa_client(editor)
        response = client.post(
            reverse("regulations_response", args=[regulation.pk]),
            {
                f"group-outcome-{third}": "not_adopted",
                f"group-reason-{third}": "",
                f"group-{third}": [first.pk, second.pk],
                "save": "1",
            },
        )

    assert response.status_code == 200
    assert "Give the reasons when an opinion is not adopted." in response.content.decode()
    assert not OpinionAnswer.objects.exists()
