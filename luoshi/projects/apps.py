from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "luoshi.projects"
    label = "projects"
    verbose_name = _("Science and technology projects")

    def ready(self):
        # The programme's figures for indicators (luoshi.indicators.computations).
        from luoshi.projects import computations

        computations.register_all()
