from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    verbose_name = "Meetings"
