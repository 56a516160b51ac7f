"""Open311 in the Wagtail admin: administrators issue keys (shown once), rename and revoke them;
categories' extra questions are edited on the category; staff see what an app sent on the case."""

import re

from django.urls import reverse

import pytest

from participation.models import ApiKey, CategoryAttribute, hash_key
from participation.open311 import services as open311_services
from portal import roles

from .helpers import LAT, LNG


@pytest.fixture
def administrator(make_user):
    return make_user(email="admin@example.org", roles=[roles.ADMINISTRATOR])


def _issue(client, **data):
    form = {"name": "City hotline system", "contact": "ops@example.org", "rate_limit": "30"}
    form.update(data)
    return client.post(reverse("structure_api_keys:add"), form)


def test_an_administrator_issues_a_key_that_is_shown_once_and_stored_hashed(
    mfa_client, administrator, town
):
    client = mfa_client(administrator)
    response = _issue(client)
    assert response.status_code == 200
    raw = re.search(r'value="(wz_[^"]+)"', response.content.decode())[1]
    api_key = ApiKey.objects.get()
    assert api_key.name == "City hotline system"
    assert api_key.rate_limit == 30
    assert api_key.created_by == administrator
    assert api_key.key_hash == hash_key(raw)
    assert raw not in {api_key.name, api_key.contact, api_key.prefix, api_key.key_hash}
    assert raw.startswith(api_key.prefix)
    # The list shows the key's start, never the key.
    listing = client.get(reverse("structure_api_keys:index")).content.decode()
    assert api_key.prefix in listing
    assert raw not in listing
    # And the key works.
    created = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": raw,
            "service_code": town.category.code,
            "lat": str(LAT),
            "long": str(LNG),
            "description": "Cover missing outside No. 12",
        },
    )
    assert created.status_code == 200, created.content
    # The list counts the cases each key created.
    listing = client.get(reverse("structure_api_keys:index")).content.decode()
    assert "Cases created" in listing
    assert re.search(r"<td[^>]*>\s*1\s*</td>", listing)


def test_a_key_needs_a_name_and_a_sensible_limit(mfa_client, administrator):
    client = mfa_client(administrator)
    response = _issue(client, name="", rate_limit="0")
    assert response.status_code == 200
    assert not ApiKey.objects.exists()
    assert b"This field is required" in response.content


def test_revoking_a_key_stops_it_at_once(mfa_client, administrator, town):
    api_key, raw = open311_services.api_key_create(name="Old app")
    client = mfa_client(administrator)
    confirm = client.get(reverse("structure_api_keys:revoke", args=[api_key.pk]))
    assert confirm.status_code == 200
    assert "Old app" in confirm.content.decode()
    response = client.post(reverse("structure_api_keys:revoke", args=[api_key.pk]))
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    refused = client.post(
        "/open311/v2/requests.json", {"api_key": raw, "service_code": town.category.code}
    )
    assert refused.status_code == 403


def test_keys_cannot_be_deleted_even_by_an_administrator(mfa_client, administrator):
    api_key, _raw = open311_services.api_key_create(name="App")
    client = mfa_client(administrator)
    response = client.post(reverse("structure_api_keys:delete", args=[api_key.pk]))
    assert response.status_code in (302, 403)
    assert ApiKey.objects.filter(pk=api_key.pk).exists()


def test_dispatchers_and_department_staff_cannot_issue_or_revoke_keys(
    mfa_client, dispatcher, staff
):
    api_key, _raw = open311_services.api_key_create(name="App")
    for user in (dispatcher, staff):
        client = mfa_client(user)
        assert client.get(reverse("structure_api_keys:index")).status_code in (302, 403)
        _issue(client)
        client.post(reverse("structure_api_keys:revoke", args=[api_key.pk]))
    assert ApiKey.objects.count() == 1
    api_key.refresh_from_db()
    assert api_key.revoked_at is None


def test_create_api_key_command_prints_the_key_last(town):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_api_key", "Hotline", "--rate-limit", "5", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    api_key = ApiKey.objects.get()
    assert api_key.key_hash == hash_key(raw)
    assert api_key.rate_limit == 5


def _category_form(category, **extra):
    data = {
        "name": category.name,
        "name_en": category.name_en,
        "code": category.code,
        "sort_order": "0",
        "is_active": "on",
        "platform": str(category.platform_id),
        "default_department": str(category.default_department_id),
        "description": "",
        "keywords": "",
        "sla_routine_hours": "72",
        "sla_express_hours": "24",
        "sla_emergency_hours": "4",
        "attributes-TOTAL_FORMS": "1",
        "attributes-INITIAL_FORMS": "0",
        "attributes-MIN_NUM_FORMS": "0",
        "attributes-MAX_NUM_FORMS": "1000",
        "attributes-0-code": "hurt",
        "attributes-0-datatype": "singlevaluelist",
        "attributes-0-description": "是否有人受伤？",
        "attributes-0-description_en": "Has anyone been hurt?",
        "attributes-0-required": "on",
        "attributes-0-variable": "on",
        "attributes-0-datatype_description": "",
        "attributes-0-values": "no | 没有 | No\nyes | 有 | Yes",
        "attributes-0-ORDER": "1",
        "attributes-0-id": "",
        "attributes-0-DELETE": "",
    }
    data.update(extra)
    return data


def test_the_centre_adds_an_extra_question_to_a_category(mfa_client, dispatcher, town, client):
    admin = mfa_client(dispatcher)
    url = reverse("structure_categories:edit", args=[town.category.pk])
    response = admin.post(url, _category_form(town.category))
    assert response.status_code == 302, response.context["form"].errors
    question = CategoryAttribute.objects.get(category=town.category)
    assert question.choices() == [("no", "No"), ("yes", "Yes")]
    definition = client.get(f"/open311/v2/services/{town.category.code}.json").json()
    assert definition["attributes"][0]["code"] == "hurt"
    assert [v["key"] for v in definition["attributes"][0]["values"]] == ["no", "yes"]


def test_a_choice_list_without_choices_is_refused_on_the_category_page(
    mfa_client, dispatcher, town
):
    admin = mfa_client(dispatcher)
    url = reverse("structure_categories:edit", args=[town.category.pk])
    response = admin.post(url, _category_form(town.category, **{"attributes-0-values": ""}))
    assert response.status_code == 200
    assert "Give at least one choice." in response.content.decode()
    assert not CategoryAttribute.objects.exists()


def test_staff_see_what_the_app_sent_on_the_case_page(mfa_client, dispatcher, town):
    CategoryAttribute.objects.create(
        category=town.category,
        code="hurt",
        datatype="singlevaluelist",
        description="是否有人受伤？",
        description_en="Has anyone been hurt?",
        values="no | 没有 | No\nyes | 有 | Yes, someone is hurt",
        sort_order=0,
    )
    _api_key, raw = open311_services.api_key_create(name="Street app")
    client = mfa_client(dispatcher)
    client.post(
        "/open311/v2/requests.json",
        {
            "api_key": raw,
            "service_code": town.category.code,
            "lat": str(LAT),
            "long": str(LNG),
            "description": "Cover missing",
            "first_name": "Zhang",
            "last_name": "San",
            "phone": "13800000000",
            "account_id": "user-77",
            "attribute[hurt]": "yes",
        },
    )
    case = town.category.cases.get()
    page = client.get(reverse("participation_cases:inspect", args=[case.pk])).content.decode()
    assert "Street app" in page
    assert "Zhang San" in page and "13800000000" in page
    assert "user-77" in page
    assert "Has anyone been hurt?" in page and "Yes, someone is hurt" in page
