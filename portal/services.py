"""Writes about people: registration, roles, profile. Each function is one transaction."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import User


@transaction.atomic
def user_assign_role(*, user: User, role: str) -> None:
    if role not in roles.ALL_ROLES:
        raise ValueError(f"Unknown role: {role}")
    user.groups.add(Group.objects.get(name=role))


@transaction.atomic
def resident_register(*, user: User, display_name: str = "", language: str = "") -> User:
    """Finish a signup: every account is a resident (it can act once its email is verified)."""
    user.display_name = display_name.strip()
    if language in dict(settings.LANGUAGES):
        user.language = language
    user.full_clean(exclude=["password"])
    user.save()
    user_assign_role(user=user, role=roles.RESIDENT)
    return user


@transaction.atomic
def profile_update(
    *, user: User, display_name: str, phone: str, home_grid, language: str | None = None
) -> User:
    user.display_name = display_name.strip()
    user.phone = phone.strip()
    user.home_grid = home_grid
    if language:
        user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "phone", "home_grid", "language"])
    return user
