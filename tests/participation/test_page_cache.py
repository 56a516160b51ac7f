"""Anonymous readers of the public case pages are served from a page cache that every change to a
case empties; signed-in readers always get a fresh page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation import services


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_repeated_anonymous_read_costs_no_queries(client, submit):
    case = submit(title="Broken lamp by the bridge")
    url = f"/cases/{case.reference}/"

    first, cold = _queries(client, url)
    second, warm = _queries(client, url)

    assert cold > 0 and warm == 0
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()


def test_a_change_to_any_case_shows_at_once(
    client, submit, dispatcher, town, django_capture_on_commit_callbacks
):
    case = submit(title="Broken lamp by the bridge")
    url = f"/cases/{case.reference}/"
    assert "Not yet assigned" in client.get(url).content.decode()
    assert "Broken lamp" in client.get("/cases/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.case_dispatch(
            case=case, actor=dispatcher, department=town.department, public_message="On its way."
        )

    assert "On its way." in client.get(url).content.decode()
    assert "Dispatched" in client.get("/cases/").content.decode()


def test_signed_in_readers_and_other_languages_get_their_own_page(client, submit, resident):
    case = submit()
    url = f"/cases/{case.reference}/"
    english = client.get(url).content.decode()

    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    client.force_login(resident)
    _signed_in, queries = _queries(client, url)

    assert 'lang="zh-hans"' in chinese and 'lang="en"' in english
    assert queries > 0


def test_the_language_switcher_works_from_a_cached_page(client, submit):
    case = submit()
    url = f"/cases/{case.reference}/"
    client.get(url)
    client.handler.enforce_csrf_checks = True

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": url})

    assert response.status_code == 302
    assert 'lang="zh-hans"' in client.get(url).content.decode()


def test_a_link_with_tracking_parameters_is_served_the_cached_page(client, submit):
    case = submit(title="Broken lamp by the bridge")
    url = f"/cases/{case.reference}/"
    plain, _cold = _queries(client, url)

    tagged, warm = _queries(
        client, f"{url}?utm_source=wechat&utm_medium=share&fbclid=IwAR0x&from=singlemessage"
    )
    _other, also_warm = _queries(client, f"{url}?gclid=Cj0KCQ&spm=a2c6h.12873639&_ga=2.1")

    assert warm == 0 and also_warm == 0
    assert tagged.content == plain.content


def test_a_tracked_first_visit_stores_the_plain_page_once(client, submit):
    submit(title="Broken lamp by the bridge")

    tagged, cold = _queries(client, "/cases/?status=submitted&utm_campaign=spring&mc_cid=42")
    plain, warm = _queries(client, "/cases/?status=submitted")

    assert cold > 0 and warm == 0
    assert plain.content == tagged.content
    assert "utm_campaign" not in plain.content.decode()
    assert "mc_cid" not in plain.content.decode()


def test_parameters_a_page_may_read_still_make_their_own_page(client, submit):
    case = submit()
    url = f"/cases/{case.reference}/"
    _queries(client, url)
    _queries(client, "/cases/")

    # `from` is WeChat's mark only as "singlemessage" and the like; as a version number it counts.
    _response, other_from = _queries(client, f"{url}?from=2")
    _response, other_filter = _queries(client, "/cases/?status=closed&utm_source=x")

    assert other_from > 0 and other_filter > 0
