"""Redeeming points: the points and one item of stock are held at once; a retried request is the
same redemption; too few points, no stock, a reached limit or a reward not offered changes
nothing; staff approve (a pickup code), hand over against that code, or reject (points and stock
given back); no one decides on their own request; another person's request is not theirs."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from portal import roles
from portal.models import Notification
from rewards import services
from rewards.models import Balance, PointEntry, Redemption, Reward


def committed_tasks():
    """Run what waits for the commit (the notification task), as a real commit would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    user = make_user(email="housekeeper@example.org")
    services.adjust(
        staff=make_user(email="admin@example.org"), user=user, points=50, reason="Welcome."
    )
    return user


@pytest.fixture
def staff(make_user):
    return make_user(email="centre@example.org", roles=[roles.DISPATCHER])


@pytest.fixture
def credit(db):
    return Reward.objects.create(
        name="10元话费", name_en="10 yuan phone credit", kind="phone_credit", cost=10, stock=3
    )


def balance(user) -> int:
    return Balance.objects.get(user=user).points


def test_redeeming_holds_points_and_stock_once(person, credit):
    redemption, created = services.redeem(user=person, reward=credit, request_key="tap-1")
    again, created_again = services.redeem(user=person, reward=credit, request_key="tap-1")

    assert created and not created_again and again.pk == redemption.pk
    assert redemption.status == Redemption.Status.HELD and redemption.points == 10
    assert balance(person) == 40
    credit.refresh_from_db()
    assert credit.stock == 2
    assert PointEntry.objects.filter(user=person, kind=PointEntry.Kind.REDEMPTION).count() == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"cost": 60}, "Not enough points."),
        ({"stock": 0}, "This reward is out of stock."),
        ({"is_active": False}, "This reward is not offered now."),
        ({"available_until": datetime.date(2020, 1, 1)}, "This reward is not offered now."),
    ],
)
def test_a_refused_redemption_changes_nothing(person, credit, change, message):
    Reward.objects.filter(pk=credit.pk).update(**change)
    with pytest.raises(ValidationError) as refused:
        services.redeem(user=person, reward=credit, request_key="tap")
    assert message in refused.value.messages
    assert balance(person) == 50
    assert not Redemption.objects.exists()
    assert Reward.objects.get(pk=credit.pk).stock == change.get("stock", 3)


def test_the_per_person_limit_counts_held_and_collected_requests(person, credit, staff):
    Reward.objects.filter(pk=credit.pk).update(per_person_limit=1)
    first, _ = services.redeem(user=person, reward=credit, request_key="a")
    with pytest.raises(ValidationError):
        services.redeem(user=person, reward=credit, request_key="b")
    # A rejected request does not count.
    services.reject(staff=staff, redemption=first, reason="Wrong village.")
    second, created = services.redeem(user=person, reward=credit, request_key="c")
    assert created


def test_approve_then_hand_over_against_the_pickup_code(person, credit, staff):
    redemption, _ = services.redeem(user=person, reward=credit, request_key="a")
    with committed_tasks():
        approved = services.approve(staff=staff, redemption=redemption)
    assert approved.status == Redemption.Status.APPROVED
    assert len(approved.pickup_code) == 6
    told = Notification.objects.get(recipient=person)
    assert approved.pickup_code in told.body

    with pytest.raises(ValidationError):
        services.fulfil(staff=staff, redemption=approved, pickup_code="000000x")
    done = services.fulfil(staff=staff, redemption=approved, pickup_code=approved.pickup_code)
    assert done.status == Redemption.Status.FULFILLED and done.fulfilled_by == staff
    assert balance(person) == 40


