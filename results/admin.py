"""Admin for the editors who enter and correct the data.

Validation lives in the models' clean() (shared with the loader); the admin adds the checks
that need several rows at once (a constituency's results together) and keeps every change
in django-simple-history, where it can be viewed and reverted.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from results import models as m
from results.admin_forms import ChangeForm, VersionedInlineForm
from results.change_reasons import recorded_with_reason
from results.selectors import dhondt_check


class HistoryAdmin(SimpleHistoryAdmin):
    """Every data model keeps its history, viewable and revertible from its change page.

    Each save asks for a reason, recorded on every history row it writes (the record's and
    its inline rows'), and is refused if another editor changed the record meanwhile.
    """

    form = ChangeForm

    def save_model(self, request, obj, form, change):
        with recorded_with_reason(form.cleaned_data["change_reason"]):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with recorded_with_reason(form.cleaned_data["change_reason"]):
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        with recorded_with_reason(deletion_reason(request)):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with recorded_with_reason(deletion_reason(request)):
            super().delete_queryset(request, queryset)


def deletion_reason(request) -> str:
    """The reason typed on the delete page (the list's bulk action has no field for one)."""
    return request.POST.get("change_reason", "").strip() or str(_("Deleted in the admin"))


class TabularInline(admin.TabularInline):
    form = VersionedInlineForm


class StackedInline(admin.StackedInline):
    form = VersionedInlineForm


# Records with translated fields (results/translation.py): each such field is shown as its
# English and its Khmer column one after the other, so that editors write both side by side.
class TranslatedHistoryAdmin(TranslationAdmin, HistoryAdmin):
    pass


class TranslatedTabularInline(TranslationTabularInline, TabularInline):
    pass


class TranslatedStackedInline(TranslationStackedInline, StackedInline):
    pass


class SourcedAdmin(HistoryAdmin):
    list_select_related = ("source",)
    list_filter = ("source",)


class TranslatedSourcedAdmin(TranslationAdmin, SourcedAdmin):
    pass


@admin.register(m.Source)
class SourceAdmin(HistoryAdmin):
    list_display = ("key", "title", "author", "published_on", "url")
    search_fields = ("key", "title", "author", "document_title")
    # An address typed without a scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    ordering = ("key",)


class ProvinceAliasInline(TabularInline):
    model = m.ProvinceAlias
    extra = 1


@admin.register(m.Province)
class ProvinceAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "aliases__name")
    inlines = [ProvinceAliasInline]


class PartyAliasInline(TabularInline):
    model = m.PartyAlias
    extra = 1


class RegistrationInline(TranslatedTabularInline):
    model = m.Registration
    extra = 0
    autocomplete_fields = ("election",)


@admin.register(m.Party)
class PartyAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "abbreviation", "slug")
    search_fields = ("name", "abbreviation", "aliases__name")
    inlines = [PartyAliasInline, RegistrationInline]


@admin.register(m.Election)
class ElectionAdmin(TranslatedSourcedAdmin):
    list_display = ("name", "kind", "held_on", "seats_contested", "seats_total")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    date_hierarchy = "held_on"


@admin.register(m.Registration)
class RegistrationAdmin(TranslatedSourcedAdmin):
    list_display = ("party", "election", "ballot_number", "status", "leader")
    list_filter = ("election", "status")
    list_select_related = ("party", "election", "source")
    search_fields = ("party__name", "leader")
    autocomplete_fields = ("party", "election")


class ConstituencyResultFormSet(BaseInlineFormSet):
    """The seats won by all parties, per source, cannot exceed the constituency's seats."""

    def clean(self):
        super().clean()
        seats = self.instance.seats
        totals: dict = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("seats") is None:
                continue
            key = (data.get("source"), data.get("section"))
            totals[key] = totals.get(key, 0) + data["seats"]
        for (source, section), won in totals.items():
            if seats is not None and won > seats:
                raise ValidationError(
                    _(
                        "Together the parties win %(won)s seats (%(source)s, %(section)s), "
                        "but the constituency has only %(seats)s."
                    )
                    % {"won": won, "seats": seats, "source": source, "section": section}
                )


class ConstituencyResultInline(TabularInline):
    model = m.ConstituencyResult
    formset = ConstituencyResultFormSet
    extra = 0
    autocomplete_fields = ("party",)


