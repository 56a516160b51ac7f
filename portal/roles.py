"""The roles of the scheme, as Django groups. Created by a data migration; apps grant their own
model permissions to roles from their own data migrations with `grant_permissions`."""

from django.utils.translation import gettext_lazy as _

from .request_memo import forget, once_per_request

ROLE_NAMES = "role names"

RESIDENT = "Resident"
HOUSEKEEPER = "Housekeeper"
GRID_LEADER = "Grid leader"
DISPATCHER = "Dispatcher"
DEPARTMENT_STAFF = "Department staff"
DEPARTMENT_LEAD = "Department lead"
TOWN_LEADER = "Town leader"
EDITOR = "Editor"
MODERATOR = "Moderator"
ADMINISTRATOR = "Administrator"
EXPERT = "Expert"

LABELS = {
    RESIDENT: _("Resident"),
    HOUSEKEEPER: _("Housekeeper"),
    GRID_LEADER: _("Grid leader"),
    DISPATCHER: _("Dispatcher"),
    DEPARTMENT_STAFF: _("Department staff"),
    DEPARTMENT_LEAD: _("Department lead"),
    TOWN_LEADER: _("Town leader"),
    EDITOR: _("Editor"),
    MODERATOR: _("Moderator"),
    ADMINISTRATOR: _("Administrator"),
    EXPERT: _("Invited expert"),
}

ALL_ROLES = list(LABELS)
# Roles that work in the Wagtail admin; anyone holding one must use MFA there.
STAFF_ROLES = [
    DISPATCHER,
    DEPARTMENT_STAFF,
    DEPARTMENT_LEAD,
    TOWN_LEADER,
    EDITOR,
    MODERATOR,
    ADMINISTRATOR,
]


def role_names(user) -> frozenset[str]:
    """The names of the user's groups: read once per request, where roles are checked often
    (a page of the admin asks several times whether its user is a dispatcher)."""
    by_user = once_per_request(ROLE_NAMES, dict)
    if user.pk not in by_user:
        by_user[user.pk] = frozenset(user.groups.values_list("name", flat=True))
    return by_user[user.pk]


def forget_role_names(**kwargs) -> None:
    """`m2m_changed` of users' groups: a request that changes roles reads them anew."""
    forget(ROLE_NAMES)


def grant_permissions(apps, role_name, permissions):
    """Give a role permissions, given as (app_label, model, codename) triples.

    For use inside data migrations: permissions are normally created after migrate finishes, so
    they (and their content types) are created here when they do not exist yet.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name=role_name)
    for app_label, model, codename in permissions:
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.replace('_', ' ')}"},
        )
        group.permissions.add(permission)


def model_permissions(app_label, model, actions=("add", "change", "delete", "view")):
    return [(app_label, model, f"{action}_{model}") for action in actions]
