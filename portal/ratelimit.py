"""Rate limits for the portal's own actions, on allauth's limiter (one implementation, one cache).

Limits are set in settings.ACCOUNT_RATE_LIMITS under the action's name, e.g.
``"case_report": "10/h/user,30/h/ip"``. A view that is over the limit answers 429 with the
translated 429 page.
"""

from django.shortcuts import render

from allauth.core import ratelimit


def over_limit(request, action: str) -> bool:
    """Count one use of `action` by this user/IP; True if that goes over the limit."""
    return not ratelimit.consume(request, action=action, user=request.user)


def too_many_requests(request):
    return render(request, "429.html", status=429)
