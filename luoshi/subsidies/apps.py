from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    name = "luoshi.subsidies"
    label = "subsidies"
    verbose_name = _("R&D post-subsidies")
