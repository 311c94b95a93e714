"""Admin forms that refuse a lost update and ask for the reason of every change.

Optimistic locking without a version column: each change form (and each inline row) carries
a signed snapshot of the record's values as the editor saw them. On save the record is read
again; if another editor changed it meanwhile, the save is refused with what changed, the
editor's input stays on the form, and the snapshot is renewed so that saving again, after
reading the message, is a deliberate overwrite. (django-concurrency 2.8 supports Django 5.2,
but needs a version column on every model and its history table, and does not say what
changed; the snapshot needs neither.)
"""

from __future__ import annotations

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from results.change_reasons import REASON_MAX_LENGTH

VERSION_FIELD = "edit_version"
# Form fields that are about the save, not values of the record.
_NOT_RECORD_FIELDS = frozenset({VERSION_FIELD, "change_reason"})
_SIGNING_SALT = "results.admin_forms.edit_version"


def _state_fields(instance: models.Model) -> dict[str, models.Field]:
    """The record's own columns, and the many-to-many links its form edits directly."""
    fields = {f.attname: f for f in instance._meta.concrete_fields if not f.primary_key}
    for field in instance._meta.many_to_many:
        if field.remote_field.through._meta.auto_created:
            fields[field.name] = field
    return fields


def record_state(instance: models.Model) -> dict[str, str]:
    """The stored values of the record, as text (linked records by their ids)."""
    state = {}
    for key, field in _state_fields(instance).items():
        if field.many_to_many:
            ids = getattr(instance, field.name).order_by("pk").values_list("pk", flat=True)
            state[key] = ",".join(str(pk) for pk in ids)
        else:
            state[key] = field.value_to_string(instance)
    return state


def _describe(field: models.Field, value: str) -> str:
    if value in ("", "None"):
        return str(_("(empty)"))
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value.split(","))
        return ", ".join(str(record) for record in related)
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else value
    if field.choices:
        return str(dict(field.flatchoices).get(field.to_python(value), value))
    return value


def changes_meanwhile(instance: models.Model, seen: dict, now: dict) -> list[str]:
    """ "Field: was …, now …" for each value that differs between two snapshots."""
    fields = _state_fields(instance)
    return [
        _("%(field)s: was “%(seen)s”, now “%(now)s”")
        % {
            "field": fields[name].verbose_name,
            "seen": _describe(fields[name], seen.get(name, "")),
            "now": _describe(fields[name], value),
        }
        for name, value in now.items()
        if name in fields and seen.get(name) != value
    ]


class VersionedForm(forms.ModelForm):
    """A model form that refuses to overwrite a change made since it was opened."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    # An inline row the editor left alone is not saved, so a change to it is no conflict.
    check_unchanged_rows = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial[VERSION_FIELD] = signing.dumps(
                record_state(self.instance), salt=_SIGNING_SALT, compress=True
            )

    @property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name not in _NOT_RECORD_FIELDS]

    def clean(self):
        cleaned_data = super().clean()
        token = self.data.get(self.add_prefix(VERSION_FIELD))
        if self.instance.pk is None or not token:
            return cleaned_data
        if not self.check_unchanged_rows and not self.has_changed():
            return cleaned_data
        try:
            seen = signing.loads(token, salt=_SIGNING_SALT)
        except signing.BadSignature:
            seen = {}
        # The instance still holds the stored values: the form's are applied after clean().
        now = record_state(self.instance)
        if seen != now:
            data = self.data.copy()
            data[self.add_prefix(VERSION_FIELD)] = self.initial[VERSION_FIELD]
            self.data = data
            raise ValidationError(
                [
                    _(
                        "Another editor changed this record after you opened it. Your "
                        "changes are still on the form and have not been saved. Changed "
                        "meanwhile:"
                    ),
                    *changes_meanwhile(self.instance, seen, now),
                    _("Save again to replace their values with yours."),
                ],
                code="edit_conflict",
            )
        return cleaned_data


class ChangeForm(VersionedForm):
    """The main form of a change page: also asks why."""

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "A short reason or the source (for example “Corrected from NEC table 3”). It is "
            "shown in the record's history and in the public change log."
        ),
    )


class VersionedInlineForm(VersionedForm):
    check_unchanged_rows = False
