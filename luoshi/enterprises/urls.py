from django.urls import path

from luoshi.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("pipeline/", views.pipeline, name="pipeline"),
    path("pipeline/candidates/", views.candidate_add, name="candidate_add"),
    path("pipeline/candidates/<int:pk>/", views.candidate_move, name="candidate_move"),
]
