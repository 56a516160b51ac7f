"""What residents do with existing cases: evaluate their own (and nobody else's), say a case
affects them too, follow it, find similar open cases nearby, and list their own reports."""

import html

from django.urls import reverse

import pytest

from participation.models import Case, CaseFollow, CaseSupport, Evaluation

from .helpers import FAR_LAT, LAT, LNG, NEAR_LAT

S = Case.Status
pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def evaluate_url(case):
    return f"/cases/{case.reference}/evaluate/"


# --- Evaluation -----------------------------------------------------------------------------------


def test_the_reporter_evaluates_a_resolved_case(client, resident, case_in):
    case = case_in(S.RESOLVED)
    client.force_login(resident)

    form = client.get(evaluate_url(case))
    response = client.post(evaluate_url(case), {"rating": "satisfied", "comment": "Quick work."})

    assert form.status_code == 200
    assert "A new cover was fitted." in text(form)
    assert response.status_code == 302
    assert response.url == f"/cases/{case.reference}/"
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert Evaluation.objects.get().comment == "Quick work."
    assert "Thank you for your evaluation." in text(client.get(response.url))


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_resident_cannot_see_or_evaluate_someone_elses_case(
    client, neighbour, case_in, method
):
    case = case_in(S.RESOLVED)
    client.force_login(neighbour)

    response = getattr(client, method)(evaluate_url(case), {"rating": "unsatisfied"})

    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED
    assert not Evaluation.objects.exists()


def test_staff_cannot_evaluate_either(client, dispatcher, case_in):
    case = case_in(S.RESOLVED)
    client.force_login(dispatcher)

    assert client.post(evaluate_url(case), {"rating": "satisfied"}).status_code == 404
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED


