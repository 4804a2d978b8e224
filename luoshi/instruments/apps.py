from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "luoshi.instruments"
    label = "instruments"
    verbose_name = _("Large instruments")

    def ready(self):
        # The programme's figures for the plan (luoshi.indicators.computations).
        from luoshi.instruments import computations

        computations.register_all()
