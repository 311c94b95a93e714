from django.contrib import admin

from observers import models as m
from results.admin import (
    TabularInline,
    TranslatedHistoryAdmin,
    TranslatedSourcedAdmin,
    TranslatedStackedInline,
)


@admin.register(m.Topic)
class TopicAdmin(TranslatedHistoryAdmin):
    list_display = ("position", "name", "question")
    list_display_links = ("name",)
    search_fields = ("name", "question")


class OrganisationAliasInline(TabularInline):
    model = m.OrganisationAlias
    extra = 1


@admin.register(m.Organisation)
class OrganisationAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "short_name", "kind", "country")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "aliases__name", "country")
    autocomplete_fields = ("party",)
    inlines = [OrganisationAliasInline]


class CreditInline(TabularInline):
    model = m.StatementOrganisation
    extra = 0
    autocomplete_fields = ("organisation",)


class MemberInline(TabularInline):
    model = m.MissionMember
    extra = 0


class FindingInline(TranslatedStackedInline):
    model = m.Finding
    extra = 0
    autocomplete_fields = ("topic",)


@admin.register(m.Statement)
class StatementAdmin(TranslatedSourcedAdmin):
    list_display = ("title", "kind", "issued_on", "verdict", "election")
    list_filter = ("kind", "verdict", "election")
    list_select_related = ("election", "source")
    search_fields = ("title", "slug", "summary", "spokesperson")
    autocomplete_fields = ("election",)
    date_hierarchy = "issued_on"
    inlines = [CreditInline, MemberInline, FindingInline]


@admin.register(m.Finding)
class FindingAdmin(TranslatedHistoryAdmin):
    list_display = ("statement", "topic", "stance")
    list_filter = ("topic", "stance")
    list_select_related = ("statement", "topic")
    search_fields = ("summary", "quote", "statement__title")
    autocomplete_fields = ("statement", "topic")


@admin.register(m.ReportedFigure)
class ReportedFigureAdmin(TranslatedSourcedAdmin):
    list_display = ("subject", "label", "qualifier", "value", "source")
    list_filter = ("subject", "source")
    search_fields = ("subject", "label")
    autocomplete_fields = ("statement",)