@admin.action(description=_("Recompute D'Hondt from the votes and compare"))
def recompute_dhondt(modeladmin, request, queryset):
    constituencies = queryset.select_related("election").prefetch_related("results__party")
    checks = [(c, dhondt_check(c)) for c in constituencies]
    return TemplateResponse(
        request,
        "admin/results/dhondt_check.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("D'Hondt recomputed"),
            "checks": checks,
            "opts": modeladmin.model._meta,
        },
    )


@admin.register(m.Constituency)
class ConstituencyAdmin(TranslatedSourcedAdmin):
    list_display = ("name", "election", "seats")
    list_filter = ("election",)
    list_select_related = ("election", "source")
    search_fields = ("name", "slug", "provinces__name")
    filter_horizontal = ("provinces",)
    inlines = [ConstituencyResultInline]
    actions = [recompute_dhondt]


@admin.register(m.ConstituencyResult)
class ConstituencyResultAdmin(SourcedAdmin):
    list_display = ("party", "constituency", "votes", "percent", "seats")
    list_filter = ("constituency__election", "source")
    list_select_related = ("party", "constituency__election", "source")
    search_fields = ("party__name", "constituency__name")
    autocomplete_fields = ("party", "constituency")


@admin.register(m.NationalResult)
class NationalResultAdmin(SourcedAdmin):
    list_display = ("party", "election", "seats", "votes", "percent", "section")
    list_filter = ("election", "source")
    list_select_related = ("party", "election", "source")
    search_fields = ("party__name",)
    autocomplete_fields = ("party", "election")


@admin.register(m.BallotCount)
class BallotCountAdmin(SourcedAdmin):
    list_display = ("__str__", "registered_voters", "ballots_cast", "turnout_percent")
    list_filter = ("election",)
    list_select_related = ("election", "constituency__election", "source")
    autocomplete_fields = ("election", "constituency")


@admin.register(m.ScheduleEntry)
class ScheduleEntryAdmin(TranslatedSourcedAdmin):
    list_display = ("description", "election", "kind", "starts_on", "ends_on")
    list_filter = ("election", "kind")
    list_select_related = ("election", "source")
    search_fields = ("description",)


class InvestitureTallyInline(TabularInline):
    model = m.InvestitureTally
    extra = 0


@admin.register(m.Investiture)
class InvestitureAdmin(SourcedAdmin):
    list_display = ("candidate", "held_on", "required_majority")
    list_select_related = ("source",)
    inlines = [InvestitureTallyInline]


@admin.register(m.RegisteredVoterCount)
class RegisteredVoterCountAdmin(SourcedAdmin):
    list_display = ("year", "registered_voters", "reported_change")


class DebateParticipationInline(TabularInline):
    model = m.DebateParticipation
    extra = 0
    autocomplete_fields = ("party",)


@admin.register(m.Debate)
class DebateAdmin(SourcedAdmin):
    list_display = ("number", "held_on", "organiser", "moderator")
    inlines = [DebateParticipationInline]


@admin.register(m.Incident)
class IncidentAdmin(TranslatedSourcedAdmin):
    list_display = ("number", "occurred_on", "province", "place")
    list_select_related = ("province", "source")
    search_fields = ("place", "summary")


@admin.register(m.Event)
class EventAdmin(TranslatedSourcedAdmin):
    list_display = ("title", "starts_on", "election", "party", "province")
    list_filter = ("election", "source")
    list_select_related = ("election", "party", "province", "source")
    search_fields = ("title", "summary")
    autocomplete_fields = ("election", "party", "province")


@admin.register(m.StatedFigure)
class StatedFigureAdmin(TranslatedSourcedAdmin):
    list_display = ("label", "election", "value", "unit", "count", "section")
    list_filter = ("election", "source")
    list_select_related = ("election", "source")
    search_fields = ("key", "label")
    autocomplete_fields = ("election",)


@admin.register(m.SourceTable)
class SourceTableAdmin(SourcedAdmin):
    list_display = ("name", "election", "header_columns", "row_cells", "section")
    list_select_related = ("election", "source")
    search_fields = ("key", "name")
    autocomplete_fields = ("election",)
