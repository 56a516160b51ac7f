"""Background work for rewards (django-q2): thin, enqueued after commit, safe to run twice."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications import in_language_of, notify


def redemption_decided(redemption_id: int) -> None:
    """Tell the person their redemption was approved (with the pickup code) or rejected (why)."""
    from .models import Redemption

    redemption = (
        Redemption.objects.select_related("user", "reward").filter(pk=redemption_id).first()
    )
    if redemption is None or redemption.status in (
        Redemption.Status.HELD,
        Redemption.Status.FULFILLED,  # collected before this ran: nothing left to tell
    ):
        return
    with in_language_of(redemption.user):
        values = {
            "reward": redemption.reward.localized_name,
            "code": redemption.pickup_code,
            "reason": redemption.reject_reason,
        }
        if redemption.status == Redemption.Status.REJECTED:
            subject = _("Your request for %(reward)s was not approved") % values
            body = _("Your points are given back. The reason: %(reason)s") % values
        else:
            subject = _("%(reward)s is ready to collect") % values
            body = (
                _(
                    "Show the pickup code %(code)s at your village or community service centre to "
                    "collect %(reward)s."
                )
                % values
            )
        notify(
            recipient=redemption.user,
            key=f"redemption:{redemption.pk}:{redemption.status}",
            subject=subject,
            body=body,
            url=reverse("rewards:redemption", args=[redemption.pk]),
        )


def expire_points() -> None:
    """Nightly: expire unused points past their date, and remind whoever has points expiring
    within 30 days (once a month each)."""
    from . import services
    from .models import PointEntry

    services.expire_points()
    now = timezone.now()
    soon = now + datetime.timedelta(days=30)
    people = {
        entry.user
        for entry in PointEntry.objects.filter(
            points__gt=0, expires_at__gt=now, expires_at__lte=soon
        ).select_related("user")
    }
    for person in people:
        points = services.expiring(person.pk, now=now)
        if points <= 0:
            continue
        with in_language_of(person):
            notify(
                recipient=person,
                key=f"points-expiring:{person.pk}:{timezone.localdate(now):%Y-%m}",
                subject=_("%(points)d of your points expire within 30 days") % {"points": points},
                body=_(
                    "Use them in the rewards catalogue before they expire; the earliest are "
                    "used first."
                ),
                url=reverse("rewards:catalogue"),
            )
