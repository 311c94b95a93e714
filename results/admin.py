"""Admin for the editors who enter and correct the data. Validation lives in model clean()."""

from django.contrib import admin

from results import models as m


class SourcedAdmin(admin.ModelAdmin):
    list_select_related = ("source",)
    list_filter = ("source",)


@admin.register(m.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "kind", "published")
    search_fields = ("key", "title")


class ProvinceAliasInline(admin.TabularInline):
    model = m.ProvinceAlias
    extra = 1


@admin.register(m.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "aliases__name")
    inlines = [ProvinceAliasInline]


class PartyAliasInline(admin.TabularInline):
    model = m.PartyAlias
    extra = 1


class RegistrationInline(admin.TabularInline):
    model = m.Registration
    extra = 0
    autocomplete_fields = ("election",)


@admin.register(m.Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("name", "abbreviation", "slug")
    search_fields = ("name", "abbreviation", "aliases__name")
    inlines = [PartyAliasInline, RegistrationInline]


@admin.register(m.Election)
class ElectionAdmin(SourcedAdmin):
    list_display = ("name", "kind", "held_on", "seats_contested", "seats_total")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    date_hierarchy = "held_on"


class ConstituencyResultInline(admin.TabularInline):
    model = m.ConstituencyResult
    extra = 0
    autocomplete_fields = ("party",)


@admin.register(m.Constituency)
class ConstituencyAdmin(SourcedAdmin):
    list_display = ("name", "election", "seats")
    list_filter = ("election",)
    list_select_related = ("election", "source")
    search_fields = ("name", "slug", "provinces__name")
    filter_horizontal = ("provinces",)
    inlines = [ConstituencyResultInline]


@admin.register(m.NationalResult)
class NationalResultAdmin(SourcedAdmin):
    list_display = ("party", "election", "seats", "votes", "percent", "section")
    list_filter = ("election", "source")
    list_select_related = ("party", "election", "source")
    autocomplete_fields = ("party",)


@admin.register(m.BallotCount)
class BallotCountAdmin(SourcedAdmin):
    list_display = ("__str__", "registered_voters", "ballots_cast", "turnout_percent")
    list_filter = ("election",)
    list_select_related = ("election", "constituency", "source")


@admin.register(m.ScheduleEntry)
class ScheduleEntryAdmin(SourcedAdmin):
    list_display = ("description", "election", "kind", "starts_on", "ends_on")
    list_filter = ("election", "kind")
    list_select_related = ("election", "source")


class InvestitureTallyInline(admin.TabularInline):
    model = m.InvestitureTally
    extra = 0


@admin.register(m.Investiture)
class InvestitureAdmin(SourcedAdmin):
    list_display = ("candidate", "held_on", "required_majority")
    inlines = [InvestitureTallyInline]


@admin.register(m.RegisteredVoterCount)
class RegisteredVoterCountAdmin(SourcedAdmin):
    list_display = ("year", "registered_voters", "reported_change")


class DebateParticipationInline(admin.TabularInline):
    model = m.DebateParticipation
    extra = 0
    autocomplete_fields = ("party",)


@admin.register(m.Debate)
class DebateAdmin(SourcedAdmin):
    list_display = ("number", "held_on", "organiser", "moderator")
    inlines = [DebateParticipationInline]


@admin.register(m.Incident)
class IncidentAdmin(SourcedAdmin):
    list_display = ("number", "occurred_on", "province", "place")
    list_select_related = ("province", "source")


@admin.register(m.Event)
class EventAdmin(SourcedAdmin):
    list_display = ("title", "starts_on", "election", "party", "province")
    list_filter = ("election", "source")
    list_select_related = ("election", "party", "province", "source")
    search_fields = ("title", "summary")
