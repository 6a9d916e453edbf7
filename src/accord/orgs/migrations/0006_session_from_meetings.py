# The Session model moved from the meetings app to orgs (it decides the chair's terms); its table,
# meetings_session, and the foreign keys to it stay as they are: only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


def move_session(apps, schema_editor):
    """The content type and the Secretariat's removals follow the model to its new app label."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="orgs", model="session").exists():
        ContentType.objects.filter(app_label="meetings", model="session").update(app_label="orgs")
    RemovedReference = apps.get_model("orgs", "RemovedReference")
    for removed in RemovedReference.objects.filter(key__startswith='["meetings.session"'):
        removed.key = removed.key.replace('["meetings.session"', '["orgs.session"', 1)
        removed.save(update_fields=["key"])


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('meetings', '0006_curated'),
        ('orgs', '0005_removed_reference'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Session',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('curated', models.BooleanField(default=False, editable=False, help_text='Changed by the Secretariat: reloading the data files keeps this row as it is')),
                        ('year', models.PositiveSmallIntegerField()),
                        ('number', models.PositiveSmallIntegerField(blank=True, help_text='e.g. the 24th meeting of the CHS', null=True)),
                        ('status', models.CharField(choices=[('held', 'held'), ('announced', 'announced'), ('planned', 'planned')], default='held', max_length=12)),
                        ('format', models.CharField(choices=[('in_person', 'in person'), ('video', 'video conference'), ('hybrid', 'hybrid')], default='in_person', max_length=12)),
                        ('city_en', models.CharField(blank=True, max_length=120)),
                        ('city_ru', models.CharField(blank=True, max_length=120)),
                        ('city_zh', models.CharField(blank=True, max_length=120)),
                        ('start', models.DateField(blank=True, null=True)),
                        ('end', models.DateField(blank=True, null=True)),
                        ('regular', models.BooleanField(default=True, help_text="Regular sessions end a chair's term")),
                        ('source', models.TextField(blank=True)),
                        ('venue', models.CharField(blank=True, max_length=200)),
                        ('illustrative', models.BooleanField(default=False, help_text='Written for the demo')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='orgs.body')),
                        ('host', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='hosted_sessions', to='orgs.state')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='orgs.organisation')),
                    ],
                    options={
                        'db_table': 'meetings_session',
                        'ordering': ['body', 'start', 'year'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('start__isnull', True), ('end__isnull', True), ('end__gte', models.F('start')), _connector='OR'), name='session_end_after_start')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_session, migrations.RunPython.noop),
    ]
