from django.contrib import admin
from django.urls import include, path

from luoshi.config.api import api

urlpatterns = [
    path("", include("luoshi.core.urls")),
    path("accounts/", include("luoshi.accounts.urls")),
    path("org/", include("luoshi.org.urls")),
    path("plans/", include("luoshi.plans.urls")),
    path("supervision/", include("luoshi.supervision.urls")),
    path("indicators/", include("luoshi.indicators.urls")),
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
