from django.urls import path

from luoshi.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.plan_import, name="import"),
    path("import/<uuid:token>/", views.import_preview, name="import_preview"),
    path("matrix/", views.matrix_default, name="matrix_default"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/matrix/", views.matrix, name="matrix"),
    path("<int:pk>/revisions/", views.revisions, name="revisions"),
    path("<int:pk>/breakdown.<str:fmt>", views.export, name="export"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
