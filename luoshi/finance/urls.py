from django.urls import path

from luoshi.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("loans/<int:pk>/", views.loan, name="loan"),
    path("loans/<int:pk>/<slug:action>/", views.loan_action, name="loan_action"),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim_decide"),
    path("pools/<int:pk>/", views.pool, name="pool"),
    path("figures/", views.figures, name="figures"),
    path("products/new/", views.product_edit, name="product_new"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("pools/new/", views.pool_edit, name="pool_new"),
    path("pools/<int:pk>/edit/", views.pool_edit, name="pool_edit"),
]
