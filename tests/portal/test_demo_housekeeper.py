"""What the README promises the demo housekeeper (housekeeper@example.org), whatever day the demo
town is seeded: enough points left after their own request to redeem a reward themselves, and
repairs in their grid waiting for them to check on site. Seen as they see it: signed in, on My
points, in the catalogue and under My reports; seeded with the clock frozen at each calendar
moment (tests/conftest.py)."""

from django.core.management import call_command
from django.urls import reverse

import pytest

from participation import demo as participation_demo
from portal.models import User
from rewards.models import Redemption, Reward
from tests.page_tree import Page

pytestmark = pytest.mark.django_db

EMAIL = "housekeeper@example.org"


def test_the_demo_housekeeper_can_redeem_a_reward_and_has_repairs_to_check(
    calendar_moment, monkeypatch, client
):
    monkeypatch.setattr(participation_demo, "DEMO_CASE_COUNT", 60)  # as the calendar test does
    call_command("seed_demo")
    housekeeper = User.objects.get(email=EMAIL)
    client.force_login(housekeeper)

    # My points: a balance that buys at least the cheapest reward on offer.
    points = Page(client.get(reverse("rewards:my_points")).content.decode()).root
    tiles = {
        tile.find("dt").text: tile.find("dd").text
        for tile in points.find_all("div", class_="stat-tile")
    }
    balance = int(tiles["Balance"])
    cheapest = min(
        reward.cost for reward in Reward.objects.all() if reward.is_available_on(calendar_moment)
    )
    assert balance >= cheapest, f"{balance} points, the cheapest reward costs {cheapest}"

    # The catalogue offers them a reward to redeem, and redeeming it works.
    catalogue = Page(client.get(reverse("rewards:catalogue")).content.decode()).root
    offers = [
        form
        for form in catalogue.find_all("form", method="post")
        if "/redeem/" in form.attrs["action"]
    ]
    assert offers, "a Redeem button"
    token = offers[0].find("input", name="token").attrs["value"]
    response = client.post(offers[0].attrs["action"], {"token": token})
    assert response.status_code == 302 and response.url == reverse("rewards:my_points")
    assert Redemption.objects.filter(user=housekeeper, status=Redemption.Status.HELD).exists()

    # My reports: repairs in their grid to check on site, each with a way to confirm it.
    reports = Page(client.get(reverse("participation:my_reports")).content.decode()).root
    to_check = reports.find("section", class_="to-confirm")
    assert to_check.find("h2").text == "Repairs to check in your grid"
    listed = to_check.find_all("li", class_="case-card")
    assert listed, "at least one repair waits for them"
    first = listed[0].find("a", class_="case-card__title").attrs["href"]
    case_page = client.get(first).content.decode()
    assert "Confirm the repair on site" in case_page
