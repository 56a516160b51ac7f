from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Page, PageViewRestriction

        from .db import sqlite_write_ahead_log

        connection_created.connect(sqlite_write_ahead_log, dispatch_uid="portal-sqlite-wal")
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .cache import invalidate_site_pages

        # Any change to what is published empties the page cache: menus, lists, related
        # articles and the home page may all show the page that changed.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(invalidate_site_pages, dispatch_uid=f"site-pages-{signal!r}")
        post_delete.connect(
            invalidate_site_pages, sender=Page, dispatch_uid="site-pages-page-deleted"
        )
        # Making a page private (or public again) changes which lists may show it.
        for signal in (post_save, post_delete):
            signal.connect(
                invalidate_site_pages,
                sender=PageViewRestriction,
                dispatch_uid=f"site-pages-restriction-{signal!r}",
            )

        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from .roles import forget_role_names

        # Roles are read once per request (portal.roles.role_names): a change in it is read anew.
        m2m_changed.connect(
            forget_role_names,
            sender=get_user_model().groups.through,
            dispatch_uid="portal-forget-role-names",
        )

        from django_q.signals import pre_enqueue, pre_execute

        from . import request_log

        # A task logs with the id of the request that enqueued it.
        pre_enqueue.connect(request_log.tag_task, dispatch_uid="portal-task-request-id")
        pre_execute.connect(request_log.adopt_task_request_id, dispatch_uid="portal-task-adopt-id")
