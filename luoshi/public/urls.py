from django.urls import path

from luoshi.public import views

app_name = "public"

urlpatterns = [
    path("plans/<int:plan_id>/", views.plan_page, name="plan"),
    path("documents/<int:pk>.docx", views.document, name="document"),
    path("plans/<int:plan_id>/settings/", views.page_settings, name="settings"),
]
