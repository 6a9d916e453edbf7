# The Session model moved from the meetings app to orgs (it decides the chair's terms); its table,
# meetings_session, and the foreign keys to it stay as they are: only Django's state changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0006_curated'),
        ('negotiations', '0003_session_in_orgs'),
        ('orgs', '0006_session_from_meetings'),
        ('programmes', '0003_session_in_orgs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='decision',
                    name='session',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='orgs.session'),
                ),
                migrations.AlterField(
                    model_name='sessiondocument',
                    name='session',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='orgs.session'),
                ),
                migrations.AlterField(
                    model_name='agendaitem',
                    name='session',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agenda', to='orgs.session'),
                ),
                migrations.DeleteModel(
                    name='Session',
                ),
            ],
            database_operations=[],
        ),
    ]
