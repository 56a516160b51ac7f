from dataclasses import replace

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from csp.constants import UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

from .selectors import user_needs_mfa_setup

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class StaffMFARequiredMiddleware:
    """Staff cannot use either admin until they have set up two-factor authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIXES) and user_needs_mfa_setup(request.user):
            messages.warning(
                request,
                _("Staff accounts must use two-factor authentication. Set it up to continue."),
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy from settings everywhere, widened only for the Wagtail admin's editor."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not request.path_info.startswith(ADMIN_PREFIXES):
            return parts
        widened = {
            "script-src": [UNSAFE_INLINE, UNSAFE_EVAL],
            "style-src": [UNSAFE_INLINE],
            "frame-src": ["'self'", "https:"],
            "img-src": ["https:"],
        }
        return replace(parts, update={**(parts.update or {}), **widened})
