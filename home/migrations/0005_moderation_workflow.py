"""Editors' pages are approved by the portal's moderators: Wagtail's default workflow ("Moderators
approval", on the root page, so on every page) is given to the Moderator and Administrator roles
instead of Wagtail's own "Moderators" group, which no one is put in."""

from django.db import migrations

from portal import roles

APPROVERS = [roles.MODERATOR, roles.ADMINISTRATOR]


def assign(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name="Moderators approval", content_type=content_type, active=True
        )
    task.groups.set([Group.objects.get_or_create(name=name)[0] for name in APPROVERS])
    workflow, _created = Workflow.objects.get_or_create(
        name="Moderators approval", defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.get(depth=1)
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_body_blocks"),
        ("portal", "0003_create_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(assign, migrations.RunPython.noop)]
