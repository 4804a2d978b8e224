from django.urls import path

from luoshi.patents import views

app_name = "patents"
urlpatterns = [
    path("", views.patent_list, name="list"),
    path("<int:pk>/", views.patent_detail, name="detail"),
    path("firm/<int:pk>/", views.firm_patents, name="firm"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
]
