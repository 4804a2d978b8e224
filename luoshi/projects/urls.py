from django.urls import path

from luoshi.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("calls/<int:pk>/", views.call, name="call"),
    path("calls/<int:pk>/apply/", views.apply, name="apply"),
    path("calls/<int:pk>/<slug:action>/", views.call_action, name="call_action"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("applications/<int:pk>/formal/", views.formal, name="formal"),
    path("applications/<int:pk>/contract/", views.contract, name="contract"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/<slug:action>/", views.project_action, name="project_action"),
    path("challenges/new/", views.challenge_new, name="challenge_new"),
    path("challenges/<int:pk>/", views.challenge, name="challenge"),
    path("challenges/<int:pk>/<slug:action>/", views.challenge_action, name="challenge_action"),
]
