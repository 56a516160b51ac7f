from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from participation.open311 import services


class Command(BaseCommand):
    help = (
        "Issue an Open311 API key for a client application. The key is printed once, on the last "
        "line; only its hash is stored. Revoke keys in the admin (Settings → API keys)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The client application, e.g. 'City hotline system'.")
        parser.add_argument("--contact", default="", help="Who to contact about this client.")
        parser.add_argument(
            "--rate-limit", type=int, default=60, help="Requests per minute (default 60)."
        )

    def handle(self, *args, name, contact, rate_limit, **options):
        try:
            api_key, raw = services.api_key_create(
                name=name, contact=contact, rate_limit=rate_limit
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"API key for “{api_key.name}” (starts {api_key.prefix}). Shown once:")
        self.stdout.write(raw)
