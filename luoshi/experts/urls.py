from django.urls import path

from luoshi.experts import views

app_name = "experts"

urlpatterns = [
    path("", views.experts, name="experts"),
    path("new/", views.expert_new, name="expert_new"),
    path("<int:pk>/", views.expert_edit, name="expert_edit"),
    path("<int:pk>/relations/", views.relation_declare, name="relation_declare"),
    path(
        "<int:pk>/relations/<int:relation_pk>/withdraw/",
        views.relation_withdraw,
        name="relation_withdraw",
    ),
    path("labs/", views.labs, name="labs"),
    path("labs/new/", views.lab_new, name="lab_new"),
    path("labs/<int:pk>/", views.lab_edit, name="lab_edit"),
    path("draws/", views.draw_new, name="draw_new"),
    path("draws/<int:pk>/", views.draw, name="draw"),
]
