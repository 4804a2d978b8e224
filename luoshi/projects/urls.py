from django.urls import path

from luoshi.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
]
