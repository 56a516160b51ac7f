"""Points for opinions the government adopted, through the rewards app's service.

The rewards app (its own issue) owns the ledger; until it offers `rewards.services.award`, this
small interface does nothing. The idempotency key is one per opinion, so running the award again
(a retried task) awards once."""

ADOPTED_RULE = "opinion_adopted"


def award_for_adopted_opinion(opinion) -> bool:
    """True if points were asked for; False while the rewards ledger does not exist."""
    try:
        from rewards.services import award
    except ImportError:
        return False
    award(
        user=opinion.author,
        rule=ADOPTED_RULE,
        source=f"regulation-opinion:{opinion.pk}",
        idempotency_key=f"regulation-opinion:{opinion.pk}:adopted",
    )
    return True
