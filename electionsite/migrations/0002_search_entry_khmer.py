from django.db import migrations, models


class Migration(migrations.Migration):
    """Each entry also holds the record's title, context line and address in the Khmer
    edition. `manage.py rebuild_search_index` (run by `make setup` and the production
    stack's start) fills them."""

    dependencies = [
        ("electionsite", "0001_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_km",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="context_km",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="url_km",
            field=models.CharField(blank=True, max_length=500),
        ),
    ]
