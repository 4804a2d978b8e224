from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from luoshi.assessment.views import scheme as assessment_scheme
from luoshi.config.api import api
from luoshi.plans import urls as plans_urls
from luoshi.supervision.views import tasks as supervision_tasks

# The plans task page carries supervision's panel: supervision renders it over plans' page.
plans_patterns = [
    *plans_urls.urlpatterns,
    path("tasks/<int:pk>/", supervision_tasks.task_detail, name="task"),
]

urlpatterns = [
    path("", include("luoshi.core.urls")),
    path("accounts/", include("luoshi.accounts.urls")),
    # The audit trail and the administrator's page moved under accounts; old links still work.
    path("audit/", RedirectView.as_view(pattern_name="accounts:audit", query_string=True)),
    path("admin-home/", RedirectView.as_view(pattern_name="accounts:admin_home")),
    path("org/", include("luoshi.org.urls")),
    path("plans/", include((plans_patterns, plans_urls.app_name))),
    # The scorecard became the yearly assessment; its old addresses still lead there.
    path("supervision/scorecard/", assessment_scheme.legacy_scorecard),
    path("supervision/scorecard/bulletin.docx", assessment_scheme.legacy_scorecard),
    path("supervision/", include("luoshi.supervision.urls")),
    path("assessment/", include("luoshi.assessment.urls")),
    path("organisations/", include("luoshi.organisations.urls")),
    path("instruments/", include("luoshi.instruments.urls")),
    path("vouchers/", include("luoshi.vouchers.urls")),
    path("experts/", include("luoshi.experts.urls")),
    path("finance/", include("luoshi.finance.urls")),
    path("talent/", include("luoshi.talent.urls")),
    path("projects/", include("luoshi.projects.urls")),
    path("public/", include("luoshi.public.urls")),
    path("indicators/", include("luoshi.indicators.urls")),
    path("enterprises/", include("luoshi.enterprises.urls")),
    path("subsidies/", include("luoshi.subsidies.urls")),
    path("contracts/", include("luoshi.contracts.urls")),
    path("patents/", include("luoshi.patents.urls")),
    path("platforms/", include("luoshi.platforms.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
# Uploaded files are never served from MEDIA_URL, in development either: only through the
# views that check who may read them (and always as downloads).

handler400 = "luoshi.core.views.bad_request"
handler403 = "luoshi.core.views.permission_denied"
handler404 = "luoshi.core.views.page_not_found"
handler500 = "luoshi.core.views.server_error"
