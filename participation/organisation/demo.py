"""Demo data for the housekeepers' organisation (the texts are in demo.json): two residents
waiting for the demo grid leader's decision on their applications to serve grid 1, and one
message he sent to its housekeepers. Idempotent and independent of the date: nothing is added
where it exists already (an application decided since is left as it is)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from ..models import Grid, GridMembership, GridMessage, HousekeeperApplication

DATA = Path(__file__).with_name("demo.json")


@transaction.atomic
def seed_organisation() -> dict[str, int]:
    """Needs the demo users and grids (portal's and participation's demo seeds) first."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    grid = Grid.objects.filter(number=data["grid"]).first()
    User = get_user_model()
    leader = User.objects.filter(email=data["leader"]).first()
    if grid is None or leader is None:
        return {"housekeeper applications": 0, "messages to grids": 0}
    GridMembership.objects.get_or_create(
        grid=grid, user=leader, defaults={"role": GridMembership.Role.GRID_LEADER}
    )
    for entry in data["applications"]:
        applicant = User.objects.filter(
            Q(email=entry["email"]) if "email" in entry else Q(phone=entry["phone"])
        ).first()
        if applicant is None or GridMembership.objects.filter(grid=grid, user=applicant).exists():
            continue
        if not HousekeeperApplication.objects.filter(grid=grid, applicant=applicant).exists():
            HousekeeperApplication.objects.create(
                grid=grid, applicant=applicant, note=entry["note"]
            )
    message = data["message"]
    GridMessage.objects.get_or_create(
        grid=grid, sender=leader, subject=message["subject"], defaults={"body": message["body"]}
    )
    return {
        "housekeeper applications": HousekeeperApplication.objects.filter(
            status=HousekeeperApplication.Status.PENDING
        ).count(),
        "messages to grids": GridMessage.objects.count(),
    }
