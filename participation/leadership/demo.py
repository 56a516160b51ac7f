"""Demo problem lists (the texts are in demo.json): a town leader, leader@example.org, with the
demo password and TOTP secret like the other demo staff, and two of their inspections recorded
through the services, so every item is a real dispatched case:

* a night walk through Xizha, recorded by the leader a few days ago and published, two of its
  four problems resolved by the Law Enforcement Squad (staff@example.org);
* a village clean-up recorded for the leader by the linkage centre (dispatcher@example.org),
  both problems resolved: the list is complete, and the leader has had the summary.

Time limits are counted from the moment of seeding, so the demo is the same on every date.
Idempotent: a list the leader already has (by title) is left as it is."""

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .. import services as case_services
from ..models import Category, Department, Grid, ProblemList
from . import notices, services

DATA = Path(__file__).with_name("demo.json")


def demo_leader():
    """The demo town leader, made by portal's demo with the other demo staff (TOTP set up)."""
    email = json.loads(DATA.read_text(encoding="utf-8"))["leader"]["email"]
    return get_user_model().objects.get(email=email)


def seed_problem_lists(*, stdout=None) -> dict[str, int]:
    """Needs the demo structure (departments, categories, grids) and the demo staff first."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    leader = demo_leader()
    User = get_user_model()
    worker = User.objects.filter(email=data["resolved_by"]).first()
    centre = User.objects.filter(email=data["recorded_by_centre"]).first()
    for entry in data["lists"]:
        if ProblemList.objects.filter(leader=leader, title=entry["title"]).exists():
            continue
        _seed_list(entry, leader=leader, centre=centre, worker=worker)
    if stdout is not None:
        stdout.write(
            f"  Problem lists: {leader.email} (Town leader, same password and TOTP secret) has "
            f"{ProblemList.objects.filter(leader=leader).count()}; see /problem-lists/."
        )
    return {
        "problem lists": ProblemList.objects.count(),
        "published problem lists": ProblemList.objects.filter(is_published=True).count(),
    }


def _seed_list(entry: dict, *, leader, centre, worker) -> ProblemList:
    now = timezone.now()
    actor = centre if entry["by_centre"] and centre is not None else leader
    items = [
        {
            "title": item["title"],
            "description": item["description"],
            "category": Category.objects.get(code=item["category"]),
            "department": Department.objects.get(code=item["department"]),
            "due_at": now + timedelta(days=item["days"]),
            "grid": Grid.objects.get(number=item["grid"]),
        }
        for item in entry["items"]
    ]
    problem_list = services.problem_list_record(
        actor=actor,
        leader=leader,
        title=entry["title"],
        inspected_on=timezone.localdate() - timedelta(days=entry["days_ago"]),
        description=entry["description"],
        items=items,
    )
    if worker is not None:
        cases = [item.case for item in problem_list.items.select_related("case")]
        for case, item in zip(cases, entry["items"], strict=True):
            if item["done"] and case.department.memberships.filter(user=worker).exists():
                _resolve(case, worker)
                notices.problem_list_follow_up(case.pk)  # the summary, as the worker would
    if entry["published"]:
        services.problem_list_publish(actor=leader, problem_list=problem_list)
    return problem_list


def _resolve(case, worker) -> None:
    from ..demo import _demo_photo

    case = case_services.case_accept(case=case, actor=worker)
    after = _demo_photo(f"problem-list-{case.pk}.jpg", after=True)
    case_services.case_resolve(
        case=case,
        actor=worker,
        summary="已清理完毕，已告知相关商户。\nCleared, and the shopkeepers concerned were told.",
        photos=[SimpleUploadedFile(after.name, after.read(), "image/jpeg")],
    )
