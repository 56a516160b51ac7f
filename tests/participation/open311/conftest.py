"""Fixtures for the Open311 GeoReport v2 API tests. The town, its people and the helpers that
report a case and move it on come from tests/participation/conftest.py."""

import pytest

from participation.models import CategoryAttribute
from participation.open311 import services as open311_services


@pytest.fixture
def api_key(db):
    """An active key for a client application: (the ApiKey, the key itself)."""
    return open311_services.api_key_create(name="City hotline system", contact="ops@example.org")


@pytest.fixture
def raw_key(api_key):
    return api_key[1]


@pytest.fixture
def questions(town):
    """Extra questions for the manhole-cover category, one of each datatype, plus a notice."""
    make = CategoryAttribute.objects.create
    return {
        "depth": make(
            category=town.category,
            code="depth",
            description="坑有多深?",
            description_en="How deep is the hole?",
            datatype="number",
            required=True,
            datatype_description="in centimetres",
            sort_order=0,
        ),
        "injured": make(
            category=town.category,
            code="injured",
            description="有人受伤吗?",
            description_en="Is anyone hurt?",
            datatype="singlevaluelist",
            required=False,
            values="yes | 是 | Yes\nno | 否 | No",
            sort_order=1,
        ),
        "hazards": make(
            category=town.category,
            code="hazards",
            description="还有哪些危险?",
            description_en="",
            datatype="multivaluelist",
            values="traffic | 交通 | Traffic\nchildren | 儿童 | Children nearby\ndark | 无照明",
            sort_order=2,
        ),
        "seen_at": make(
            category=town.category,
            code="seen_at",
            description="什么时候发现的?",
            description_en="When did you see it?",
            datatype="datetime",
            sort_order=3,
        ),
        "landmark": make(
            category=town.category,
            code="landmark",
            description="附近地标",
            description_en="A landmark nearby",
            datatype="string",
            sort_order=4,
        ),
        "notice": make(
            category=town.category,
            code="notice",
            description="紧急情况请拨打110。",
            description_en="In an emergency call 110.",
            datatype="text",
            variable=False,
            sort_order=5,
        ),
    }
