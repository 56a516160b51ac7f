"""A request's own page, shown at the service centre's counter: its status as a badge, and once
approved the pickup code and its QR code in a high-contrast box of their own (as "My points"
shows the code), big enough to read and scan from a phone held up to the counter."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

import pytest

from rewards import services
from rewards.models import Redemption, Reward
from tests.page_tree import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    user = make_user(email="housekeeper@example.org")
    services.adjust(staff=make_user(email="admin@example.org"), user=user, points=90, reason="Hi.")
    return user


@pytest.fixture
def staff(make_user):
    return make_user(email="centre@example.org")


@pytest.fixture
def request_for(person):
    bag = Reward.objects.create(
        name="环保购物袋", name_en="Reusable shopping bag", kind="goods", cost=30, stock=3
    )
    redemption, _created = services.redeem(user=person, reward=bag, request_key="k")
    return redemption


def own_page(client, person, redemption):
    client.force_login(person)
    response = client.get(reverse("rewards:redemption", args=[redemption.pk]))
    assert response.status_code == 200
    return Page(response.content.decode()).root.find("main")


def status_badge(main):
    return main.find("span", class_="redemption-status")


def test_a_waiting_request_shows_its_status_as_a_badge_and_no_code(client, person, request_for):
    main = own_page(client, person, request_for)

    badge = status_badge(main)
    assert badge.text == "Waiting for approval"
    assert "badge" in badge.attrs["class"].split()
    assert "redemption-status--held" in badge.attrs["class"].split()
    assert main.find_all("section", class_="pickup") == []


def test_an_approved_request_shows_the_code_and_qr_code_large_in_a_box(
    client, person, staff, request_for
):
    services.approve(staff=staff, redemption=request_for)
    code = Redemption.objects.get(pk=request_for.pk).pickup_code

    main = own_page(client, person, request_for)

    badge = status_badge(main)
    assert badge.text == "Ready to collect"
    assert "redemption-status--approved" in badge.attrs["class"].split()
    pickup = main.find("section", class_="pickup")
    assert pickup.find("p", class_="pickup__code").text == code
    qr = pickup.find("div", class_="pickup__qr")
    assert qr.attrs["role"] == "img" and code in qr.attrs["aria-label"]
    assert len(qr.find_all("svg")) == 1


def test_collected_and_rejected_requests_have_badges_of_their_own(
    client, person, staff, request_for
):
    approved = services.approve(staff=staff, redemption=request_for)
    services.fulfil(staff=staff, redemption=approved, pickup_code=approved.pickup_code)
    badge = status_badge(own_page(client, person, request_for))
    assert badge.text == "Collected" and "redemption-status--fulfilled" in badge.attrs["class"]

    other = services.redeem(user=person, reward=request_for.reward, request_key="k2")[0]
    services.reject(staff=staff, redemption=other, reason="No stock at the centre.")
    badge = status_badge(own_page(client, person, other))
    assert badge.text == "Rejected" and "redemption-status--rejected" in badge.attrs["class"]


def test_my_points_lists_requests_with_the_same_badges(client, person, request_for):
    client.force_login(person)
    main = Page(client.get(reverse("rewards:my_points")).content.decode()).root.find("main")

    assert status_badge(main).text == "Waiting for approval"


def test_the_styles_make_the_code_large_and_black_on_white():
    """What the screen shows is measured in tests/e2e/test_display_settings.py; here, that the
    site's stylesheet has the rules at all."""
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()
    rules = dict(re.findall(r"(\.pickup[\w_-]*(?: [\w]+)?) \{([^}]*)\}", css))
    assert "font-size" in rules[".pickup__code strong"]
    assert "color: #000" in rules[".pickup__code strong"]
    assert "max-width: 18rem" in rules[".pickup__qr svg"]
    for status in Redemption.Status.values:
        assert f".redemption-status--{status} " in css, status
