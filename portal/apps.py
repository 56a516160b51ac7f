from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Page, PageViewRestriction
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
