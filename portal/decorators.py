"""View decorators about people, shared by the feature apps."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from allauth.account.decorators import verified_email_required

from .selectors import user_has_verified_contact


def verified_contact_required(view):
    """Signed in with a verified mobile number or email address, as reporting, commenting and
    redeeming need. An unverified address gets allauth's "verify your email" page (and a new
    email); an unverified number is sent to verify it."""

    email_view = verified_email_required(view)

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user_has_verified_contact(user):
            return view(request, *args, **kwargs)
        if user.email:
            return email_view(request, *args, **kwargs)
        return redirect("account_change_phone")

    return wrapped
