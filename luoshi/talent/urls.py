from django.urls import path

from luoshi.talent import views

app_name = "talent"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("cards/<int:pk>/", views.card, name="card"),
    path("cards/<int:pk>/<slug:action>/", views.card_action, name="card_action"),
    path("categories/new/", views.category_edit, name="category_new"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("services/new/", views.service_kind_edit, name="service_kind_new"),
    path("services/<int:pk>/edit/", views.service_kind_edit, name="service_kind_edit"),
    path("requests/<int:pk>/", views.service_request, name="request"),
    path("requests/<int:pk>/<slug:action>/", views.request_action, name="request_action"),
]
