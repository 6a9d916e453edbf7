from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.index, name="index"),
    path("projects.csv", views.projects_csv, name="projects_csv"),
    path("budgets.csv", views.budgets_csv, name="budgets_csv"),
    path("propose/", views.propose, name="propose"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("matches/", views.matches, name="matches"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments.csv", views.commitments_csv, name="commitments_csv"),
    path("commitments/<int:pk>/move/", views.commitment_move, name="commitment_move"),
    path("optimiser/", views.optimiser, name="optimiser"),
    path("optimiser/run/", views.optimiser_run, name="optimiser_run"),
    path("optimiser/runs/<int:pk>/", views.run_detail, name="run"),
    path("optimiser/runs/<int:pk>.csv", views.run_csv, name="run_csv"),
    path("optimiser/compare/", views.compare, name="compare"),
    path("p/<slug:code>/", views.detail, name="detail"),
    path("p/<slug:code>/move/", views.move, name="move"),
    path("p/<slug:code>/publish/", views.publish, name="publish"),
    path("p/<slug:code>/interest/", views.interest, name="interest"),
]
