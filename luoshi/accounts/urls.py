from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from luoshi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_add, name="user_add"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("audit/", views.audit_log, name="audit"),
    path("welcome/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("password/new/", views.password_choose, name="password_choose"),
    path("admin-home/", views.admin_home, name="admin_home"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:profile"),
        ),
        name="password_change",
    ),
]
