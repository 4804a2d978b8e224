from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "luoshi.talent"
    label = "talent"
    verbose_name = _("Suizhou talent card")

    def ready(self):
        # The programme's figures for indicators (luoshi.indicators.computations).
        from luoshi.talent import computations

        computations.register_all()
