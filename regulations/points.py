"""Points for opinions the government adopted, through the rewards app's service (the only
thing regulations knows of rewards). The idempotency key is one per opinion, so running the
award again (a retried task) awards once."""

ADOPTED_RULE = "opinion_adopted"


def award_for_adopted_opinion(opinion) -> bool:
    """True if points were written (or had been already); False if the rule is off or capped."""
    from rewards.services import award

    return (
        award(
            user=opinion.author,
            rule=ADOPTED_RULE,
            source=f"{opinion.regulation.subpage_url('mine')}#opinion-{opinion.receipt}",
            source_label=opinion.receipt,
            idempotency_key=f"regulation-opinion:{opinion.pk}:adopted",
        )
        is not None
    )
