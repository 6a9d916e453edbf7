from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/<str:what>/", views.session_add, name="session_add"),
]
