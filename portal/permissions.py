"""Permission policies shared by the apps' admin screens."""

from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Rows that change only through service calls (workflow or moderation actions), never
    through a model form: the admin may list and inspect them, nothing more."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)
