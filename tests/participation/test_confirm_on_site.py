"""A housekeeper of the case's grid checks a repair on site: they find the resolved cases of
their grid on My reports, confirm once per resolution (the public timeline says so and they earn
points), and no one else can: another grid's housekeeper, the department that did the repair, or
anyone at all once it is confirmed."""

from django.test import TestCase
from django.urls import reverse

import pytest

from participation import services
from participation.models import Case, CaseEvent, DepartmentMembership, GridMembership
from participation.workflow import TransitionError
from portal import roles
from rewards.models import PointEntry, Rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def housekeeper(make_user, town):
    user = make_user(email="zhou@example.org", roles=[roles.RESIDENT])
    GridMembership.objects.create(grid=town.grid, user=user, role="housekeeper")
    return user


@pytest.fixture
def outsider(make_user, town):
    user = make_user(email="qian@example.org", roles=[roles.RESIDENT])
    GridMembership.objects.create(grid=town.other_grid, user=user, role="housekeeper")
    return user


def confirm_url(case):
    return reverse("participation:case_confirm", args=[case.reference])


def test_a_housekeeper_finds_confirms_and_earns_points(client, case_in, housekeeper):
    case = case_in(Case.Status.RESOLVED)
    client.force_login(housekeeper)

    listed = client.get(reverse("participation:my_reports")).content.decode()
    assert "Repairs to check in your grid" in listed and confirm_url(case) in listed
    detail = client.get(reverse("participation:case_detail", args=[case.reference]))
    assert "Confirm the repair on site" in detail.content.decode()
    assert client.get(confirm_url(case)).status_code == 200

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(confirm_url(case), {"seen": "on", "comment": "New cover, firm."})
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, action=CaseEvent.Action.CONFIRM)
    assert (event.actor, event.public_message) == (housekeeper, "New cover, firm.")
    assert Case.objects.get(pk=case.pk).status == Case.Status.RESOLVED, "the status stays"
    entry = PointEntry.objects.get(user=housekeeper)
    assert entry.rule.code == "rectification_confirmed"
    assert entry.points == Rule.objects.get(code="rectification_confirmed").points

    page = client.get(reverse("participation:case_detail", args=[case.reference])).content
    assert "Confirmed on site" in page.decode() and "New cover, firm." in page.decode()
    assert confirm_url(case) not in client.get(reverse("participation:my_reports")).content.decode()


def test_confirming_needs_the_box_ticked_and_changes_nothing_without_it(
    client, case_in, housekeeper
):
    case = case_in(Case.Status.RESOLVED)
    client.force_login(housekeeper)
    response = client.post(confirm_url(case), {"comment": "Looks fine"})
    assert response.status_code == 400
    assert "Tick the box once you have seen the repair on site." in response.content.decode()
    assert not CaseEvent.objects.filter(action=CaseEvent.Action.CONFIRM).exists()


def test_only_one_confirmation_per_resolution(case_in, housekeeper, make_user, town):
    case = case_in(Case.Status.CLOSED)
    services.case_confirm_on_site(case=case, user=housekeeper)
    leader = make_user(email="leader@example.org", roles=[roles.RESIDENT])
    GridMembership.objects.create(grid=town.grid, user=leader, role="grid_leader")
    with pytest.raises(TransitionError):
        services.case_confirm_on_site(case=case, user=leader)
    assert CaseEvent.objects.filter(action=CaseEvent.Action.CONFIRM).count() == 1


def test_other_people_cannot_confirm(client, case_in, outsider, resident, staff, town):
    case = case_in(Case.Status.RESOLVED)
    GridMembership.objects.create(grid=town.grid, user=staff, role="housekeeper")
    for person in (outsider, resident, staff):  # another grid; not a housekeeper; did the repair
        client.force_login(person)
        assert client.get(confirm_url(case)).status_code == 404
        assert client.post(confirm_url(case), {"seen": "on"}).status_code == 404
        with pytest.raises(TransitionError):
            services.case_confirm_on_site(case=case, user=person)
    assert DepartmentMembership.objects.filter(user=staff).exists()
    assert not CaseEvent.objects.filter(action=CaseEvent.Action.CONFIRM).exists()


def test_a_case_not_yet_fixed_cannot_be_confirmed(client, case_in, housekeeper):
    case = case_in(Case.Status.IN_PROGRESS)
    client.force_login(housekeeper)
    response = client.post(confirm_url(case), {"seen": "on"})
    assert response.status_code == 302
    assert not CaseEvent.objects.filter(action=CaseEvent.Action.CONFIRM).exists()
    listed = client.get(reverse("participation:my_reports")).content.decode()
    assert "Repairs to check in your grid" not in listed
