"""A category's extra questions on the report form: the resident answers the chosen category's
questions; the same rules as for apps (Open311) apply, and a missing or wrong answer is shown on
its question with nothing saved."""

import html

import pytest

from participation.models import Case, CategoryAttribute

from .helpers import LAT, LNG

REPORT = "/report/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(town):
    hurt = CategoryAttribute.objects.create(
        category=town.category,
        code="hurt",
        datatype="singlevaluelist",
        required=True,
        description="是否有人受伤？",
        description_en="Has anyone been hurt?",
        values="no | 没有 | No\nyes | 有 | Yes, someone is hurt",
        sort_order=0,
    )
    depth = CategoryAttribute.objects.create(
        category=town.category,
        code="depth",
        datatype="number",
        description="多深（米）",
        description_en="How deep is the hole (m)?",
        sort_order=1,
    )
    litter = CategoryAttribute.objects.create(
        category=town.other_category,
        code="kind",
        datatype="multivaluelist",
        required=True,
        description="什么垃圾",
        description_en="What kind of rubbish?",
        values="bags | 垃圾袋 | Bags\nbuilding | 建筑垃圾 | Building waste",
        sort_order=0,
    )
    return hurt, depth, litter


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


def _report(town, **extra):
    data = {
        "category": town.category.pk,
        "urgency": "routine",
        "title": "Manhole cover missing",
        "description": "The cover outside No. 12 is gone.",
        "latitude": str(LAT),
        "longitude": str(LNG),
    }
    data.update(extra)
    return data


def test_the_form_shows_each_categorys_questions_under_its_name(resident_client, questions):
    page = html.unescape(resident_client.get(REPORT).content.decode())
    assert "Has anyone been hurt?" in page
    assert "Yes, someone is hurt" in page
    assert "What kind of rubbish?" in page
    # Questions that need no answer say so; required ones do not.
    assert "How deep is the hole (m)? (optional)" in page
    assert "Has anyone been hurt? (optional)" not in page
    assert 'data-category="' in page


def test_the_answers_are_kept_on_the_case(resident_client, town, questions):
    hurt, depth, _litter = questions
    response = resident_client.post(
        REPORT,
        _report(
            town,
            **{f"q_{town.category.pk}_hurt": "yes", f"q_{town.category.pk}_depth": "1.5"},
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.attributes == {"hurt": "yes", "depth": "1.5"}


def test_a_missing_required_answer_is_shown_on_its_question(resident_client, town, questions):
    response = resident_client.post(REPORT, _report(town))
    assert response.status_code == 400
    assert not Case.objects.exists()
    field = response.context["form"][f"q_{town.category.pk}_hurt"]
    assert field.errors == ["Answer the question “Has anyone been hurt?”."]


def test_answers_to_another_categorys_questions_are_ignored(resident_client, town, questions):
    response = resident_client.post(
        REPORT,
        _report(
            town,
            **{
                f"q_{town.category.pk}_hurt": "no",
                f"q_{town.other_category.pk}_kind": ["bags"],
            },
        ),
    )
    assert response.status_code == 302
    assert Case.objects.get().attributes == {"hurt": "no"}


def test_a_choice_that_is_not_offered_is_refused(resident_client, town, questions):
    response = resident_client.post(
        REPORT, _report(town, **{f"q_{town.category.pk}_hurt": "maybe"})
    )
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert response.context["form"][f"q_{town.category.pk}_hurt"].errors


def test_several_choices_for_choose_any(resident_client, town, questions):
    response = resident_client.post(
        REPORT,
        _report(
            town,
            category=town.other_category.pk,
            **{f"q_{town.other_category.pk}_kind": ["bags", "building"]},
        ),
    )
    assert response.status_code == 302
    assert Case.objects.get().attributes == {"kind": ["bags", "building"]}


def test_the_questions_are_asked_in_chinese_to_chinese_readers(client, resident, questions):
    client.force_login(resident)
    page = html.unescape(client.get(REPORT, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    assert "是否有人受伤？" in page
    assert "Has anyone been hurt?" not in page
