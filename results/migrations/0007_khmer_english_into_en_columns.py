"""The English already written lands in the new English columns (name -> name_en), for the
records and for their history rows, so that English pages read exactly as before and the
history shows the English each earlier version had."""

from django.db import migrations
from django.db.models import F

TRANSLATED = {
    "Province": ["name"],
    "Party": ["name"],
    "Election": ["name", "summary", "electorate"],
    "Constituency": ["name"],
    "Registration": ["status_reason"],
    "ScheduleEntry": ["description"],
    "Incident": ["summary"],
    "Event": ["title", "summary"],
}


def copy_into_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        for name in (model_name, f"Historical{model_name}"):
            model = apps.get_model("results", name)
            model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("results", "0006_khmer_translated_fields")]

    operations = [migrations.RunPython(copy_into_english, migrations.RunPython.noop)]
