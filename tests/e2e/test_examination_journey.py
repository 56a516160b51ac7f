"""The linkage centre hides a case, and examines a repair before the reporter is asked, on phones.

Manhole covers are a category whose repairs the centre checks. A resident reported a missing
cover with a photo, and the centre dispatched it to the Construction Management Office (both
through the services). Everyone below then uses a 360 px wide phone:

The dispatcher, logged in with their TOTP code, hides the case from the public with a reason: an
anonymous visitor gets "Page not found" at its page (a 404, which Chromium logs: that entry is
expected) and no longer finds it in the list, nor its photo. The dispatcher publishes it again and
the visitor sees it. The department's staff (with their code) accept it and resolve it with an
after photo uploaded through the form: the case awaits the centre's check, for the public and for
the reporter, who is not yet asked to evaluate it. The dispatcher finds it under "Repairs to
check" in the centre queue; the check shows the before and after photos side by side, both loaded
and on one row inside the phone's width. They send the repair back with a reason: the case is in
progress again with the same due time, the department reads the reason in the admin timeline and
the public does not. The department resolves again with a new photo, the dispatcher approves, the
reporter is asked to evaluate, evaluates "Satisfied", and the public page shows the case closed.
The console of every page is checked at the end; the record (events, notifications) last.

Screenshots go to /tmp/e2e-shots/examination-*.png for a person to look at; the side-by-side
check is examination-05-check-side-by-side-360.png.
"""

import re

import pytest
from playwright.sync_api import expect

from participation import services
from participation.models import Attachment, Case, CaseEvent
from portal import roles
from portal.models import Notification

from .conftest import NARROW
from .town import build_town, log_in, make_person, photo, report_case, shot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Manhole cover missing outside the Xizha visitor centre"
HIDE_REASON = "The photo shows a neighbour's front door and house number."
FIRST_REPAIR = "A temporary steel plate was laid over the hole."
SEND_BACK_REASON = "The after photo shows a loose plate, not a fitted cover; fit a cast-iron one."
SEND_BACK_PUBLIC = "The linkage centre asked the department to finish the repair."
SECOND_REPAIR = "A new cast-iron cover was fitted and locked in place."
# The standard sentence each reader gets in their language when the centre writes no message.
APPROVED = "The linkage centre checked the repair and approved it."
BEFORE = "Before: the report"
AFTER = "After: the department's repair"
AWAITING = "Awaiting the centre's check"


