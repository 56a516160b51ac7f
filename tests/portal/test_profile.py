"""A resident edits their display name and home grid (the mobile number has its own flow)."""

from django.urls import reverse

import pytest

from participation.models import Community, Grid
from tests.participation.test_structure import square

PASSWORD = "correct-horse-battery"


@pytest.fixture
def grid(db):
    community = Community.objects.create(
        code="xizha", name="西栅社区", name_en="Xizha", kind="community"
    )
    return Grid.objects.create(community=community, number=7, boundary=square())


@pytest.fixture
def resident_client(client, make_user):
    user = make_user(email="li@example.org")
    client.force_login(user)
    return client, user


def test_profile_shows_grids_grouped_by_community(resident_client, grid):
    client, _user = resident_client

    page = client.get(reverse("portal:profile")).content.decode()

    assert '<optgroup label="Xizha">' in page
    assert "Grid 7" in page


def test_resident_saves_profile(resident_client, grid):
    client, user = resident_client

    response = client.post(
        reverse("portal:profile"),
        {
            "display_name": "  Li Hua ",
            "phone": "+86 138 0000 0000",
            "home_grid": grid.pk,
            "language": "en",
        },
        follow=True,
    )

    assert "Your profile has been saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.home_grid, user.language) == ("Li Hua", grid, "en")
    # A number is changed only with a code sent to it (allauth's change-number flow).
    assert user.phone is None


@pytest.mark.parametrize(
    "data, error",
    [
        ({"language": "fr"}, "Select a valid choice."),
        ({"home_grid": "99999"}, "Select a valid choice."),
        ({"display_name": "x" * 61}, "Ensure this value has at most 60 characters"),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(resident_client, grid, data, error):
    client, user = resident_client
    payload = {"display_name": "Li Hua", "home_grid": "", "language": "en", **data}

    response = client.post(reverse("portal:profile"), payload)

    assert response.status_code == 200
    assert error in response.content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.home_grid, user.language) == ("", None, "zh-hans")


def test_profile_needs_login(client):
    response = client.get(reverse("portal:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
