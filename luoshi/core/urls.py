from django.urls import path

from luoshi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("home/", views.role_home, name="role_home"),
    path("tasks/<uuid:token>/", views.task, name="task"),
    path("tasks/<uuid:token>/download/", views.task_download, name="task_download"),
]
