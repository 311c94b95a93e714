from django.db import migrations, models


class Migration(migrations.Migration):
    """Each language gets its own search entries. The entries already there are English;
    `manage.py rebuild_search_index` (run by `make setup` and the production stack's start)
    writes the other languages' entries."""

    dependencies = [
        ("electionsite", "0001_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="language",
            field=models.CharField(
                default="en",
                help_text="The language of its title, context line and address.",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="searchentry",
            options={
                "ordering": ["language", "position", "title"],
                "verbose_name_plural": "search entries",
            },
        ),
    ]
