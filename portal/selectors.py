"""Reads about people."""

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled

from . import roles
from .models import User


def user_is_staff(user: User) -> bool:
    """Whether the user holds any role that works in the admin (and so must use MFA)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin"):
        return True
    return user.groups.filter(name__in=roles.STAFF_ROLES).exists()


def user_needs_mfa_setup(user: User) -> bool:
    return user_is_staff(user) and not is_mfa_enabled(user)


def user_role_labels(user: User) -> list[str]:
    names = user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True)
    return [str(roles.LABELS[name]) for name in names]


def user_notifications(user: User):
    return user.notifications.all()


def user_has_verified_contact(user: User) -> bool:
    """Whether we can reach this person: a verified mobile number or email address. Reporting,
    commenting and redeeming need one."""
    if not user.is_authenticated:
        return False
    if user.phone and user.phone_verified:
        return True
    return EmailAddress.objects.filter(user=user, verified=True).exists()
