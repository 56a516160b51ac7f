"""A small town for the case tests: what the report form and the admin need, built directly.

The demo seed (`participation.demo.seed`) also creates demo users and may create thousands of
demo cases; the browser tests need only the structure, so they build it here: the demo's
communities and grid layout (around the map's centre, 30.74N 120.49E), and a few platforms,
departments and categories with their routing. Helpers for logging in (with the MFA code for
staff) and for test photos live here too.
"""

import io
import re
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from allauth.account.models import EmailAddress
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from participation import demo, services
from participation.models import (
    Case,
    Category,
    Community,
    Department,
    DepartmentMembership,
    Grid,
    Platform,
)
from portal.models import User

PASSWORD = "Lantern-bridge-canal-4821"
SIGN_IN = re.compile(r"sign in|log in", re.I)
SHOTS = Path("/tmp/e2e-shots")

# (platform code, English, Chinese), (department code, platform, English, Chinese),
# (category code, department, English, Chinese)
PLATFORMS = [
    ("enforcement", "Administrative law enforcement", "行政执法"),
    ("services", "Convenience services", "便民服务"),
]
DEPARTMENTS = [
    ("construction", "enforcement", "Construction Management Office", "建设管理办"),
    ("law-enforcement", "enforcement", "Law Enforcement Squad", "综合行政执法中队"),
    ("sanitation", "services", "Sanitation Station", "环卫所"),
]
CATEGORIES = [
    ("manhole-cover", "construction", "Missing or broken manhole cover", "井盖缺失破损"),
    ("street-stalls", "law-enforcement", "Stalls blocking the road", "占道经营"),
    ("rubbish", "sanitation", "Rubbish not collected", "垃圾清运"),
]


def build_town() -> dict[str, object]:
    """Platforms, departments, categories, and the demo's communities and grids. Returns them
    by code (grids by number)."""
    made: dict[str, object] = {}
    platforms = {}
    for order, (code, name_en, name) in enumerate(PLATFORMS):
        platforms[code] = Platform.objects.create(
            code=code, name=name, name_en=name_en, sort_order=order
        )
    for code, platform, name_en, name in DEPARTMENTS:
        made[code] = Department.objects.create(
            code=code, platform=platforms[platform], name=name, name_en=name_en
        )
    for order, (code, department, name_en, name) in enumerate(CATEGORIES):
        made[code] = Category.objects.create(
            code=code,
            platform=made[department].platform,
            default_department=made[department],
            name=name,
            name_en=name_en,
            sla_routine_hours=72,
            sla_express_hours=24,
            sla_emergency_hours=4,
            sort_order=order,
        )
    communities = {
        code: Community.objects.create(code=code, name=name, name_en=name_en, kind=kind)
        for code, name, name_en, kind, _count in demo.COMMUNITIES
    }
    for number, (community, boundary) in enumerate(demo.grid_boundaries(), start=1):
        made[number] = Grid.objects.create(
            number=number, community=communities[community], boundary=boundary
        )
    return made


def make_person(email: str, *, roles=(), display_name: str = "", department=None) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, display_name=display_name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    user.groups.set(Group.objects.filter(name__in=roles))
    if department is not None:
        DepartmentMembership.objects.create(
            user=user, department=department, role=DepartmentMembership.Role.STAFF
        )
    return user


def log_in(page, email: str, *, next_url: str = "", totp_code=None) -> None:
    """Log in through the site's login page; staff then type their TOTP code."""
    page.goto(f"/accounts/login/?next={next_url}" if next_url else "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN)
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form.form").get_by_role("button", name=SIGN_IN).click()
    if totp_code is not None:
        _type_totp_code(page, totp_code)


def _type_totp_code(page, totp_code) -> None:
    """The MFA step. A code made just before its 30-second window ends can reach the server in
    the next window (allauth allows no tolerance); then a fresh code is typed, once."""
    authenticate = re.compile(r"/accounts/2fa/authenticate/")
    expect(page).to_have_url(authenticate)
    for _attempt in range(2):
        field = page.locator('input[name="code"]')
        field.fill(totp_code())
        with page.expect_navigation():
            field.press("Enter")
        if not authenticate.search(page.url):
            return
        expect(page.locator("main")).to_contain_text("Incorrect code")
    raise AssertionError("the TOTP code was refused twice")


def photo(path: Path, *, colour=(200, 80, 40), label: str = "") -> Path:
    """A small JPEG, like a phone photo but tiny."""
    image = Image.new("RGB", (640, 480), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 150, 440, 330), outline=(255, 255, 255), width=12)
    if label:
        draw.text((20, 20), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def shot(page, name: str, *, full_page: bool = True) -> None:
    """A screenshot for a person to look at (not compared with anything)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")  # styles and scripts in, not only the element a test awaited
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def report_case(reporter, category, *, title: str, photo_path: Path | None = None) -> Case:
    """A case reported through the service, as the form would (with a photo if given)."""
    photos = []
    if photo_path is not None:
        photos = [SimpleUploadedFile("photo.jpg", photo_path.read_bytes(), "image/jpeg")]
    case, _created = services.case_submit(
        reporter=reporter,
        category=category,
        urgency=Case.Urgency.EXPRESS,
        title=title,
        description="Reported for a test; this text is long enough to wrap on a phone screen.",
        latitude=Decimal("30.745"),
        longitude=Decimal("120.485"),
        show_reporter_name=False,
        photos=photos,
    )
    return case


def resolve_case(case: Case, *, dispatcher, staff, photo_path: Path) -> Case:
    """Dispatch to the category's department, accept and resolve it with an after-photo."""
    case = services.case_dispatch(
        case=case,
        actor=dispatcher,
        department=case.category.default_department,
        public_message="Sent to the department responsible.",
    )
    case = services.case_accept(case=case, actor=staff)
    return services.case_resolve(
        case=case,
        actor=staff,
        summary="Fixed and checked on site.",
        photos=[SimpleUploadedFile("after.jpg", photo_path.read_bytes(), "image/jpeg")],
    )


def serve_media(context) -> None:
    """Answer /media/ requests from MEDIA_ROOT, as the web server in front of the site does
    (the live server, with DEBUG off, serves static files but not media)."""
    import mimetypes
    from urllib.parse import unquote, urlsplit

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT).resolve()

    def fulfil(route) -> None:
        relative = unquote(urlsplit(route.request.url).path).removeprefix(settings.MEDIA_URL)
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            route.fulfill(status=404, content_type="text/plain", body="Not found")
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, content_type=content_type, body=path.read_bytes())

    context.route(f"**{settings.MEDIA_URL}**", fulfil)


def png(path: Path, *, size=(1200, 800), colour=(40, 120, 200), label: str = "") -> Path:
    """A small PNG, e.g. an editor's picture for an article."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width // 3, height // 4, width * 2 // 3, height * 3 // 4), fill=(240, 240, 240))
    if label:
        draw.text((20, 20), label, fill=(255, 255, 255))
    image.save(path, format="PNG")
    return path
