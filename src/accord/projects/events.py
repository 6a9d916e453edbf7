"""The audit event types of projects (accord.audit): every action here records exactly one of them."""

from django.db import models


class ProjectsEvent(models.TextChoices):
    ALLOCATION_RUN = "allocation.run", "allocation run"
    COMMITMENT_INTEREST = "commitment.interest", "commitment interest"
    COMMITMENT_MOVE = "commitment.move", "commitment move"
    FUNDER_CREATE = "funder.create", "funder create"
    FUNDER_REPRESENTATIVE = "funder.representative", "funder representative"
    PROJECT_MOVE = "project.move", "project move"
    PROJECT_PROPOSE = "project.propose", "project propose"
    PROJECT_PUBLISH = "project.publish", "project publish"
    RATE_SET = "rate.set", "rate set"
