from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    # Public accountability (before the programme codes: "accountability" is not a programme's code).
    path("accountability/", views.accountability, name="accountability"),
    path("<slug:code>/", views.detail, name="detail"),
    path("<slug:code>/advance/", views.advance, name="advance"),
    path("<slug:code>/items/add/", views.add_item, name="add_item"),
    path("<slug:code>/items/<int:pk>/report/", views.file_report, name="file_report"),
    path("<slug:code>/items/<int:pk>/state/", views.move_item, name="move_item"),
    path("<slug:code>/items/<int:pk>/edit/", views.edit_item, name="edit_item"),
]
