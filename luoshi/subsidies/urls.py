from django.urls import path

from luoshi.subsidies import views

app_name = "subsidies"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/rules/", views.rules, name="rules"),
    path("<int:pk>/lines/", views.line_add, name="line_add"),
    path("<int:pk>/approve-all/", views.approve_all, name="approve_all"),
    path("<int:pk>/publicise/", views.publicise, name="publicise"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/paid/", views.paid, name="paid"),
    path("<int:pk>/notice/", views.notice, name="notice"),
    path("<int:pk>/payment.xlsx", views.payment_list, name="payment_list"),
    path("<int:pk>/import/", views.import_upload, name="import"),
    path("imports/<int:pk>/", views.import_preview, name="import_preview"),
    path("lines/<int:pk>/review/", views.line_review, name="line_review"),
    path("lines/<int:pk>/objection/", views.objection_raise, name="objection_raise"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
]