def test_anonymous_visitors_are_asked_to_log_in(client, case_in):
    case = case_in(S.RESOLVED)

    response = client.post(evaluate_url(case), {"rating": "satisfied"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Evaluation.objects.exists()


def test_a_case_that_is_not_resolved_cannot_be_evaluated(client, resident, case_in):
    case = case_in(S.IN_PROGRESS)
    client.force_login(resident)

    response = client.post(evaluate_url(case), {"rating": "satisfied"})

    assert response.status_code == 409
    assert "This case is in progress, so this cannot be done now." in text(response)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS
    assert not Evaluation.objects.exists()
    # Opening the form for such a case leads back to the case page with an explanation.
    response = client.get(evaluate_url(case), follow=True)
    assert response.redirect_chain == [(f"/cases/{case.reference}/", 302)]
    assert "This case is not waiting for your evaluation." in text(response)


def test_an_evaluation_twice_is_refused_the_second_time(client, resident, case_in):
    case = case_in(S.RESOLVED)
    client.force_login(resident)

    client.post(evaluate_url(case), {"rating": "satisfied"})
    response = client.post(evaluate_url(case), {"rating": "unsatisfied"})

    assert response.status_code == 409
    assert Case.objects.get(pk=case.pk).status == S.CLOSED
    assert Evaluation.objects.count() == 1


def test_a_rating_is_required(client, resident, case_in):
    case = case_in(S.RESOLVED)
    client.force_login(resident)

    response = client.post(evaluate_url(case), {"comment": "Hmm"})

    assert response.status_code == 400
    assert "Choose how satisfied you are." in text(response)
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED


def test_a_wrong_year_reference_is_not_found(client, resident, case_in):
    case = case_in(S.RESOLVED)
    year = case.reference.split("-")[1]
    client.force_login(resident)

    response = client.post(
        evaluate_url(case).replace(f"-{year}-", "-1999-"), {"rating": "satisfied"}
    )

    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == S.RESOLVED


def test_the_reporter_can_evaluate_their_hidden_case(client, resident, case_in):
    case = case_in(S.RESOLVED)
    Case.objects.filter(pk=case.pk).update(is_hidden=True)
    client.force_login(resident)

    response = client.post(evaluate_url(case), {"rating": "basically_satisfied"}, follow=True)

    assert Case.objects.get(pk=case.pk).status == S.CLOSED
    # Back to the case's page, which its reporter sees though the public does not.
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/cases/{case.reference}/", 302)]
    assert "Thank you for your evaluation." in text(response)
    assert "Only you and the linkage centre can see this case" in text(response)


# --- Affects me too, follow -----------------------------------------------------------------------


def support_url(case):
    return f"/cases/{case.reference}/support/"


def test_affects_me_too_counts_once_per_person_and_follows(client, neighbour, submit):
    case = submit()
    client.force_login(neighbour)

    first = client.post(support_url(case), follow=True)
    second = client.post(support_url(case), follow=True)

    case.refresh_from_db()
    assert case.supporters_count == 1
    assert CaseSupport.objects.filter(case=case, user=neighbour).count() == 1
    assert CaseFollow.objects.filter(case=case, user=neighbour).exists()
    assert "Thank you: counted." in text(first)
    assert "You have already said this affects you." in text(second)
    assert "You said this affects you too" in text(second)
    assert "1 person" in text(second)


def test_the_reporter_does_not_count_as_also_affected(client, resident, submit):
    """Their own case can turn up in "Is it one of these?" when they report again nearby."""
    case = submit()
    client.force_login(resident)

    response = client.post(support_url(case), follow=True)

    assert Case.objects.get(pk=case.pk).supporters_count == 0
    assert not CaseSupport.objects.exists()
    assert "You have already said this affects you." in text(response)


def test_affects_me_too_needs_a_verified_account_and_a_post(client, make_user, submit):
    case = submit()

    assert client.post(support_url(case)).url.startswith(reverse("account_login"))
    client.force_login(make_user(email="new@example.org", verified=False))
    assert "Verify Your Email Address" in text(client.post(support_url(case)))

    assert Case.objects.get(pk=case.pk).supporters_count == 0


def test_affects_me_too_is_post_only(client, neighbour, submit):
    case = submit()
    client.force_login(neighbour)

    assert client.get(support_url(case)).status_code == 405
    assert Case.objects.get(pk=case.pk).supporters_count == 0


def test_a_closed_case_cannot_be_supported(client, neighbour, case_in):
    case = case_in(S.CLOSED)
    client.force_login(neighbour)

    response = client.post(support_url(case), follow=True)

    assert "Only open cases can be supported." in text(response)
    assert Case.objects.get(pk=case.pk).supporters_count == 0


def test_a_hidden_case_cannot_be_supported_or_followed(client, neighbour, submit):
    case = submit()
    Case.objects.filter(pk=case.pk).update(is_hidden=True)
    client.force_login(neighbour)

    assert client.post(support_url(case)).status_code == 404
    assert client.post(f"/cases/{case.reference}/follow/").status_code == 404
    assert not CaseSupport.objects.exists()
    assert not CaseFollow.objects.filter(user=neighbour).exists()


def test_follow_and_unfollow(client, neighbour, submit):
    case = submit()
    url = f"/cases/{case.reference}/follow/"
    client.force_login(neighbour)

    followed = client.post(url, follow=True)
    assert CaseFollow.objects.filter(case=case, user=neighbour).count() == 1
    assert "You will get an email whenever this case is updated." in text(followed)
    assert "Stop following" in text(followed)

    unfollowed = client.post(url, {"follow": "0"}, follow=True)
    assert not CaseFollow.objects.filter(case=case, user=neighbour).exists()
    assert "You will no longer get emails about this case." in text(unfollowed)


def test_anonymous_visitors_cannot_follow(client, submit):
    case = submit()

    response = client.post(f"/cases/{case.reference}/follow/")

    assert response.url.startswith(reverse("account_login"))
    assert CaseFollow.objects.filter(case=case).count() == 1  # only the reporter


# --- Similar cases nearby -------------------------------------------------------------------------


def test_nearby_finds_open_cases_of_the_same_category_within_about_100_m(
    client, submit, advance, town
):
    here = submit(title="Right here")
    near = submit(title="Fifty metres north", latitude=NEAR_LAT)
    submit(title="Three hundred metres north", latitude=FAR_LAT)
    submit(title="Other category", category=town.other_category)
    advance(submit(title="Closed here"), "dispatch", "accept", "resolve", "satisfied")
    hidden = submit(title="Hidden here")
    Case.objects.filter(pk=hidden.pk).update(is_hidden=True)

    response = client.get(
        "/report/nearby/",
        {"category": town.category.pk, "latitude": str(LAT), "longitude": str(LNG)},
    )

    found = response.json()["cases"]
    assert [c["reference"] for c in found] == [here.reference, near.reference]
    assert found[0]["metres"] == 0
    assert 50 <= found[1]["metres"] <= 60
    assert found[1]["url"] == f"/cases/{near.reference}/"
    assert found[1]["support_url"] == f"/cases/{near.reference}/support/"
    assert found[1]["status"] == "Submitted"


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"category": "x", "latitude": "30.745", "longitude": "120.495"},
        {"category": "99999", "latitude": "30.745", "longitude": "120.495"},
        {"category": "{category}", "latitude": "north", "longitude": "120.495"},
        {"category": "{category}", "latitude": "30.745"},
        {"category": "{category}", "latitude": "nan", "longitude": "120.495"},
        {"category": "{category}", "latitude": "30.745", "longitude": "inf"},
        {"category": "{category}", "latitude": "-Infinity", "longitude": "120.495"},
    ],
)
def test_nearby_with_bad_parameters_finds_nothing(client, submit, town, query):
    submit()
    query = {k: v.format(category=town.category.pk) for k, v in query.items()}

    response = client.get("/report/nearby/", query)

    assert response.status_code == 200
    assert response.json() == {"cases": []}


# --- My reports -----------------------------------------------------------------------------------


def test_my_reports_lists_only_my_cases_including_hidden_ones(client, resident, neighbour, submit):
    mine = submit(title="My open case")
    hidden = submit(title="My hidden case")
    Case.objects.filter(pk=hidden.pk).update(is_hidden=True)
    theirs = submit(title="Their case", reporter=neighbour)
    client.force_login(resident)

    page = text(client.get("/my-reports/"))

    assert mine.reference in page and hidden.reference in page
    assert theirs.reference not in page
