from django.urls import path

from . import views

app_name = "negotiations"
urlpatterns = [
    path("", views.index, name="index"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/map/", views.map_fragment, name="map"),
    path("drafts/<int:pk>/map.csv", views.map_csv, name="map_csv"),
    path("drafts/<int:pk>/stance/", views.stance, name="stance"),
    path("drafts/<int:pk>/comment/", views.comment, name="comment"),
    path("drafts/<int:pk>/package/", views.solve, name="solve"),
    path("drafts/<int:pk>/compare/", views.compare, name="compare"),
    path("drafts/<int:pk>/silence/", views.open_silence, name="open_silence"),
    path("drafts/<int:pk>/silence/break/", views.break_silence, name="break_silence"),
    path("drafts/<int:pk>/adopt/", views.adopt, name="adopt"),
    path("drafts/<int:pk>/adopted/", views.adopted, name="adopted"),
    path("drafts/<int:pk>/akn.xml", views.akn, name="akn"),
]
