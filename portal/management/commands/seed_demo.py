from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load the demo town (Wuzhen-like platforms, departments, grids, categories, one user per "
        "role). Safe to run again: it updates what exists and adds what is missing. Each app adds "
        "its own data in its `demo.py` module, run in INSTALLED_APPS order."
    )

    def handle(self, *args, **options):
        if not settings.PORTAL_ALLOW_DEMO_DATA:
            raise CommandError(
                "Demo data is disabled in these settings (PORTAL_ALLOW_DEMO_DATA is off); "
                "it must never be loaded into a production database."
            )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if not module_has_submodule(app_config.module, "demo"):
                    continue
                module = import_module(f"{app_config.name}.demo")
                counts = module.seed(stdout=self.stdout)
                summary = ", ".join(f"{count} {label}" for label, count in counts.items())
                self.stdout.write(f"{app_config.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo town ready."))
