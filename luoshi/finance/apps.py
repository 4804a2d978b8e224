from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "luoshi.finance"
    label = "finance"
    verbose_name = _("Technology finance")

    def ready(self):
        # The programme's figures for indicators (luoshi.indicators.computations).
        from luoshi.finance import computations

        computations.register_all()
