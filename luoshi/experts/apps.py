from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "luoshi.experts"
    label = "experts"
    verbose_name = _("Experts and testing laboratories")

    def ready(self):
        # The databases' figures for the plan (luoshi.indicators.computations).
        from luoshi.experts import computations

        computations.register_all()
