from django.urls import path

from luoshi.vouchers import views

app_name = "vouchers"

urlpatterns = [
    path("", views.home, name="home"),
    path("batches/new/", views.batch_new, name="batch_new"),
    path("batches/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.voucher, name="voucher"),
    path("<int:pk>/contracts/", views.contract_add, name="contract_add"),
    path("<int:pk>/contracts/<int:contract>/redeem/", views.redeem, name="redeem"),
    path("redemptions/<int:pk>/", views.redemption_act, name="redemption_act"),
    path(
        "redemptions/<int:pk>/<str:field>/download/", views.redemption_file, name="redemption_file"
    ),
]
