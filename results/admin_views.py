from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from results import audit
from results.change_reasons import REASON_MAX_LENGTH, recorded_with_reason
from results.services import DATA_FILES, data_file_upload

UPLOADABLE = {spec.filename: spec for spec in DATA_FILES}


def consistency_findings(request):
    """Every consistency finding over the whole database, inside the admin."""
    return TemplateResponse(
        request,
        "admin/results/consistency.html",
        {
            **admin.site.each_context(request),
            "title": _("Where the figures disagree"),
            "findings": audit.all_findings(),
        },
    )


class BulkUploadForm(forms.Form):
    data_file = forms.ChoiceField(
        label=gettext_lazy("Kind of rows"),
        choices=[
            (name, f"{spec.model._meta.verbose_name_plural.capitalize()} ({name})")
            for name, spec in UPLOADABLE.items()
        ],
    )
    csv_file = forms.FileField(
        label=gettext_lazy("CSV file"),
        required=False,
        help_text=gettext_lazy(
            "In the loader's format: the same columns as the file of that name in "
            "results/data/ (or in the data ZIP). Rows are matched by their key and updated."
        ),
    )
    # The previewed file travels back with the confirmation, and is checked again then.
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=gettext_lazy("Reason for this change"),
        max_length=REASON_MAX_LENGTH,
        help_text=gettext_lazy("A short reason or the source; recorded in every row's history."),
    )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("csv_file")
        if upload:
            cleaned_data["content"] = upload.read()
        elif cleaned_data.get("csv_text"):
            cleaned_data["content"] = cleaned_data["csv_text"].encode()
        else:
            raise forms.ValidationError(_("Choose a CSV file to upload."))
        return cleaned_data


def bulk_upload(request):
    """Upload a data file, preview what it adds and changes, then apply it in one go."""
    form = BulkUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        spec = UPLOADABLE[form.cleaned_data["data_file"]]
        opts = spec.model._meta
        if not all(
            request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
            for action in ("add", "change")
        ):
            raise PermissionDenied
        apply = "apply" in request.POST
        with recorded_with_reason(form.cleaned_data["change_reason"]):
            result = data_file_upload(spec, form.cleaned_data["content"], apply=apply)
        if result.applied:
            messages.success(
                request,
                _(
                    "Applied %(file)s: %(added)s rows added, %(changed)s changed, "
                    "%(same)s unchanged."
                )
                % {
                    "file": spec.filename,
                    "added": result.count("added"),
                    "changed": result.count("changed"),
                    "same": result.count("unchanged"),
                },
            )
            return redirect("admin_bulk_upload")
        # Keep the file for the confirmation, whatever the editor uploads next.
        form = BulkUploadForm(
            initial={
                **form.cleaned_data,
                "csv_text": form.cleaned_data["content"].decode("utf-8-sig", "replace"),
            }
        )
    return TemplateResponse(
        request,
        "admin/results/bulk_upload.html",
        {
            **admin.site.each_context(request),
            "title": _("Upload rows from a CSV file"),
            "form": form,
            "result": result,
        },
    )
