from django.urls import path

from luoshi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.role_home, name="role_home"),
    path("jobs/<uuid:token>/", views.job, name="job"),
    path("jobs/<uuid:token>/download/", views.job_download, name="job_download"),
]
