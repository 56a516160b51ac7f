"""Demo accounts: one per role, with a shared demo password, verified emails, and TOTP already
set up for the staff roles (the secret is printed so a reviewer can generate codes). Also what
every app's demo uses to place its pages: the site's home page in a language, publishing a page
and publishing its translation (as the admin's "Translate" action makes it)."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from wagtail.models import Locale, Page, Site

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from . import roles
from .models import User

DEMO_PASSWORD = "wuzhen-demo-2026"
# Base32; `oathtool --totp -b JBSWY3DPEHPK3PXP` or any authenticator app gives the current code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"

DEMO_USERS = [
    # email, display name, roles
    ("resident@example.org", "Li Hua", [roles.RESIDENT]),
    ("housekeeper@example.org", "Wang Fang", [roles.RESIDENT, roles.HOUSEKEEPER]),
    ("gridleader@example.org", "Zhang Wei", [roles.RESIDENT, roles.GRID_LEADER]),
    ("dispatcher@example.org", "Chen Jing", [roles.DISPATCHER]),
    ("staff@example.org", "Liu Yang", [roles.DEPARTMENT_STAFF]),
    ("lead@example.org", "Zhao Min", [roles.DEPARTMENT_LEAD]),
    ("leader@example.org", "Shen Hui", [roles.TOWN_LEADER]),
    ("editor@example.org", "Sun Li", [roles.EDITOR]),
    ("moderator@example.org", "Zhou Qiang", [roles.MODERATOR]),
    ("admin@example.org", "Wu Gang", [roles.ADMINISTRATOR]),
    ("expert@example.org", "Qian Lin", [roles.RESIDENT, roles.EXPERT]),
]


# A resident who signed up with a mobile number only, and signs in with a code by text message
# (printed in the `make run` terminal by the console SMS backend) or the demo password.
DEMO_PHONE_USER = ("+8613800138000", "Wu Ayi")


def demo_password_hash() -> str:
    """The demo password, hashed once per seed: hashing is slow on purpose, and every demo
    account shares the password anyway."""
    return make_password(DEMO_PASSWORD)


def demo_user(email, display_name, role_names, *, password_hash, **fields) -> User:
    """Create or update one demo account: active, with the demo password, a verified primary
    email and exactly these roles. Extra model fields (e.g. `home_grid`) may be given."""
    is_admin = roles.ADMINISTRATOR in role_names
    user, _created = User.objects.update_or_create(
        email=email,
        defaults={
            "display_name": display_name,
            "is_active": True,
            "is_staff": is_admin,
            "is_superuser": is_admin,
            "password": password_hash,
            **fields,
        },
    )
    user.groups.set(Group.objects.filter(name__in=role_names))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def site_home(language: str) -> Page:
    """The default site's home page in `language`: its root page (the town writes in Chinese) or
    that page's translation, found without knowing the home page's type."""
    root = Site.objects.get(is_default_site=True).root_page
    return root.get_translation(Locale.objects.get(language_code=language))


def publish_page(parent, page, tags=()):
    """Add `page` under `parent` and publish it."""
    parent.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    return page


def publish_translation(page, language: str, tags=(), **fields):
    """The published version of `page` in `language`, made (with `fields` and `tags`) if it does
    not exist yet. The parent must have its version in `language` already."""
    locale = Locale.objects.get(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    if tags:
        translation.tags.set(tags)
    translation.save_revision().publish()
    return translation


def seed(*, stdout) -> dict[str, int]:
    password_hash = demo_password_hash()
    for email, display_name, role_names in DEMO_USERS:
        user = demo_user(email, display_name, role_names, password_hash=password_hash)
        is_staff_role = any(name in roles.STAFF_ROLES for name in role_names)
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if is_staff_role and not has_totp:
            TOTP.activate(user, DEMO_TOTP_SECRET)

    phone, display_name = DEMO_PHONE_USER
    phone_user, _created = User.objects.update_or_create(
        phone=phone,
        defaults={
            "display_name": display_name,
            "phone_verified": True,
            "sms_notices": True,
            "is_active": True,
            "password": password_hash,
        },
    )
    phone_user.groups.set(Group.objects.filter(name=roles.RESIDENT))

    stdout.write(f"  Demo users (password for all: {DEMO_PASSWORD}):")
    for email, _name, role_names in DEMO_USERS:
        stdout.write(f"    {email:28} {', '.join(role_names)}")
    stdout.write(f"    {'13800138000':28} Resident, mobile number only (or a code by text message)")
    stdout.write(
        f"  Staff users sign in with a TOTP code from secret {DEMO_TOTP_SECRET} "
        f"(e.g. `oathtool --totp -b {DEMO_TOTP_SECRET}`)."
    )
    return {"users": len(DEMO_USERS) + 1}
