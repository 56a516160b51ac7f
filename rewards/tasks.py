"""Background work for rewards (django-q2): thin, enqueued after commit, safe to run twice."""

from django.urls import reverse
from django.utils.translation import gettext as _

from django_q.tasks import async_task

from portal.notifications import in_language_of, notify


def enqueue(name: str, *args) -> None:
    async_task(f"rewards.tasks.{name}", *args, task_name=f"{name}:{':'.join(map(str, args))}")


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
            url=reverse("rewards:my_points"),
        )
