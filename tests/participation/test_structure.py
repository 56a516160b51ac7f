"""The governance structure refuses data that would break routing later."""

from django.core.exceptions import ValidationError

import pytest

from participation.models import Category, Community, Department, Grid, Platform


def square(lng=120.49, lat=30.74, size=0.001):
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def community(db):
    return Community.objects.create(code="minhe", name="民合村", name_en="Minhe", kind="village")


def test_a_valid_grid_boundary_is_accepted(community):
    Grid(community=community, number=1, boundary=square()).full_clean()


@pytest.mark.parametrize(
    "boundary, message",
    [
        ("not json", 'must be a GeoJSON object with "type": "Polygon"'),
        ({"type": "Point", "coordinates": [120.49, 30.74]}, '"type": "Polygon"'),
        ({"type": "Polygon", "coordinates": []}, "needs a list of coordinate rings"),
        ({"type": "Polygon", "coordinates": [[["a", "b"]] * 4]}, "[longitude, latitude] pair"),
        (
            {"type": "Polygon", "coordinates": [[[120, 30], [121, 30], [121, 31], [120, 31]]]},
            "must end where it starts",
        ),
        (
            {"type": "Polygon", "coordinates": [[[200, 30], [201, 30], [201, 31], [200, 30]]]},
            "within ±180",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]],
            },
            "crosses itself",
        ),
    ],
)
def test_bad_grid_boundaries_are_refused_with_a_reason(community, boundary, message):
    with pytest.raises(ValidationError) as error:
        Grid(community=community, number=1, boundary=boundary).full_clean()

    assert message in str(error.value.message_dict["boundary"])


@pytest.mark.django_db
def test_category_time_limits_must_be_ordered():
    platform = Platform.objects.create(code="p", name="平台")
    department = Department.objects.create(platform=platform, code="d", name="部门")
    category = Category(
        platform=platform,
        default_department=department,
        code="c",
        name="类别",
        sla_routine_hours=24,
        sla_express_hours=48,
        sla_emergency_hours=2,
    )

    with pytest.raises(ValidationError) as error:
        category.full_clean()

    assert "emergency ≤ express ≤ routine" in str(error.value)


@pytest.mark.django_db
def test_names_follow_the_readers_language():
    from django.utils import translation

    platform = Platform(code="p", name="便民服务", name_en="Convenience services")
    with translation.override("en"):
        assert str(platform) == "Convenience services"
    with translation.override("zh-hans"):
        assert str(platform) == "便民服务"
