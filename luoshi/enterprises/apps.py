from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "luoshi.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprise registry")

    def ready(self):
        # The registry's figures for indicators (luoshi.indicators.computations).
        from luoshi.enterprises import computations

        computations.register_all()
