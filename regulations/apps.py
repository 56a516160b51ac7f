from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Draft regulations")

    def ready(self):
        from wagtail.signals import page_published

        from .models import RegulationPage

        page_published.connect(_record_version, sender=RegulationPage)


def _record_version(sender, instance, **kwargs):
    from .services import stage_published, version_record

    version_record(regulation=instance)
    stage_published(regulation=instance)
