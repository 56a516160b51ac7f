"""Open311 GeoReport v2 in real browsers: an administrator issues a key for a street app in the
Wagtail admin, the app posts a service request with it (photo, extra question, HTML in the text),
the case shows on the public page (escaped, without the reporter's contact details) and to the
dispatcher (with them), it is dispatched and resolved and the API lists it as closed; then the key
is revoked in the admin and the API refuses it. Also: the report form's extra questions (shown
for the chosen category only, required answers enforced) in English and Chinese, and the
developers' page at /open311/ on a phone.

The API calls are made with the standard library (urllib), as a client application would.
Screenshots of the key pages go to /tmp/e2e-shots/open311-*.png for a person to look at.
"""

import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from participation.models import ApiKey, Case, CategoryAttribute
from participation.selectors import grid_for_point
from participation.services import case_accept, case_resolve
from portal import roles

from .conftest import CHINESE, ENGLISH, NARROW, WIDE
from .test_accessibility import assert_no_serious_violations
from .test_case_accessibility import expect_form_rejected
from .town import PASSWORD, build_town, log_in, make_person, photo, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REFERENCE = re.compile(r"^WZ-(?P<year>\d{4})-\d{6}$")  # e.g. WZ-2026-000001
HURT_EN, HURT_ZH = "Has anyone been hurt?", "是否有人受伤？"
STALLS_EN, STALLS_ZH = "How many stalls are there?", "有几个摊位？"
DESCRIPTION = "Manhole cover gone at the <b>bold</b> corner by the school gate.\nA deep hole."
FIRST_NAME, LAST_NAME, PHONE = "Guo", "Xiaoming", "13912345678"


def _town_with_questions() -> dict[str, object]:
    """The town, with a required "choose one" question on the manhole-cover category and an
    optional number question on the street-stalls one."""
    town = build_town()
    CategoryAttribute.objects.create(
        category=town["manhole-cover"],
        code="hurt",
        description=HURT_ZH,
        description_en=HURT_EN,
        datatype=CategoryAttribute.Datatype.SINGLEVALUELIST,
        required=True,
        values="no | 没有 | No\nyes | 有人受伤 | Yes, someone is hurt",
        sort_order=0,
    )
    CategoryAttribute.objects.create(
        category=town["street-stalls"],
        code="stalls",
        description=STALLS_ZH,
        description_en=STALLS_EN,
        datatype=CategoryAttribute.Datatype.NUMBER,
        required=False,
        sort_order=0,
    )
    return town


# --- A client application, with the standard library ---------------------------------------------


def _answer(request: urllib.request.Request) -> tuple[int, object]:
    """(status, parsed JSON body) of a request, errors included."""
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def _api_get(base_url: str, path: str, **query) -> tuple[int, object]:
    url = f"{base_url}/open311/v2/{path}?{urllib.parse.urlencode(query)}"
    return _answer(urllib.request.Request(url, headers={"Accept-Language": "en"}))


def _api_post(base_url: str, fields: list[tuple[str, str]], files=()) -> tuple[int, object]:
    """POST requests.json as multipart/form-data; files are (name, filename, type, bytes)."""
    boundary = f"----open311-{secrets.token_hex(12)}"
    body = bytearray()
    for name, value in fields:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        body += value.encode() + b"\r\n"
    for name, filename, content_type, content in files:
        body += (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        body += content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{base_url}/open311/v2/requests.json",
        data=bytes(body),
        method="POST",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Accept-Language": "en",
        },
    )
    return _answer(request)


# --- 1. Key, request, case, closure, revocation ------------------------------------------------


