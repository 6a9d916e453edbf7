from django.urls import path

from . import views
from .views import register as register_views

app_name = "negotiations"
urlpatterns = [
    path("", views.index, name="index"),
    path("drafts/new/", views.draft_new, name="draft_new"),
    path("drafts/<int:pk>/table/", views.table, name="table"),
    path("drafts/<int:pk>/proposals/", views.make_proposal, name="make_proposal"),
    path("drafts/<int:pk>/proposals/<int:number>/", views.proposal, name="proposal"),
    path("drafts/<int:pk>/proposals/<int:number>/silence/", views.proposal_silence, name="proposal_silence"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/map/", views.map_fragment, name="map"),
    path("drafts/<int:pk>/map.csv", views.map_csv, name="map_csv"),
    path("drafts/<int:pk>/stance/", views.stance, name="stance"),
    path("drafts/<int:pk>/comment/", views.comment, name="comment"),
    path("drafts/<int:pk>/package/", views.solve, name="solve"),
    path("drafts/<int:pk>/compare/", views.compare, name="compare"),
    path("drafts/<int:pk>/history/", views.history, name="history"),
    path("drafts/<int:pk>/text/", views.edit, name="edit"),
    path("drafts/<int:pk>/text/options/edit/", views.edit_option, name="edit_option"),
    path("drafts/<int:pk>/text/options/add/", views.add_option, name="add_option"),
    path("drafts/<int:pk>/text/options/remove/", views.remove_option, name="remove_option"),
    path("drafts/<int:pk>/text/provisions/add/", views.add_provision, name="add_provision"),
    path("drafts/<int:pk>/rounds/", views.new_round, name="new_round"),
    path("drafts/<int:pk>/negotiation/", views.open_negotiation, name="open_negotiation"),
    path("drafts/<int:pk>/silence/", views.open_silence, name="open_silence"),
    path("drafts/<int:pk>/silence/break/", views.break_silence, name="break_silence"),
    path("drafts/<int:pk>/adopt/", views.adopt, name="adopt"),
    path("drafts/<int:pk>/adopted/", views.adopted, name="adopted"),
    path("drafts/<int:pk>/akn.xml", views.akn, name="akn"),
    # The public register of adopted decisions (no sign-in).
    path("register/", register_views.register, name="register"),
    path("register/<int:pk>/", register_views.register_detail, name="register_detail"),
    path("register/<int:pk>/akn.xml", register_views.register_akn, name="register_akn"),
]

# Equally authentic texts (views/languages.py).
urlpatterns += [
    path("drafts/<int:pk>/languages/", views.languages, name="languages"),
    path("drafts/<int:pk>/languages/write/", views.write_version, name="write_version"),
    path("drafts/<int:pk>/languages/verify/", views.verify_version, name="verify_version"),
    path("drafts/<int:pk>/languages/clear/", views.clear_warning, name="clear_warning"),
    path("terms/", views.terms, name="terms"),
    path("terms/edit/", views.edit_term, name="edit_term"),
]
