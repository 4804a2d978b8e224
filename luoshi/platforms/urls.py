from django.urls import path

from luoshi.platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.platform_list, name="list"),
    path("<int:pk>/", views.platform_detail, name="detail"),
    path("firm/<int:pk>/", views.firm_platforms, name="firm"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
]
