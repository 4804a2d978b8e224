from django.urls import path

from luoshi.org import views

app_name = "org"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("units/new/", views.unit_add, name="unit_add"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
