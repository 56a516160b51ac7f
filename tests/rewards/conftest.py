"""Two grids of one village, for the leaderboards and honours counted per grid."""

from types import SimpleNamespace

import pytest

from participation.models import Community, Grid
from tests.participation.helpers import square


@pytest.fixture
def town(db):
    community = Community.objects.create(
        code="minhe", name="民合村", name_en="Minhe Village", kind="village"
    )
    return SimpleNamespace(
        grid=Grid.objects.create(community=community, number=7, boundary=square(120.49, 30.74)),
        other_grid=Grid.objects.create(
            community=community, number=8, boundary=square(120.50, 30.74)
        ),
    )
