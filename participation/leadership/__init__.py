"""Leadership problem lists: a town leader's inspection recorded as a list of problems, each a
case dispatched at once with the leader's time limit; the list's progress in the admin, the
leader's summaries, and the published list on the public site."""
