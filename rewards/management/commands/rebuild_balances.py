from django.core.management.base import BaseCommand, CommandError

from rewards import services


class Command(BaseCommand):
    help = (
        "Recompute every points balance from the ledger. With --check, only report the balances "
        "that differ from their ledger (exit status 1 if any) and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report drift; change nothing.")

    def handle(self, *args, check=False, **options):
        drift = services.balance_drift()
        for user_id, cached, actual in drift:
            self.stdout.write(f"user {user_id}: balance {cached}, ledger {actual}")
        if check:
            if drift:
                raise CommandError(f"{len(drift)} balance(s) differ from the ledger.")
            self.stdout.write(self.style.SUCCESS("Every balance matches the ledger."))
            return
        fixed = services.rebuild_balances()
        self.stdout.write(self.style.SUCCESS(f"{fixed} balance(s) rebuilt from the ledger."))
