from django.urls import path

from luoshi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.role_home, name="role_home"),
    path("admin-home/", views.admin_home, name="admin_home"),
    path("audit/", views.audit_log, name="audit"),
    path("jobs/<uuid:token>/", views.job, name="job"),
    path("jobs/<uuid:token>/download/", views.job_download, name="job_download"),
]
