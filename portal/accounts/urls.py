from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.two_factor, name="two_factor"),
    path("dang-ky/", views.enrol, name="enrol"),
]
