"""A report's key (idempotency_key): one per report form (made with the page, or by the browser
for a report written with no signal, kept until it is sent). The same report sent again by the
same reporter, by a double tap, a resend or the browser's background send (which asks for JSON),
is the case made the first time: no second case, no second set of files, no second receipt."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

import pytest

from participation import selectors, services
from participation.models import Attachment, Case, CaseEvent

from .helpers import LAT, LNG, OUTSIDE_LAT, files_in, photo

REPORT = "/report/"
JSON = {"HTTP_ACCEPT": "application/json"}
KEY = "8d3f7a52-1c4e-4b8a-9f0d-2b6e5c7a9e11"
pytestmark = pytest.mark.django_db


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def form_data(town):
    def form_data(**overrides):
        data = {
            "idempotency_key": KEY,
            "category": town.category.pk,
            "urgency": "routine",
            "title": "Manhole cover missing",
            "description": "The cover outside No. 12 is gone.",
            "latitude": str(LAT),
            "longitude": str(LNG),
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return form_data


# --- The service ---------------------------------------------------------------------------------


def test_the_same_key_from_the_same_reporter_returns_the_first_case(submit_report, case_files):
    first, first_created = submit_report(idempotency_key=KEY, photos=[photo()])
    again, again_created = submit_report(
        idempotency_key=KEY, photos=[photo()], title="Sent a second time"
    )

    assert again.pk == first.pk
    assert (first_created, again_created) == (True, False)
    assert Case.objects.count() == 1
    assert again.title == "Manhole cover missing"  # the first case, as it is
    assert Attachment.objects.count() == 1
    assert len(files_in(case_files)) == 1
    assert CaseEvent.objects.filter(case=first, action=CaseEvent.Action.SUBMIT).count() == 1
    assert first.idempotency_key == uuid.UUID(KEY)


def test_a_replay_is_answered_even_if_the_report_would_now_be_refused(submit, town):
    first = submit(idempotency_key=KEY)
    town.category.is_active = False
    town.category.save()

    assert submit(idempotency_key=KEY).pk == first.pk


def test_the_key_is_per_reporter(submit_report, neighbour):
    mine, _created = submit_report(idempotency_key=KEY)
    theirs, created = submit_report(idempotency_key=KEY, reporter=neighbour)

    assert theirs.pk != mine.pk
    assert created is True
    assert theirs.reporter == neighbour
    assert Case.objects.count() == 2


def test_reports_without_a_key_are_each_a_case(submit_report):
    assert [submit_report()[1], submit_report()[1]] == [True, True]
    assert Case.objects.count() == 2


def test_two_different_keys_from_one_reporter_make_two_cases(submit_report):
    first, _created = submit_report(idempotency_key=KEY)
    second, created = submit_report(idempotency_key=str(uuid.uuid4()), title="Street light out")

    assert created is True
    assert second.pk != first.pk
    assert Case.objects.count() == 2


def test_a_malformed_key_is_refused_and_nothing_is_written(submit):
    with pytest.raises(ValidationError) as refused:
        submit(idempotency_key="not-a-key")

    assert "idempotency_key" in refused.value.message_dict
    assert "not valid" in refused.value.message_dict["idempotency_key"][0]
    assert not Case.objects.exists()


def test_the_same_report_arriving_twice_at_once_is_one_case(submit_report, monkeypatch, case_files):
    """The race: both requests looked before either saved. The second save breaks the
    key's uniqueness (inside a savepoint); the service answers with the case the first one
    made, as not created."""
    first, _created = submit_report(idempotency_key=KEY)
    looked = []
    find = selectors.case_by_idempotency_key

    def not_yet_saved(reporter, key):
        looked.append(key)
        return None if len(looked) <= 2 else find(reporter, key)  # both early looks miss

    monkeypatch.setattr(services.selectors, "case_by_idempotency_key", not_yet_saved)

    again, created = submit_report(idempotency_key=KEY, photos=[photo()])

    assert again.pk == first.pk
    assert created is False
    assert len(looked) == 3
    assert Case.objects.count() == 1
    assert not Attachment.objects.exists()
    assert files_in(case_files) == []


def test_an_integrity_error_that_is_not_the_key_still_fails(submit, monkeypatch):
    monkeypatch.setattr(services.selectors, "case_by_idempotency_key", lambda r, k: None)
    monkeypatch.setattr(Case, "save", lambda self, *a, **k: (_ for _ in ()).throw(IntegrityError))

    with pytest.raises(IntegrityError):
        submit(idempotency_key=KEY)


# --- The form and its JSON answers ---------------------------------------------------------------


def test_the_form_carries_a_fresh_key(resident_client, town):
    first = resident_client.get(REPORT).context["form"]["idempotency_key"].value()
    second = resident_client.get(REPORT).context["form"]["idempotency_key"].value()

    assert uuid.UUID(str(first)) != uuid.UUID(str(second))
    assert 'name="idempotency_key"' in resident_client.get(REPORT).content.decode()


def test_the_form_has_no_other_double_submit_guard(resident_client, town):
    response = resident_client.get(REPORT)

    assert 'name="token"' not in response.content.decode()
    assert "token" not in response.context


def test_the_same_form_posted_twice_makes_one_case(resident_client, form_data):
    """A double tap: the page's own key, sent twice, is one case; the second answer says so."""
    key = resident_client.get(REPORT).context["form"]["idempotency_key"].value()
    first = resident_client.post(REPORT, form_data(idempotency_key=str(key)))
    second = resident_client.post(REPORT, form_data(idempotency_key=str(key)), follow=True)

    case = Case.objects.get()
    assert first.url == case.get_absolute_url()
    assert second.redirect_chain == [(case.get_absolute_url(), 302)]
    assert "We already received this report." in second.content.decode()
    assert case.idempotency_key == uuid.UUID(str(key))


