"""The audit event types of orgs (accord.audit): every action here records exactly one of them."""

from django.db import models


class OrgsEvent(models.TextChoices):
    AFFILIATION_ADD = "affiliation.add", "affiliation add"
    PERSON_CREATE = "person.create", "person create"
    PERSON_LANGUAGE = "person.language", "person language"
    PERSON_SECOND_FACTOR = "person.second_factor", "person second factor"
    REFERENCE_LOAD = "reference.load", "reference load"