def test_rejecting_gives_points_and_stock_back_with_the_reason(person, credit, staff):
    redemption, _ = services.redeem(user=person, reward=credit, request_key="a")
    with committed_tasks():
        services.reject(staff=staff, redemption=redemption, reason="The shop is closed.")
    assert balance(person) == 50
    assert Reward.objects.get(pk=credit.pk).stock == 3
    release = PointEntry.objects.get(user=person, kind=PointEntry.Kind.RELEASE)
    assert release.points == 10 and release.reason == "The shop is closed."
    assert "The shop is closed." in Notification.objects.get(recipient=person).body
    with pytest.raises(ValidationError):
        services.reject(staff=staff, redemption=redemption, reason="again")  # dealt with


def test_no_one_decides_on_their_own_redemption(person, credit, make_user):
    redemption, _ = services.redeem(user=person, reward=credit, request_key="a")
    with pytest.raises(ValidationError):
        services.approve(staff=person, redemption=redemption)
    with pytest.raises(ValidationError):
        services.adjust(staff=person, user=person, points=100, reason="Mine.")
    assert Redemption.objects.get(pk=redemption.pk).status == Redemption.Status.HELD


def test_an_adjustment_needs_points_and_a_reason_and_never_overdraws(person, make_user):
    staff = make_user(email="x@example.org")
    for points, take_away, reason in [
        (0, False, "x"),
        (-5, False, "Negative."),
        (-5, True, "Negative, taken away."),
        (5, False, "  "),
        (51, True, "Too much."),
    ]:
        with pytest.raises(ValidationError):
            services.adjust(
                staff=staff, user=person, points=points, take_away=take_away, reason=reason
            )
    assert balance(person) == 50


def test_a_resident_redeems_from_the_catalogue(client, person, credit):
    client.force_login(person)
    page = client.get(reverse("rewards:catalogue")).content.decode()
    assert "10 yuan phone credit" in page and "Your balance: 50 points" in page

    response = client.post(reverse("rewards:redeem", args=[credit.pk]), {"token": "t1"})
    again = client.post(reverse("rewards:redeem", args=[credit.pk]), {"token": "t1"})

    assert response.status_code == 302 and again.status_code == 302
    assert Redemption.objects.count() == 1
    mine = client.get(reverse("rewards:my_points")).content.decode()
    assert "Waiting for approval" in mine


def test_staff_approve_in_the_admin_and_residents_cannot(person, credit, staff, mfa_client):
    redemption, _ = services.redeem(user=person, reward=credit, request_key="a")
    desk = mfa_client(staff)
    inspect = desk.get(reverse("rewards_redemptions:inspect", args=[redemption.pk]))
    assert inspect.status_code == 200 and person.email in inspect.content.decode()
    desk.post(reverse("rewards_redemptions:decide", args=[redemption.pk]), {"decision": "approve"})
    assert Redemption.objects.get(pk=redemption.pk).status == Redemption.Status.APPROVED


def test_a_resident_cannot_decide_in_the_admin(client, person, credit, make_user):
    redemption, _ = services.redeem(user=person, reward=credit, request_key="a")
    client.force_login(make_user(email="other@example.org", roles=[roles.RESIDENT]))
    response = client.post(
        reverse("rewards_redemptions:decide", args=[redemption.pk]), {"decision": "approve"}
    )
    assert response.status_code in (302, 403)
    assert Redemption.objects.get(pk=redemption.pk).status == Redemption.Status.HELD


def test_at_the_counter_staff_find_a_request_by_its_pickup_code(
    person, credit, staff, make_user, mfa_client
):
    other = make_user(email="neighbour@example.org")
    services.adjust(staff=staff, user=other, points=10, reason="Welcome.")
    mine, _ = services.redeem(user=person, reward=credit, request_key="a")
    theirs, _ = services.redeem(user=other, reward=credit, request_key="b")
    for redemption in (mine, theirs):
        services.approve(staff=staff, redemption=redemption)
    code = Redemption.objects.get(pk=mine.pk).pickup_code
    desk = mfa_client(staff)
    found = desk.get(reverse("rewards_redemptions:index"), {"q": code}).content.decode()
    assert reverse("rewards_redemptions:inspect", args=[mine.pk]) in found
    assert reverse("rewards_redemptions:inspect", args=[theirs.pk]) not in found
