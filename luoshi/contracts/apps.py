from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "luoshi.contracts"
    label = "contracts"
    verbose_name = _("Technology contracts")

    def ready(self):
        # The contract figures for indicators (luoshi.indicators.computations).
        from luoshi.contracts import computations

        computations.register_all()
