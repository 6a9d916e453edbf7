"""The database cache table behind the login limits (settings.CACHES["ratelimit"] without Redis).

Made here rather than by `createcachetable` so that `migrate`, which every deployment runs, sets it up.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "accord_ratelimit"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_notification_to_base"),
    ]

    operations = [migrations.RunPython(create, drop)]
