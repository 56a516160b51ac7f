"""The month's leaderboards (the town, the reader's grid, and the home page's top five) show
only people who chose to be shown, by points earned this month; spending does not lower them."""

import datetime

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from rewards import selectors, services

pytestmark = pytest.mark.django_db


def earn(user, number, when):
    services.award(user=user, rule="case_dispatched", idempotency_key=f"k{number}", now=when)


@pytest.fixture
def people(calendar_moment, make_user):
    """Points earned now (at each calendar moment) and a minute before this month began in China."""
    shown = make_user(email="shown@example.org")
    shown.display_name, shown.on_leaderboard = "Shen Meiling", True
    shown.save()
    hidden = make_user(email="hidden@example.org")
    for number in range(3):
        earn(shown, number, calendar_moment)
        earn(hidden, 10 + number, calendar_moment)
    last_month = selectors.month_start() - datetime.timedelta(minutes=1)
    earn(shown, 99, last_month)  # not counted this month
    return shown, hidden


def test_only_people_who_chose_to_be_shown_appear(client, people):
    page = client.get(reverse("rewards:leaderboard")).content.decode()
    assert "Shen Meiling" in page and "30 points" in page
    assert "hidden@example.org" not in page and page.count('<li><a class="leaderboard__name"') == 1


def test_a_shown_housekeeper_has_a_public_page_with_their_honours(client, people):
    shown, hidden = people
    board = client.get(reverse("rewards:leaderboard")).content.decode()
    assert f'href="{reverse("rewards:profile", args=[shown.pk])}"' in board
    page = client.get(reverse("rewards:profile", args=[shown.pk])).content.decode()
    assert "Shen Meiling" in page and "First report" in page
    assert "<dt>Earned this month</dt><dd>30</dd>" in page
    assert "<dt>Earned in all</dt><dd>40</dd>" in page
    assert "shown@example.org" not in page

    # Someone who did not choose to be shown has no public page, except for themselves.
    assert client.get(reverse("rewards:profile", args=[hidden.pk])).status_code == 404
    client.force_login(hidden)
    own = client.get(reverse("rewards:profile", args=[hidden.pk])).content.decode()
    assert "Only you can see this page" in own


def test_the_home_page_shows_the_top_housekeepers_only_when_there_are_some(client, people):
    shown_home = client.get("/").content.decode()
    people[0].on_leaderboard = False
    people[0].save()
    cache.clear()
    empty_home = client.get("/").content.decode()
    assert "Top housekeepers this month" in shown_home and "Shen Meiling" in shown_home
    assert "Top housekeepers this month" not in empty_home


def test_a_resident_turns_the_leaderboard_on_in_their_profile(client, make_user):
    me = make_user(email="me@example.org")
    client.force_login(me)
    response = client.post(
        reverse("portal:profile"),
        {
            "display_name": "Me",
            "phone": "",
            "home_grid": "",
            "language": "en",
            "on_leaderboard": "on",
        },
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.on_leaderboard


def test_this_months_points_count_until_the_month_ends_in_china(people, calendar_moment):
    """The points earned at each calendar moment count until the last second of its month on
    Wuzhen's calendar and not in the next month (on New Year's Eve at 23:59 for December, though
    the next month begins at 16:00 UTC)."""
    shown, _hidden = people
    month = timezone.localtime(calendar_moment).date().replace(day=1)
    next_day_one = (month + datetime.timedelta(days=32)).replace(day=1)
    next_month = timezone.make_aware(datetime.datetime.combine(next_day_one, datetime.time()))
    board = [{"points": 30, "name": "Shen Meiling", "id": shown.pk}]
    assert selectors.leaderboard() == board
    with time_machine.travel(next_month - datetime.timedelta(seconds=1), tick=False):
        assert selectors.leaderboard() == board
        assert selectors.public_profile(shown)["this_month"] == 30
    with time_machine.travel(next_month, tick=False):
        assert selectors.month_start() == next_month
        assert selectors.leaderboard() == []
        profile = selectors.public_profile(shown)
        assert (profile["this_month"], profile["in_all"]) == (0, 40)
