from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.home, name="home"),
    path("rotation/", views.rotation, name="rotation"),
    path("states/<str:code>/", views.state, name="state"),
]