def test_two_forms_with_different_keys_make_two_cases(resident_client, form_data):
    keys = [resident_client.get(REPORT).context["form"]["idempotency_key"].value() for _ in "ab"]
    first = resident_client.post(REPORT, form_data(idempotency_key=str(keys[0])))
    second = resident_client.post(
        REPORT, form_data(idempotency_key=str(keys[1]), title="Street light out")
    )

    assert first.url != second.url
    assert sorted(Case.objects.values_list("title", flat=True)) == [
        "Manhole cover missing",
        "Street light out",
    ]


def test_a_post_without_a_key_is_a_new_report_with_a_fresh_key(resident_client, form_data):
    sent = [resident_client.post(REPORT, form_data(idempotency_key=None), **JSON) for _ in "ab"]

    assert [answer.status_code for answer in sent] == [201, 201]
    assert [answer.json()["again"] for answer in sent] == [False, False]
    keys = list(Case.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == 2 and None not in keys and keys[0] != keys[1]


def test_a_refused_post_without_a_key_is_shown_again_with_one(resident_client, form_data):
    refused = resident_client.post(REPORT, form_data(idempotency_key=None, title=""))

    assert refused.status_code == 400
    assert uuid.UUID(str(refused.context["form"]["idempotency_key"].value()))


def test_a_form_sent_again_with_its_key_redirects_to_the_same_case(resident_client, form_data):
    first = resident_client.post(REPORT, form_data(photos=[photo()]))
    again = resident_client.post(REPORT, form_data(photos=[photo()]))

    case = Case.objects.get()
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == case.get_absolute_url()
    assert case.attachments.count() == 1
    page = resident_client.get(again.url).content.decode()
    assert "We already received this report." in page


def test_the_background_send_gets_the_case_as_json(resident_client, form_data, case_files):
    sent = resident_client.post(REPORT, form_data(photos=[photo()]), **JSON)
    again = resident_client.post(REPORT, form_data(photos=[photo()]), **JSON)

    case = Case.objects.get()
    assert (sent.status_code, again.status_code) == (201, 200)
    assert sent["Content-Type"] == "application/json"
    assert sent.json() == {
        "case_number": case.reference,
        "url": reverse("participation:case_detail", args=[case.reference]),
        "again": False,
    }
    assert again.json()["case_number"] == case.reference
    assert again.json()["again"] is True
    assert case.attachments.count() == 1
    assert len(files_in(case_files)) == 1


def test_a_replay_does_not_count_against_the_reporting_limit(resident_client, form_data, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "case_report": "1/h/user"}

    answers = [resident_client.post(REPORT, form_data(), **JSON) for _ in range(3)]

    assert [a.status_code for a in answers] == [201, 200, 200]
    refused = resident_client.post(REPORT, form_data(idempotency_key=str(uuid.uuid4())), **JSON)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json"
    assert Case.objects.count() == 1


def test_another_reporter_with_the_same_key_gets_their_own_case(
    client, resident, neighbour, form_data
):
    client.force_login(resident)
    mine = client.post(REPORT, form_data(), **JSON).json()
    client.force_login(neighbour)
    theirs = client.post(REPORT, form_data(), **JSON).json()

    assert mine["case_number"] != theirs["case_number"]
    assert theirs["again"] is False
    assert sorted(Case.objects.values_list("reporter__email", flat=True)) == sorted(
        [resident.email, neighbour.email]
    )


def test_a_report_with_errors_gets_them_as_json(resident_client, form_data):
    answer = resident_client.post(REPORT, form_data(title="", latitude=str(OUTSIDE_LAT)), **JSON)

    assert answer.status_code == 400
    data = answer.json()
    assert data["message"] == "This report was not sent: correct it and send it again."
    messages = {error["field"]: error["message"] for error in data["errors"]}
    assert messages["title"] == "Give the problem a short title."
    assert not Case.objects.exists()


def test_a_report_with_errors_can_be_sent_again_with_its_key(resident_client, form_data):
    resident_client.post(REPORT, form_data(latitude=str(OUTSIDE_LAT)), **JSON)
    corrected = resident_client.post(REPORT, form_data(), **JSON)

    assert corrected.status_code == 201
    assert Case.objects.get().idempotency_key == uuid.UUID(KEY)


def test_a_malformed_key_is_a_clear_error(resident_client, form_data):
    page = resident_client.post(REPORT, form_data(idempotency_key="12345"))
    answer = resident_client.post(REPORT, form_data(idempotency_key="12345"), **JSON)

    message = "This report's key is not valid. Reload the page and send the report again."
    assert page.status_code == 400
    assert message in page.content.decode().replace("&#x27;", "'")
    assert answer.status_code == 400
    assert {"field": "idempotency_key", "message": message} in answer.json()["errors"]
    assert not Case.objects.exists()


def test_the_background_send_of_a_signed_out_reporter_is_not_json(client, form_data):
    answer = client.post(REPORT, form_data(), **JSON)

    assert answer.status_code == 302
    assert answer.url.startswith(reverse("account_login"))
    assert not Case.objects.exists()
