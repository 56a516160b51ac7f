"""Admin-wide additions that belong to no one feature."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks


@hooks.register("insert_editor_js")
def autosave_then_submit_js():
    """A submission waits for the background save in flight (static/js/admin_autosave_submit.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin_autosave_submit.js"))
