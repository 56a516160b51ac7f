"""Roles exist as groups, created by migrations, with the admin rights their work needs."""

from django.contrib.auth.models import Group

import pytest

from portal import roles


@pytest.mark.django_db
def test_every_role_is_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_only_staff_roles_may_open_the_admin(role):
    group = Group.objects.get(name=role)

    can_access = group.permissions.filter(codename="access_admin").exists()

    assert can_access == (role in roles.STAFF_ROLES)


@pytest.mark.django_db
def test_dispatchers_keep_categories_and_administrators_keep_the_whole_structure():
    dispatcher = set(
        Group.objects.get(name=roles.DISPATCHER).permissions.values_list("codename", flat=True)
    )
    administrator = set(
        Group.objects.get(name=roles.ADMINISTRATOR).permissions.values_list("codename", flat=True)
    )

    assert {"view_grid", "view_department", "change_category"} <= dispatcher
    assert "change_grid" not in dispatcher
    assert {"add_grid", "change_department", "delete_category", "change_user"} <= administrator


@pytest.mark.django_db
def test_editors_can_write_pages_and_moderators_publish_them():
    from wagtail.models import GroupPagePermission

    def page_permissions(role):
        return set(
            GroupPagePermission.objects.filter(group__name=role).values_list(
                "permission__codename", flat=True
            )
        )

    assert "change_page" in page_permissions(roles.EDITOR)
    assert "publish_page" not in page_permissions(roles.EDITOR)
    assert "publish_page" in page_permissions(roles.MODERATOR)
