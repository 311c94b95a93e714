"""The fields a reader sees in Khmer as well as English (django-modeltranslation).

Names, the project's own prose and its wording around figures and dates (what a figure
counts and in what unit, a note where a source gives no date) are translated; a figure, a
slug, a date and a document's own title are not. Each field gets `<field>_en` and
`<field>_km` columns; `<field>` reads the page's language and falls back to English
(settings.MODELTRANSLATION_FALLBACK_LANGUAGES).

History: django-simple-history builds a model's historical twin when the model class is
created, before modeltranslation adds the per-language columns, so a twin built then would
keep English only. The translated models therefore register their history here, after
their translation (`register_translated`), and the twin copies `name_en` and `name_km` too.
"""

from modeltranslation.fields import TranslationField
from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as register_history
from simple_history.models import HistoricalRecords

from results import models as m


class TranslatedHistoricalRecords(HistoricalRecords):
    """A historical twin whose per-language columns are plain columns.

    A translation field describes itself through the field it translates, so a copy would
    bring back what the history drops (`unique`: two versions of a party share its name);
    as the plain field it wraps (a CharField, a TextField) it keeps the history's changes."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for field in fields.values():
            if isinstance(field, TranslationField):
                field.__class__ = field.translated_field.__class__
        return fields


def register_translated(model, *fields: str) -> None:
    """Translate `fields` of `model`, then give it its history (which then keeps both)."""
    options = type(f"{model.__name__}TranslationOptions", (TranslationOptions,), {})
    options.fields = fields
    translator.register(model, options)
    register_history(model, records_class=TranslatedHistoricalRecords)


register_translated(m.Province, "name")
register_translated(m.Party, "name")
register_translated(m.Election, "name", "summary", "electorate")
register_translated(m.Constituency, "name")
register_translated(m.Registration, "status_reason")
register_translated(m.ScheduleEntry, "description", "date_note")
register_translated(m.Incident, "summary")
register_translated(m.Event, "title", "summary", "date_note")
register_translated(m.StatedFigure, "label", "base_label")
