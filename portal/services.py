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
    *,
    user: User,
    display_name: str,
    home_grid,
    language: str | None = None,
    on_leaderboard: bool | None = None,
) -> User:
    user.display_name = display_name.strip()
    user.home_grid = home_grid
    if language:
        user.language = language
    if on_leaderboard is not None:
        user.on_leaderboard = on_leaderboard
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "home_grid", "language", "on_leaderboard"])
    return user


@transaction.atomic
def notification_settings_update(
    *,
    user: User,
    email_on: dict[str, bool],
    sms_on: dict[str, bool] | None = None,
    sms_notices: bool | None = None,
) -> User:
    """Turn email (and text messages) on or off per kind of notification (the on-site inbox
    keeps everything). Kinds not given keep their setting."""
    from .notifications import KINDS, SMS_KINDS

    unknown = (set(email_on) - set(KINDS)) | (set(sms_on or {}) - set(SMS_KINDS))
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.muted_email_kinds = _muted(user.muted_email_kinds, email_on, KINDS)
    user.muted_sms_kinds = _muted(user.muted_sms_kinds, sms_on or {}, SMS_KINDS)
    if sms_notices is not None:
        user.sms_notices = sms_notices
    user.save(update_fields=["muted_email_kinds", "muted_sms_kinds", "sms_notices"])
    return user


def _muted(current, on_by_kind: dict[str, bool], known) -> list[str]:
    muted = set(current or [])
    for kind, on in on_by_kind.items():
        if on:
            muted.discard(kind)
        else:
            muted.add(kind)
    # Known kinds in their usual order, then anything left from kinds since removed.
    return [k for k in known if k in muted] + sorted(muted - set(known))
