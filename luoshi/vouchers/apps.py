from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "luoshi.vouchers"
    label = "vouchers"
    verbose_name = _("Innovation vouchers")

    def ready(self):
        # The programme's figures for the plan (luoshi.indicators.computations).
        from luoshi.vouchers import computations

        computations.register_all()
