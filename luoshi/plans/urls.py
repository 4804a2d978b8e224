from django.urls import path

from luoshi.plans import views

app_name = "plans"
# The task page (plans:task, tasks/<pk>/) carries supervision's panel: supervision's view
# renders it over plans' template, and config/urls.py adds it to this namespace.
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.plan_import, name="import"),
    path("import/<uuid:token>/", views.import_preview, name="import_preview"),
    path("matrix/", views.matrix_default, name="matrix_default"),
    path("current/", views.current_set, name="current"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/matrix/", views.matrix, name="matrix"),
    path("<int:pk>/revisions/", views.revisions, name="revisions"),
    path("<int:pk>/breakdown.<str:fmt>", views.export, name="export"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