def test_open311_key_request_case_and_revocation(
    new_page, live_server, console_errors, totp_for, tmp_path
):
    town = _town_with_questions()
    category, department = town["manhole-cover"], town["construction"]
    administrator = make_person(
        "admin@example.com", roles=[roles.ADMINISTRATOR], display_name="Wang Fang"
    )
    dispatcher = make_person(
        "dispatcher@example.com", roles=[roles.DISPATCHER], display_name="Chen Jing"
    )
    staff = make_person(
        "builder@example.com",
        roles=[roles.DEPARTMENT_STAFF],
        display_name="Liu Yang",
        department=department,
    )
    admin_code, dispatcher_code = totp_for(administrator), totp_for(dispatcher)
    latitude, longitude = settings.PORTAL_MAP["center"]
    assert grid_for_point(latitude, longitude) is not None

    # --- The administrator issues a key for the street app, through the admin menu. -------------
    desk = new_page(viewport=WIDE)
    log_in(desk, administrator.email, next_url="/admin/", totp_code=admin_code)
    expect(desk).to_have_url(re.compile(r"/admin/$"))
    desk.get_by_role("button", name="Governance structure").click()
    desk.get_by_role("link", name="API keys (Open311)").click()
    expect(desk).to_have_url(re.compile(r"/admin/structure/api-keys/$"))
    shot(desk, "open311-01-admin-keys-empty")
    desk.get_by_role("link", name=re.compile(r"Add API key", re.I)).first.click()
    expect(desk).to_have_url(re.compile(r"/admin/structure/api-keys/new/$"))
    form = desk.locator("main form")
    form.locator("input[name=name]").fill("Street app")
    form.locator("input[name=contact]").fill("dev@street-app.example.org")
    form.locator("input[name=rate_limit]").fill("30")
    shot(desk, "open311-02-admin-key-form")
    form.get_by_role("button", name="Create").click()

    key_field = desk.locator("input#api-key")
    expect(key_field).to_have_attribute("readonly", "")
    raw_key = key_field.input_value()
    assert raw_key.startswith("wz_") and len(raw_key) > 30, raw_key
    expect(desk.locator("main")).to_contain_text("Street app")
    expect(desk.locator("main")).to_contain_text("shown only once")
    shot(desk, "open311-03-admin-key-issued")
    api_key = ApiKey.objects.get()
    assert api_key.name == "Street app" and api_key.created_by == administrator
    assert api_key.rate_limit == 30 and api_key.is_active

    # The listing shows the key's start, never the key.
    desk.get_by_role("link", name="Done: back to the API keys").click()
    expect(desk).to_have_url(re.compile(r"/admin/structure/api-keys/$"))
    row = desk.locator("table tbody tr", has_text="Street app")
    expect(row).to_contain_text(api_key.prefix)
    assert raw_key not in desk.content()

    # --- The street app posts a service request with it (multipart, with a photo). ------------
    picture = photo(tmp_path / "hole.jpg", label="open311").read_bytes()
    fields = [
        ("api_key", raw_key),
        ("service_code", category.code),
        ("lat", f"{latitude:.6f}"),
        ("long", f"{longitude:.6f}"),
        ("description", DESCRIPTION),
        ("attribute[hurt]", "yes"),
        ("first_name", FIRST_NAME),
        ("last_name", LAST_NAME),
        ("phone", PHONE),
    ]
    status, body = _api_post(
        live_server.url, fields, [("media", "hole.jpg", "image/jpeg", picture)]
    )
    assert status == 200, body
    assert isinstance(body, list) and len(body) == 1, body
    created = body[0]
    reference = created["service_request_id"]
    match = REFERENCE.match(reference)
    assert match, created
    assert created["token"], created
    case = Case.objects.get()
    assert case.reference == reference and case.source == Case.Source.OPEN311
    assert int(match["year"]) == timezone.localtime(case.submitted_at).year
    assert case.category == category and case.grid is not None
    assert case.attributes == {"hurt": "yes"}
    assert case.description == DESCRIPTION.strip()
    assert case.open311.api_key == api_key
    assert case.attachments.count() == 1
    # The token resolves to the same request.
    status, body = _api_get(live_server.url, f"tokens/{created['token']}.json")
    assert status == 200 and body[0]["service_request_id"] == reference, body

    # --- Anyone sees it on the public case page: text escaped, no contact details. -----------
    phone = new_page(viewport=NARROW, accept_language=ENGLISH)
    phone.goto(f"/cases/{reference}/")
    expect(phone.locator(".case-head__ref")).to_have_text(reference)
    # The reporter's own words wait for the linkage centre (published when it dispatches).
    expect(phone.locator(".case-description")).to_contain_text(
        "will be shown here once the linkage centre has read it"
    )
    expect(phone.locator("main h1 b")).to_have_count(0)
    expect(phone.locator("main ul.photos img")).to_have_count(1)
    page_text = phone.locator("body").inner_text()
    for private in (FIRST_NAME, LAST_NAME, PHONE):
        assert private not in page_text, f"{private!r} is shown on the public case page"
    assert PHONE not in phone.content()
    shot(phone, "open311-04-public-case-360")

    # --- The dispatcher sees who sent it, the contact and the answer, and dispatches it. -----
    centre = new_page(viewport=WIDE)
    log_in(
        centre,
        dispatcher.email,
        next_url=f"/admin/cases/inspect/{case.pk}/",
        totp_code=dispatcher_code,
    )
    expect(centre).to_have_url(re.compile(rf"/admin/cases/inspect/{case.pk}/$"))
    details = centre.locator("main dl")
    expect(details).to_contain_text("Street app")
    expect(details).to_contain_text(f"{FIRST_NAME} {LAST_NAME}")
    expect(details).to_contain_text(PHONE)
    answer = details.locator("dt", has_text=HURT_EN)
    expect(answer).to_have_count(1)
    expect(answer.locator("xpath=following-sibling::dd[1]")).to_have_text("Yes, someone is hurt")
    # Staff see the description as text too.
    expect(details).to_contain_text("<b>bold</b>")
    expect(details.locator("b")).to_have_count(0)
    shot(centre, "open311-05-admin-inspect")
    centre.get_by_role("link", name="Dispatch", exact=True).click()
    expect(centre.locator("select[name=department]")).to_have_value(str(department.pk))
    centre.locator("textarea[name=public_message]").fill("Sent to the construction office.")
    expect(centre.locator("input[name=publish_report]")).to_be_checked()
    centre.locator("main form").get_by_role("button", name="Dispatch").click()
    expect(centre.locator("body")).to_contain_text(f"{reference}: Dispatch done.")
    # Published with the dispatch: the public sees the words, as text.
    phone.reload()
    description = phone.locator(".case-description")
    expect(description).to_contain_text("<b>bold</b>")
    expect(description.locator("b")).to_have_count(0)
    # API keys are the administrators' business: not in the dispatcher's menu, nor at the URL.
    centre.get_by_role("button", name="Governance structure").click()
    expect(centre.get_by_role("link", name="Categories")).to_be_visible()
    expect(centre.get_by_role("link", name="API keys (Open311)")).to_have_count(0)
    centre.goto("/admin/structure/api-keys/")
    expect(centre).not_to_have_url(re.compile(r"/api-keys/"))
    expect(centre.locator("body")).not_to_contain_text("Street app")

    # --- The department accepts and resolves it; the API lists it as closed. -----------------
    case.refresh_from_db()
    case = case_accept(case=case, actor=staff)
    case = case_resolve(
        case=case,
        actor=staff,
        summary="A new cover was fitted.",
        photos=[SimpleUploadedFile("after.jpg", picture, "image/jpeg")],
    )
    status, body = _api_get(live_server.url, "requests.json", status="closed")
    assert status == 200, body
    closed = {item["service_request_id"]: item for item in body}
    assert reference in closed, body
    assert closed[reference]["status"] == "closed"
    assert closed[reference]["agency_responsible"] == department.name_en
    assert closed[reference]["service_code"] == category.code
    assert closed[reference]["description"] == DESCRIPTION.strip()
    serialized = json.dumps(body, ensure_ascii=False)
    for private in (FIRST_NAME, LAST_NAME, PHONE):
        assert private not in serialized
    status, body = _api_get(live_server.url, "requests.json", status="open")
    assert status == 200 and reference not in {i["service_request_id"] for i in body}, body

    # --- The administrator revokes the key; the app is refused. ------------------------------
    row.get_by_role("button", name=re.compile(r"More options", re.I)).click()
    row.get_by_role("menuitem", name="Revoke").or_(row.get_by_role("link", name="Revoke")).click()
    expect(desk).to_have_url(re.compile(rf"/admin/structure/api-keys/{api_key.pk}/revoke/$"))
    expect(desk.locator("main")).to_contain_text(api_key.prefix)
    shot(desk, "open311-06-admin-revoke-confirm")
    desk.get_by_role("button", name="Yes, revoke").click()
    expect(desk).to_have_url(re.compile(r"/admin/structure/api-keys/$"))
    expect(desk.locator("body")).to_contain_text("The key of “Street app” is revoked.")
    shot(desk, "open311-07-admin-key-revoked")
    api_key.refresh_from_db()
    assert not api_key.is_active

    status, body = _api_post(live_server.url, fields)
    assert status == 403, body
    assert isinstance(body, list) and len(body) == 1, body
    assert set(body[0]) == {"code", "description"}, body
    assert body[0]["code"] == 403 and "revoked" in body[0]["description"], body
    assert Case.objects.count() == 1
    console_errors.assert_none()


