from django.db import migrations

from portal import roles

PAGE_PERMISSIONS = {
    roles.EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    roles.MODERATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    roles.ADMINISTRATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    home = Page.objects.get(depth=2, slug="home")
    root_collection = Collection.objects.get(depth=1)
    for role, codenames in PAGE_PERMISSIONS.items():
        roles.grant_permissions(apps, role, [("wagtailcore", "page", c) for c in codenames])
        group = Group.objects.get(name=role)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
        roles.grant_permissions(apps, role, COLLECTION_PERMISSIONS)
        for app_label, _model, codename in COLLECTION_PERMISSIONS:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    roles.grant_permissions(
        apps, roles.ADMINISTRATOR, roles.model_permissions("home", "sitesettings", ["change"])
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    groups = Group.objects.filter(name__in=list(PAGE_PERMISSIONS))
    apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(group__in=groups).delete()
    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(
        group__in=groups
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("portal", "0003_create_roles"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
