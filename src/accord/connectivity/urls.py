from django.urls import path

from . import views

app_name = "connectivity"
urlpatterns = [
    path("", views.index, name="index"),
]
