from django.urls import path

from luoshi.organisations import views

app_name = "organisations"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("mine/", views.mine, name="mine"),
    path("mine/members/", views.member_add, name="member_add"),
    path("mine/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("mine/resubmit/", views.resubmit, name="resubmit"),
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/proof/download/", views.proof_download, name="proof"),
]
