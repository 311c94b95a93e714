"""The admin's "recently deleted" screen: restore a record together with its parts.

Records that others depend on cannot be deleted (on_delete=PROTECT, and the admin lists
what depends on them). What can be deleted takes its parts with it (a debate its
participants, a party its aliases); django-simple-history keeps a last row for each, and a
restore writes them all back in one transaction, with the restoring editor and a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from electionsite.changelog import TRACKED
from results.change_reasons import REASON_MAX_LENGTH, recorded_with_reason
from results.versions import history

RESTORABLE: dict[str, type[models.Model]] = {t.model._meta.label_lower: t.model for t in TRACKED}
SHOWN = 100
# A deletion's cascade is written within moments of the record's own deletion.
CASCADE_WINDOW = timedelta(seconds=10)


@dataclass(frozen=True)
class Deletion:
    label: str
    history_id: int
    kind: str
    name: str
    when: datetime
    editor: str
    reason: str


def recent_deletions() -> list[Deletion]:
    """Records deleted and not restored since, newest first."""
    deletions = []
    for label, model in RESTORABLE.items():
        rows = history(model, history_type="-").exclude(id__in=model._default_manager.values("pk"))
        # A part whose record is deleted too comes back with that record, listed instead.
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.remote_field.on_delete is models.CASCADE:
                owners = field.related_model._default_manager.values("pk")
                rows = rows.filter(**{f"{field.attname}__in": owners})
        rows = rows.select_related("history_user").order_by("-history_date")[:SHOWN]
        deletions += [
            Deletion(
                label,
                row.history_id,
                str(model._meta.verbose_name),
                str(row.history_object),
                row.history_date,
                str(row.history_user or ""),
                row.history_change_reason or "",
            )
            for row in rows
        ]
    return sorted(deletions, key=lambda d: d.when, reverse=True)[:SHOWN]


def _parts(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """The kinds of record deleted along with `model`'s, and their link to it."""
    return [
        (relation.related_model, relation.field.attname)
        for relation in model._meta.related_objects
        if relation.one_to_many
        and relation.on_delete is models.CASCADE
        and relation.related_model in RESTORABLE.values()
    ]


def _restore(model: type[models.Model], row) -> int:
    instance = row.instance
    instance.full_clean()
    instance.save(force_insert=True)
    restored = 1
    for part_model, link in _parts(model):
        deleted_parts = (
            history(part_model, history_type="-", **{link: instance.pk})
            .filter(history_date__range=(row.history_date - CASCADE_WINDOW, row.history_date))
            .exclude(id__in=part_model._default_manager.values("pk"))
            .order_by("id", "-history_date")
        )
        seen = set()
        for part in deleted_parts:
            if part.id not in seen:
                seen.add(part.id)
                restored += _restore(part_model, part)
    return restored


def deleted_record_restore(*, label: str, history_id: int, reason: str) -> int:
    """Bring back a deleted record and the parts deleted with it; returns how many rows."""
    model = RESTORABLE[label]
    row = history(model, history_type="-").get(history_id=history_id)
    if model._default_manager.filter(pk=row.id).exists():
        raise ValidationError(_("This record exists again already."))
    with transaction.atomic(), recorded_with_reason(reason):
        return _restore(model, row)


class RestoreForm(forms.Form):
    label = forms.ChoiceField(choices=[(label, label) for label in RESTORABLE])
    history_id = forms.IntegerField(widget=forms.HiddenInput)
    change_reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX_LENGTH,
        initial=gettext_lazy("Deleted by mistake"),
    )


def recently_deleted(request):
    """Deleted records, newest first, each with a button that restores it."""
    if request.method == "POST":
        form = RestoreForm(request.POST)
        if form.is_valid():
            model = RESTORABLE[form.cleaned_data["label"]]
            opts = model._meta
            if not request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
                raise PermissionDenied
            try:
                count = deleted_record_restore(
                    label=form.cleaned_data["label"],
                    history_id=form.cleaned_data["history_id"],
                    reason=form.cleaned_data["change_reason"],
                )
            except (ValidationError, model.history.model.DoesNotExist) as error:
                messages.error(
                    request,
                    _("Not restored: %(why)s")
                    % {"why": " ".join(getattr(error, "messages", [str(error)]))},
                )
            else:
                messages.success(
                    request,
                    _("Restored %(count)s rows (the record and its parts).") % {"count": count},
                )
        return redirect("admin_recently_deleted")
    return TemplateResponse(
        request,
        "admin/recently_deleted.html",
        {
            **admin.site.each_context(request),
            "title": _("Recently deleted"),
            "deletions": recent_deletions(),
        },
    )
