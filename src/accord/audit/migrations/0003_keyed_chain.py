"""Number the existing events (seq) and mark them legacy (version 1): their hashes are left as written."""

from django.db import migrations, models


def number_events(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    batch = []
    for seq, pk in enumerate(AuditEvent.objects.order_by("id").values_list("id", flat=True).iterator(), 1):
        batch.append(AuditEvent(pk=pk, seq=seq))
        if len(batch) == 1000:
            AuditEvent.objects.bulk_update(batch, ["seq"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["seq"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="version",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.RunPython(number_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True),
        ),
    ]
