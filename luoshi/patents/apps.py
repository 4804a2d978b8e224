from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatentsConfig(AppConfig):
    name = "luoshi.patents"
    label = "patents"
    verbose_name = _("Invention patents")

    def ready(self):
        # The patent figures for indicators (luoshi.indicators.computations) and the patent
        # list for `luoshi import-registry patents FILE` (luoshi.enterprises.importers).
        from luoshi.patents import computations, services

        computations.register_all()
        services.register_importer()
