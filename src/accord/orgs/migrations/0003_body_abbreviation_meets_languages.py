from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_curated")]

    operations = [
        migrations.RenameField(model_name="body", old_name="meets", new_name="meets_en"),
        migrations.AddField(model_name="body", name="meets_ru", field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(model_name="body", name="meets_zh", field=models.CharField(blank=True, max_length=200)),
        migrations.AddField(model_name="body", name="abbreviation_en", field=models.CharField(blank=True, max_length=30)),
        migrations.AddField(model_name="body", name="abbreviation_ru", field=models.CharField(blank=True, max_length=30)),
        migrations.AddField(model_name="body", name="abbreviation_zh", field=models.CharField(blank=True, max_length=30)),
    ]
