from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/session.ics", views.session_calendar, name="session_calendar"),
    path("sessions/<int:pk>/documents/<int:item>/file/", views.document_file, name="document_file"),
    path("sessions/<int:pk>/<str:what>/<int:item>/remove/", views.remove, name="remove"),
    path("sessions/<int:pk>/agenda/<int:item>/<str:direction>/", views.agenda_move, name="agenda_move"),
    path("sessions/<int:pk>/<str:what>/", views.session_add, name="session_add"),
]
