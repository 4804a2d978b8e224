from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "luoshi.platforms"
    label = "platforms"
    verbose_name = _("Innovation platforms")

    def ready(self):
        # The platform figures for indicators (luoshi.indicators.computations) and the list
        # for `luoshi import-registry platforms FILE` (luoshi.enterprises.importers).
        from luoshi.platforms import computations, services

        computations.register_all()
        services.register_importer()