# --- 2. The report form's extra questions ------------------------------------------------------


def _sign_in(page, email: str, *, next_url: str) -> None:
    """town.log_in for a resident, in whatever language the page is in (log_in reads English)."""
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form.form button[type=submit]").click()


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
@pytest.mark.parametrize(
    ("accept_language", "lang"),
    [pytest.param(ENGLISH, "en", id="en"), pytest.param(CHINESE, "zh-hans", id="zh-hans")],
)
def test_report_form_asks_the_chosen_categorys_questions(page, live_server, console_errors, lang):
    english = lang == "en"
    town = _town_with_questions()
    manhole, stalls = town["manhole-cover"], town["street-stalls"]
    hurt_question, stalls_question = (HURT_EN, STALLS_EN) if english else (HURT_ZH, STALLS_ZH)
    yes = "Yes, someone is hurt" if english else "有人受伤"
    make_person("questions@example.com", roles=[roles.RESIDENT])
    _sign_in(page, "questions@example.com", next_url="/report/")
    expect(page).to_have_url(re.compile(r"/report/$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)

    form = page.locator("form.report-form")
    category = form.locator("select[name=category]")
    send = form.locator("button[type=submit]", has_text="Send report" if english else "提交")
    manhole_set = form.locator(f'fieldset.questions[data-category="{manhole.pk}"]')
    stalls_set = form.locator(f'fieldset.questions[data-category="{stalls.pk}"]')
    hurt = manhole_set.locator(f"#field-q_{manhole.pk}_hurt")
    hurt_choices = hurt.locator("input[type=radio]")
    # No category yet: no questions.
    expect(manhole_set).to_be_hidden()
    expect(stalls_set).to_be_hidden()

    def choose(cat) -> None:
        category.select_option(label=cat.name_en if english else cat.name)

    choose(manhole)
    expect(manhole_set).to_be_visible()
    expect(hurt_choices).to_have_count(2)
    for choice in hurt_choices.all():
        expect(choice).to_be_enabled()
    expect(hurt).to_contain_text(hurt_question)
    expect(hurt.get_by_label(yes)).to_be_visible()
    expect(page.get_by_text(stalls_question)).to_be_hidden()
    shot(page, f"open311-10-report-question-{lang}")

    # Another category: its own question instead, and the manhole one is hidden and not sent.
    choose(stalls)
    expect(manhole_set).to_be_hidden()
    expect(manhole_set).to_have_attribute("disabled", "")
    for choice in hurt_choices.all():
        expect(choice).to_be_disabled()
    expect(page.get_by_text(hurt_question)).to_be_hidden()
    expect(stalls_set).to_be_visible()
    expect(stalls_set).to_contain_text(stalls_question)
    choose(town["rubbish"])  # asks nothing
    expect(form.locator("fieldset.questions:visible")).to_have_count(0)

    # Back to the manhole; everything filled in but the required answer.
    choose(manhole)
    expect(hurt).to_be_visible()
    page.locator("#report-map").click()
    expect(page.locator("#report-map .leaflet-marker-icon")).to_have_count(1)
    form.locator("input[name=title]").fill("Manhole cover missing on the lane")
    form.locator("textarea[name=description]").fill("The drain by the lane has no cover.")
    send.click()

    required = (
        f"Answer the question “{HURT_EN}”." if english else f"请回答问题“{HURT_ZH}”。"
    )  # the service's message, shown on the question
    expect(hurt).to_have_class(re.compile(r"field--error"))
    expect(hurt).to_contain_text(required)
    expect(manhole_set).to_be_visible()
    summary_link = page.locator("#form-errors a", has_text=required)
    expect(summary_link).to_have_attribute("href", f"#field-q_{manhole.pk}_hurt")
    expect_form_rejected(console_errors, page)
    assert not Case.objects.exists()
    shot(page, f"open311-11-report-question-error-{lang}")
    assert_no_serious_violations(page)

    # Answered: the case is made with the answer.
    hurt.get_by_label(yes).check()
    send.click()
    expect(page).to_have_url(re.compile(r"/cases/WZ-\d{4}-\d{6,}/$"))
    case = Case.objects.get()
    assert case.category == manhole
    assert case.attributes == {"hurt": "yes"}
    console_errors.assert_none()


# --- 3. The developers' page ---------------------------------------------------------------------


DEVELOPERS = {"en": "Open311 API for developers", "zh-hans": "Open311 API 开发者指南"}
SWITCH_TO = {"en": ("zh-hans", "简体中文"), "zh-hans": ("en", "English")}


def _overflow(page) -> tuple[int, list[str]]:
    """How much wider than the screen the page is, and what sticks out (outside <pre>s)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter((e) => !e.parentElement.closest("pre"))
            .map((e) => [e, e.getBoundingClientRect().left + e.scrollWidth])
            .filter(([e, right]) => right > window.innerWidth + 1
                && getComputedStyle(e).overflowX === "visible")
            .map(([e, right]) => `<${e.tagName.toLowerCase()}> to ${Math.round(right)}px`)
            .slice(0, 10)"""
    )
    return overflow, wide


@pytest.mark.parametrize("viewport", [pytest.param(NARROW, id="360")])
@pytest.mark.parametrize(
    ("accept_language", "lang"),
    [pytest.param(ENGLISH, "en", id="en"), pytest.param(CHINESE, "zh-hans", id="zh-hans")],
)
def test_developers_page(page, live_server, console_errors, lang):
    """The page in the browser's language, scanned by axe; the switcher gives the other one.
    On a phone nothing may be wider than the screen (long examples scroll in their boxes)."""
    town = build_town()
    response = page.goto("/open311/")
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(DEVELOPERS[lang])
    main = page.locator("main")
    expect(main).to_contain_text(f"{live_server.url}/open311/v2")
    expect(main).to_contain_text(town["manhole-cover"].code)
    expect(main.get_by_role("link", name=re.compile(r"discovery\.json"))).to_be_visible()
    shot(page, f"open311-20-developers-{lang}")
    assert_no_serious_violations(page)
    overflows = {lang: _overflow(page)}

    other, button = SWITCH_TO[lang]
    switch = page.locator("form.language-switcher").get_by_role("button", name=button)
    if not switch.is_visible():  # on a phone it sits behind "Menu"
        page.locator("header.site-header summary").click()
    switch.click()
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page).to_have_url(re.compile(r"/open311/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(DEVELOPERS[other])
    assert_no_serious_violations(page)
    overflows[other] = _overflow(page)
    console_errors.assert_none()

    too_wide = {
        language: f"{px}px wider than the screen; sticking out: {wide}"
        for language, (px, wide) in overflows.items()
        if px > 0
    }
    assert not too_wide, f"/open311/ at {NARROW['width']}px: {too_wide}"
