from dataclasses import asdict, replace

from django.conf import settings
from django.contrib import messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from csp.constants import HEADER, UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy

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


# What makes one response's policy its own (django-csp's decorators): such a response, a nonce,
# a report-only policy or excluded paths take django-csp's own way.
PER_RESPONSE_POLICY = frozenset(
    f"_csp_{name}{ro}" for name in ("exempt", "config", "update", "replace") for ro in ("", "_ro")
)
# The header built once per kind of path (False: the public site, True: the admins), and whether
# the settings let one header serve every response ("shared"). Forgotten when a setting changes.
_built: dict = {}


@receiver(setting_changed)
def _forget_built_policies(*, setting, **kwargs):
    _built.clear()


def _settings_allow_sharing() -> bool:
    if "shared" not in _built:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        _built["shared"] = not (
            settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or policy.get("EXCLUDE_URL_PREFIXES")
        )
    return _built["shared"]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy from settings everywhere, widened only for the Wagtail admin's editor.

    django-csp builds the header afresh for every response, twice (the policy, then the
    report-only one), copying every directive. Here it is built once per kind of path and
    reused (docs/decisions.md, 9)."""

    def process_response(self, request, response):
        if (
            not _settings_allow_sharing()
            or getattr(request, "_csp_nonce", None) is not None
            or not PER_RESPONSE_POLICY.isdisjoint(vars(response))
        ):
            return super().process_response(request, response)
        admin = request.path_info.startswith(ADMIN_PREFIXES)
        policy = _built.get(admin)
        if policy is None:
            parts = self.get_policy_parts(request=request, response=response)
            policy = _built[admin] = build_policy(**asdict(parts))
        if policy and HEADER not in response:
            response[HEADER] = policy
        # As django-csp: a nonce asked for once the header is written fails loudly.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

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
