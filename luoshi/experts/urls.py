from django.urls import path

from luoshi.experts import views

app_name = "experts"

urlpatterns = [
    path("", views.experts, name="experts"),
    path("labs/", views.labs, name="labs"),
    path("draws/", views.draw_new, name="draw_new"),
    path("draws/<int:pk>/", views.draw, name="draw"),
]
