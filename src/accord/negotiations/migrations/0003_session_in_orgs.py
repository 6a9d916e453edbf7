# The Session model moved from the meetings app to orgs (it decides the chair's terms); its table,
# meetings_session, and the foreign keys to it stay as they are: only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0002_stance_history'),
        ('orgs', '0006_session_from_meetings'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='adoption',
                    name='session',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='orgs.session'),
                ),
                migrations.AlterField(
                    model_name='draft',
                    name='session',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='drafts', to='orgs.session'),
                ),
            ],
            database_operations=[],
        ),
    ]
