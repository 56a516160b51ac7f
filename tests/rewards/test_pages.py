"""The points pages: a person sees their own balance, what expires soon and every entry with its
reason and a link to what earned it; the earning rules are public, in plain words."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

import pytest
import time_machine

from rewards import services

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)
NEXT_MONTH = datetime.datetime(2027, 1, 3, 9, 0, tzinfo=datetime.UTC)


def award(user, number, when=NOW):
    return services.award(
        user=user,
        rule="case_dispatched",
        idempotency_key=f"case:{number}:dispatched",
        source=f"/cases/WZ-2026-{number:06d}/",
        source_label=f"WZ-2026-{number:06d}",
        now=when,
    )


def test_my_points_shows_balance_history_and_links(client, make_user):
    me = make_user(email="me@example.org")
    other = make_user(email="other@example.org")
    award(me, 1)
    award(me, 2)
    services.reverse(idempotency_key="case:2:dispatched", reason="The report was false.")
    award(other, 3)
    client.force_login(me)

    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("rewards:my_points")).content.decode()

    assert '<div class="stat-tile"><dt>Balance</dt><dd>10</dd></div>' in page
    assert 'href="/cases/WZ-2026-000001/">WZ-2026-000001</a>' in page
    assert "The report was false." in page and "Taken back" in page
    assert "WZ-2026-000003" not in page, "only my own entries"


def test_points_pending_are_shown_apart_from_the_balance(client, make_user):
    me = make_user(email="me@example.org")
    award(me, 1)
    services.promise(
        user=me,
        rule="case_dispatched",
        idempotency_key="case:2:dispatched",
        source="/cases/WZ-2026-000002/",
        source_label="WZ-2026-000002",
        now=NOW,
    )
    client.force_login(me)
    page = client.get(reverse("rewards:my_points")).content.decode()
    assert '<div class="stat-tile"><dt>Balance</dt><dd>10</dd></div>' in page
    assert '<div class="stat-tile"><dt>Pending</dt><dd>10</dd></div>' in page
    assert 'href="/cases/WZ-2026-000002/">WZ-2026-000002</a>' in page
    assert "They cannot be spent yet." in page


def test_points_expiring_within_30_days_are_shown(client, make_user):
    me = make_user(email="me@example.org")
    award(me, 1, when=NOW - datetime.timedelta(days=350))  # expires in about two weeks
    award(me, 2, when=NOW - datetime.timedelta(days=100))
    client.force_login(me)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("rewards:my_points")).content.decode()
    assert "<dt>Expiring within 30 days</dt><dd>10</dd>" in page


def test_my_points_needs_an_account(client):
    response = client.get(reverse("rewards:my_points"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_rules_are_public_in_plain_words(client):
    page = client.get(reverse("rewards:rules")).content.decode()
    assert "Report dispatched" in page and "Opinion adopted" in page
    assert "no limit" in page
    chinese = client.get(reverse("rewards:rules"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "上报被受理" in chinese.content.decode()


def test_honours_follow_from_the_ledger(client, make_user, town):
    me = make_user(email="me@example.org")
    me.display_name, me.on_leaderboard, me.home_grid = "Shen", True, town.grid
    me.save()
    rival = make_user(email="rival@example.org")
    rival.on_leaderboard, rival.home_grid = True, town.grid
    rival.save()
    for number in range(10):
        award(me, number, when=NOW - datetime.timedelta(days=number % 3))
    award(rival, 100)
    with time_machine.travel(NOW, tick=False):
        client.force_login(me)
        during = client.get(reverse("rewards:my_points")).content.decode()
    with time_machine.travel(NEXT_MONTH, tick=False):
        client.force_login(me)
        page = client.get(reverse("rewards:my_points")).content.decode()
        client.force_login(rival)
        rivals = client.get(reverse("rewards:my_points")).content.decode()

    assert "First report" in page and "Ten reports that were followed up" in page
    assert "Top housekeeper" not in during, "a month's top housekeeper once the month is over"
    assert "Top housekeeper of the grid, December 2026" in page
    assert "Top housekeeper" not in rivals


def test_the_top_housekeeper_is_counted_within_their_own_grid(
    client, make_user, town, calendar_moment
):
    """Points earned at each calendar moment count for that month on Wuzhen's calendar (on New
    Year's Eve at 23:59 for December, though it is 15:59 UTC), shown once the month is over."""
    me, rival = make_user(email="me@example.org"), make_user(email="rival@example.org")
    for person, grid in ((me, town.grid), (rival, town.other_grid)):
        person.on_leaderboard, person.home_grid = True, grid
        person.save()
    award(me, 1, when=calendar_moment)
    for number in range(2, 5):
        award(rival, number, when=calendar_moment)  # more points, but in another grid
    month = timezone.localtime(calendar_moment).date().replace(day=1)
    next_month = (month + datetime.timedelta(days=32)).replace(day=2)
    nine = timezone.make_aware(datetime.datetime.combine(next_month, datetime.time(9)))
    with time_machine.travel(nine, tick=False):
        client.force_login(me)
        page = client.get(reverse("rewards:profile", args=[me.pk])).content.decode()
    assert f"Top housekeeper of the grid, {date_format(month, 'YEAR_MONTH_FORMAT')}" in page


def test_a_request_has_its_own_page_with_the_pickup_code_as_a_qr_code(client, make_user):
    from rewards.models import Reward

    me, staff = make_user(email="me@example.org"), make_user(email="staff@example.org")
    other = make_user(email="other@example.org")
    award(me, 1)
    credit = Reward.objects.create(
        name="话费", name_en="Phone credit", kind="phone_credit", cost=10, stock=2
    )
    redemption, _created = services.redeem(user=me, reward=credit, request_key="k")
    url = reverse("rewards:redemption", args=[redemption.pk])
    client.force_login(me)
    held = client.get(url).content.decode()
    assert "Waiting for approval" in held and "<svg" not in held

    services.approve(staff=staff, redemption=redemption)
    redemption.refresh_from_db()
    page = client.get(url).content.decode()
    assert redemption.pickup_code in page and "<svg" in page
    assert f'href="{url}"' in client.get(reverse("rewards:my_points")).content.decode()

    client.force_login(other)
    assert client.get(url).status_code == 404, "another person's request is not found"
    client.logout()
    assert client.get(url).status_code == 302
