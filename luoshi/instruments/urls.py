from django.urls import path

from luoshi.instruments import views

app_name = "instruments"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.instrument_form, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.instrument_form, name="edit"),
    path("<int:pk>/events/", views.events, name="events"),
    path("bookings/", views.bookings, name="bookings"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("evaluation/<int:year>.xlsx", views.evaluation_xlsx, name="evaluation_xlsx"),
    path("bookings/<int:pk>/", views.booking_act, name="booking_act"),
]
