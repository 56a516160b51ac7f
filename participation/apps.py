from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Housekeeper: cases and governance structure")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .backoffice import structure

        # The case list's cached copy of the structure is dropped when any of it changes.
        for model in structure.MODELS:
            for signal in (post_save, post_delete):
                signal.connect(
                    structure.forget,
                    sender=model,
                    dispatch_uid=f"structure-{model.__name__}-{signal!r}",
                )