def _expect_not_found(console_errors, page) -> None:
    """A page that answers 404 shows "Page not found"; Chromium logs the 404 of the page itself
    as a failed load. That entry is expected: take it out, leaving anything else to fail."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    missing = [
        entry
        for entry in console_errors
        if entry.startswith(f"{page.url} <- {page.url}:") and "status of 404" in entry
    ]
    assert missing, f"expected {page.url} to answer 404, console: {list(console_errors)}"
    console_errors.entries[:] = [e for e in console_errors if e not in missing]


def _act(page, label: str, reference: str, *, fill=None, button: str | None = None) -> None:
    """On a case's admin page: open the action's form, fill it, send it, see it done."""
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)
    for name, value in (fill or {}).items():
        page.locator(f"main form [name={name}]").fill(value)
    page.locator("main form").get_by_role("button", name=button or label, exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/cases/inspect/\d+/$"))
    expect(page.locator(".messages")).to_contain_text(f"{reference}: {label} done.")


def _due(page):
    """What the case's admin page says under "Due"."""
    return page.locator("main dl > dt", has_text=re.compile(r"^Due$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def _public_status(page):
    return page.locator(".case-head .status")


def _loaded(image) -> None:
    """Until the image has arrived and been decoded (not a broken-image icon)."""
    image.evaluate("img => img.decode()")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_the_centre_hides_a_case_and_checks_a_repair_on_a_phone(
    new_page, live_server, console_errors, totp_for, tmp_path
):
    # --- The town; manhole covers are checked by the centre. -----------------------------------
    town = build_town()
    category, department = town["manhole-cover"], town["construction"]
    category.centre_checks_repairs = True
    category.save()
    resident = make_person("mei.lin@example.com", roles=[roles.RESIDENT], display_name="Mei Lin")
    dispatcher = make_person(
        "dispatcher@example.com", roles=[roles.DISPATCHER], display_name="Chen Jing"
    )
    staff = make_person(
        "builder@example.com",
        roles=[roles.DEPARTMENT_STAFF],
        display_name="Liu Yang",
        department=department,
    )
    dispatcher_code, staff_code = totp_for(dispatcher), totp_for(staff)

    case = report_case(
        resident, category, title=TITLE, photo_path=photo(tmp_path / "before.jpg", label="before")
    )
    case = services.case_dispatch(
        case=case,
        actor=dispatcher,
        department=department,
        public_message="Sent to the Construction Management Office.",
        publish_report=True,
    )
    reference, pk = case.reference, case.pk
    case_path, inspect_path = f"/cases/{reference}/", f"/admin/cases/inspect/{pk}/"
    [before_photo] = case.attachments.filter(kind=Attachment.Kind.PHOTO)
    before_url = f"/cases/files/{before_photo.pk}/"
    due_at = case.due_at
    assert due_at is not None

    # An anonymous visitor sees the case, with its photo.
    visitor = new_page(viewport=NARROW)
    visitor.goto(case_path)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(_public_status(visitor)).to_have_text("Dispatched")
    assert visitor.request.get(before_url).status == 200

    # --- The dispatcher hides it from the public, from a phone. --------------------------------
    centre = new_page(viewport=NARROW)
    log_in(centre, dispatcher.email, next_url=inspect_path, totp_code=dispatcher_code)
    expect(centre).to_have_url(live_server.url + inspect_path)
    expect(centre.locator("main h2").first).to_have_text(f"{reference} · Dispatched")
    expect(centre.get_by_role("link", name="Public page")).to_have_attribute("href", case_path)
    shot(centre, "examination-01-centre-inspect-360")
    centre.get_by_role("link", name="Hide from the public", exact=True).click()
    expect(centre).to_have_url(live_server.url + f"/admin/cases/{pk}/hide/")
    centre.get_by_label("Why take it off the public site?").fill(HIDE_REASON)
    shot(centre, "examination-02-centre-hide-form-360")
    centre.locator("main form").get_by_role("button", name="Hide from the public").click()
    expect(centre).to_have_url(live_server.url + inspect_path)
    expect(centre.locator(".messages")).to_contain_text(f"{reference}: Hide from the public done.")
    expect(centre.locator("main")).to_contain_text(f"Hidden from the public: {HIDE_REASON}")
    expect(centre.get_by_role("link", name="Case page (reporter and staff only)")).to_be_visible()
    expect(centre.get_by_role("link", name="Hide from the public", exact=True)).to_have_count(0)
    shot(centre, "examination-03-centre-hidden-360")

    # The visitor finds it gone: its page, the list, its photo.
    response = visitor.goto(case_path)
    assert response.status == 404
    _expect_not_found(console_errors, visitor)
    assert visitor.request.get(before_url).status == 404
    visitor.goto("/cases/")
    expect(visitor.get_by_role("heading", level=1)).to_be_visible()
    expect(visitor.locator("main")).not_to_contain_text(reference)
    expect(visitor.locator("main")).not_to_contain_text(TITLE)

    # The dispatcher puts it back; the visitor sees it again.
    _act(centre, "Publish", reference)
    expect(centre.locator("main")).not_to_contain_text("Hidden from the public:")
    expect(centre.get_by_role("link", name="Public page")).to_be_visible()
    visitor.goto(case_path)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(_public_status(visitor)).to_have_text("Dispatched")
    expect(visitor.locator("main")).not_to_contain_text(HIDE_REASON)
    assert visitor.request.get(before_url).status == 200
    visitor.goto("/cases/")
    expect(visitor.locator(".case-card", has_text=reference)).to_contain_text(TITLE)

    # --- The department accepts it and resolves it with an after photo. ------------------------
    field = new_page(viewport=NARROW)
    log_in(field, staff.email, next_url=inspect_path, totp_code=staff_code)
    expect(field).to_have_url(live_server.url + inspect_path)
    expect(field.locator("main h2").first).to_have_text(f"{reference} · Dispatched")
    _act(field, "Accept", reference)
    expect(field.locator("main h2").first).to_have_text(f"{reference} · In progress")

    field.get_by_role("link", name="Resolve", exact=True).click()
    expect(field).to_have_url(live_server.url + f"/admin/cases/{pk}/resolve/")
    field.get_by_label("What was done").fill(FIRST_REPAIR)
    field.locator("main form input[name=photos]").set_input_files(
        photo(tmp_path / "after-1.jpg", colour=(120, 120, 130), label="plate")
    )
    shot(field, "examination-04-department-resolve-360")
    field.locator("main form").get_by_role("button", name="Resolve", exact=True).click()
    expect(field).to_have_url(live_server.url + inspect_path)
    expect(field.locator(".messages")).to_contain_text(f"{reference}: Resolve done.")
    expect(field.locator("main h2").first).to_have_text(f"{reference} · {AWAITING}")
    expect(field.get_by_role("link", name="Resolve", exact=True)).to_have_count(0)

    # The public and the reporter see it waiting for the centre; the reporter is not asked yet.
    visitor.goto(case_path)
    expect(_public_status(visitor)).to_have_text(AWAITING)
    phone = new_page(viewport=NARROW)
    log_in(phone, resident.email)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")
    phone.goto(case_path)
    expect(_public_status(phone)).to_have_text(AWAITING)
    expect(phone.get_by_role("link", name="Evaluate the result")).to_have_count(0)
    assert not Notification.objects.filter(recipient=resident, kind="case_evaluation").exists()

    # --- The dispatcher checks it: before and after, side by side on the phone. ----------------
    centre.goto("/admin/cases/queue/")
    expect(centre.locator("#to-check")).to_have_text("Repairs to check")
    to_check = centre.get_by_role("link", name=f"{reference} · {TITLE}")
    expect(to_check).to_have_attribute("href", f"/admin/cases/{pk}/approve/")
    to_check.click()
    expect(centre).to_have_url(live_server.url + f"/admin/cases/{pk}/approve/")
    expect(centre.get_by_role("heading", level=1)).to_contain_text("Approve the repair")
    compare = centre.locator("div.case-compare")
    before = compare.get_by_role("region", name=BEFORE)
    after = compare.get_by_role("region", name=AFTER)
    expect(before.get_by_role("heading")).to_have_text(BEFORE)
    expect(after.get_by_role("heading")).to_have_text(AFTER)
    before_image, after_image = before.locator("img"), after.locator("img")
    expect(before_image).to_have_count(1)
    expect(after_image).to_have_count(1)
    expect(before_image).to_be_visible()
    expect(after_image).to_be_visible()
    _loaded(before_image)
    _loaded(after_image)
    expect(centre.locator("main")).to_contain_text(f"What the department did: {FIRST_REPAIR}")
    shot(centre, "examination-05-check-side-by-side-360")
    # One row: each photo's middle is level with the other (the column titles may wrap to
    # different heights above them), the before photo on the left, both inside the phone.
    left, right = before_image.bounding_box(), after_image.bounding_box()
    for one, other in ((left, right), (right, left)):
        middle = one["y"] + one["height"] / 2
        assert other["y"] < middle < other["y"] + other["height"], ("one row", left, right)
    assert left["x"] + left["width"] <= right["x"], ("before on the left", left, right)
    assert 0 <= left["x"] and right["x"] + right["width"] <= NARROW["width"], (left, right)
    assert min(left["width"], right["width"]) >= 100, ("big enough to judge", left, right)
    assert centre.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]

    # Not good enough: sent back with the reason, from the case page.
    centre.get_by_role("link", name=f"← {reference} · {TITLE}").click()
    expect(centre).to_have_url(live_server.url + inspect_path)
    expect(centre.locator("main h2").first).to_have_text(f"{reference} · {AWAITING}")
    due_text = _due(centre).inner_text()
    _act(
        centre,
        "Send the repair back",
        reference,
        fill={"reason": SEND_BACK_REASON, "public_message": SEND_BACK_PUBLIC},
    )
    expect(centre.locator("main h2").first).to_have_text(f"{reference} · In progress")
    expect(_due(centre)).to_have_text(due_text)
    expect(centre.get_by_role("link", name="Approve the repair")).to_have_count(0)
    shot(centre, "examination-06-centre-sent-back-360")
    assert Case.objects.get(pk=pk).due_at == due_at, "the clock runs on"

    # The department reads why; the public reads only the public message.
    field.reload()
    expect(field.locator("main h2").first).to_have_text(f"{reference} · In progress")
    sent_back = field.locator("table.listing tbody tr", has_text="Repair sent back by the centre")
    expect(sent_back).to_contain_text(SEND_BACK_REASON)
    expect(sent_back).to_contain_text(f"{AWAITING} → In progress")
    visitor.goto(case_path)
    expect(_public_status(visitor)).to_have_text("In progress")
    expect(visitor.locator(".timeline")).to_contain_text(SEND_BACK_PUBLIC)
    expect(visitor.locator("main")).not_to_contain_text(SEND_BACK_REASON)

    # --- The department resolves again, and the centre approves. -------------------------------
    field.get_by_role("link", name="Resolve", exact=True).click()
    field.get_by_label("What was done").fill(SECOND_REPAIR)
    field.locator("main form input[name=photos]").set_input_files(
        photo(tmp_path / "after-2.jpg", colour=(40, 40, 40), label="cover")
    )
    field.locator("main form").get_by_role("button", name="Resolve", exact=True).click()
    expect(field.locator(".messages")).to_contain_text(f"{reference}: Resolve done.")
    expect(field.locator("main h2").first).to_have_text(f"{reference} · {AWAITING}")

    centre.goto("/admin/cases/queue/")
    centre.get_by_role("link", name=f"{reference} · {TITLE}").click()
    expect(centre).to_have_url(live_server.url + f"/admin/cases/{pk}/approve/")
    newest = case.attachments.filter(stage=Attachment.Stage.RECTIFICATION).latest("pk")
    newest_image = after.locator(f'img[src="/cases/files/{newest.pk}/"]')
    expect(newest_image).to_be_visible()
    _loaded(newest_image)
    expect(centre.locator("main")).to_contain_text(f"What the department did: {SECOND_REPAIR}")
    expect(centre.locator("main form [name=public_message]")).to_have_value("")
    shot(centre, "examination-07-check-again-360")
    centre.locator("main form").get_by_role("button", name="Approve the repair").click()
    expect(centre).to_have_url(live_server.url + inspect_path)
    expect(centre.locator(".messages")).to_contain_text(f"{reference}: Approve the repair done.")
    expect(centre.locator("main h2").first).to_have_text(f"{reference} · Resolved")
    centre.goto("/admin/cases/queue/")
    expect(centre.locator("main")).to_contain_text("No repair is waiting for the centre's check.")

    # --- The reporter evaluates: satisfied; the public sees it closed. -------------------------
    phone.goto(case_path)
    expect(_public_status(phone)).to_have_text("Resolved")
    phone.get_by_role("link", name="Evaluate the result").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Evaluate the result")
    expect(phone.locator("main")).to_contain_text(SECOND_REPAIR)
    phone.get_by_label("Satisfied", exact=True).check()
    shot(phone, "examination-08-evaluate-360")
    phone.get_by_role("button", name="Send evaluation").click()
    expect(phone).to_have_url(live_server.url + case_path)
    expect(phone.locator("main")).to_contain_text("Thank you for your evaluation.")
    expect(_public_status(phone)).to_have_text("Closed")
    expect(phone.get_by_role("link", name="Evaluate the result")).to_have_count(0)

    visitor.goto(case_path)
    expect(_public_status(visitor)).to_have_text("Closed")
    expect(visitor.locator(".timeline__item strong")).to_have_text(
        [
            "Reported",
            "Dispatched",
            "Accepted",
            "Resolved",
            "Repair sent back by the centre",
            "Resolved",
            "Repair approved by the centre",
            "Evaluated",
        ]
    )
    expect(visitor.locator(".timeline")).to_contain_text(APPROVED)
    expect(visitor.locator("#result-title + p")).to_contain_text(SECOND_REPAIR)
    for private in (HIDE_REASON, SEND_BACK_REASON):
        expect(visitor.locator("main")).not_to_contain_text(private)
    shot(visitor, "examination-09-public-closed-360")

    # --- The record. ---------------------------------------------------------------------------
    console_errors.assert_none()
    case.refresh_from_db()
    assert (case.status, case.is_hidden, case.due_at) == (Case.Status.CLOSED, False, due_at)
    A = CaseEvent.Action
    assert list(case.events.values_list("action", "to_status")) == [
        (A.SUBMIT, Case.Status.SUBMITTED),
        (A.DISPATCH, Case.Status.DISPATCHED),
        (A.HIDE, Case.Status.DISPATCHED),
        (A.PUBLISH, Case.Status.DISPATCHED),
        (A.ACCEPT, Case.Status.IN_PROGRESS),
        (A.RESOLVE, Case.Status.AWAITING_CHECK),
        (A.SEND_BACK, Case.Status.IN_PROGRESS),
        (A.RESOLVE, Case.Status.AWAITING_CHECK),
        (A.APPROVE, Case.Status.RESOLVED),
        (A.EVALUATE, Case.Status.CLOSED),
    ]
    hidden = case.events.get(action=A.HIDE)
    assert (hidden.actor, hidden.internal_note) == (dispatcher, HIDE_REASON)
    sent = case.events.get(action=A.SEND_BACK)
    assert (sent.actor, sent.internal_note) == (dispatcher, SEND_BACK_REASON)
    assert case.attachments.filter(stage=Attachment.Stage.RECTIFICATION).count() == 2
    # Asked to evaluate once, after the approval (in the resident's language: not checked here).
    asked = Notification.objects.filter(recipient=resident, kind="case_evaluation")
    assert list(asked.values_list("key", "url")) == [
        (f"case-evaluate:{pk}:1", f"/cases/{reference}/evaluate/")
    ]
