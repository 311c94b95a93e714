"""django-tables2 tables for the results pages. Missing figures render as "not reported"."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport

from results.models import NationalResult, Registration

NOT_REPORTED = _("not reported")


EXPORT_FORMATS = ("csv", "json", "xlsx")


class CaptionedTable(tables.Table):
    """A table with a caption and a name for its downloads: every table on the site has both.

    `export_name` says what the table is; downloads are named after it
    (`cambodia-elections-2024-senate-national-results.csv`).
    """

    # Long tables paginate at this size; readers cannot change it (no ?per_page=100000).
    rows_per_page = 50

    def __init__(self, *args, caption: str = "", export_name: str = "", **kwargs):
        kwargs.setdefault("default", NOT_REPORTED)
        super().__init__(*args, **kwargs)
        self.caption = caption
        self.export_name = export_name
        self.export_formats = EXPORT_FORMATS if export_name else ()

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        return super().paginate(paginator_class, self.rows_per_page, page, *args, **kwargs)


def export_response(request, *tables_):
    """The download a reader asked for (`?_export=csv&_table=<export_name>`), or None.

    The table has already been sorted and filtered as on screen; all its rows are exported,
    not only the current page. An unknown format or table name is ignored.
    """
    fmt, name = request.GET.get("_export"), request.GET.get("_table")
    if fmt not in EXPORT_FORMATS or not name:
        return None
    for table in tables_:
        if table.export_name and table.export_name == name:
            return TableExport(fmt, table).response(f"cambodia-elections-{name}.{fmt}")
    return None


class NumberColumn(tables.Column):
    def render(self, value):
        return f"{value:,}"

    def value(self, value):
        return value


class PercentColumn(tables.Column):
    def render(self, value):
        return f"{value:.2f}%"

    def value(self, value):
        return value


class SourceColumn(tables.Column):
    """The source and section a row's figures come from."""

    def __init__(self, **kwargs):
        kwargs.setdefault("accessor", "section")
        kwargs.setdefault("verbose_name", _("Source"))
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("attrs", {"td": {"class": "source-cell"}})
        super().__init__(**kwargs)

    def render(self, record):
        return format_html(
            '<a href="{}#source-{}">{}</a>, <span class="section">{}</span>',
            reverse("results:source_list"),
            record.source.key,
            record.source.title,
            record.section,
        )

    def value(self, record):
        return f"{record.source.title}, {record.section}"


class PartyColumn(tables.Column):
    def render(self, value):
        return format_html(
            '<span class="swatch" style="--swatch: {}" aria-hidden="true"></span>'
            '<a href="{}">{}</a>',
            value.colour,
            value.get_absolute_url(),
            value.name,
        )

    def value(self, value):
        return value.name


class NationalResultTable(CaptionedTable):
    party = PartyColumn(order_by=("party__name",))
    seats = tables.Column(verbose_name=_("Seats won"))
    previous_seats = tables.Column(verbose_name=_("Seats before"))
    votes = NumberColumn()
    percent = PercentColumn(verbose_name=_("Share of votes"))
    source = SourceColumn()

    class Meta:
        model = NationalResult
        fields = ("party", "seats", "previous_seats", "votes", "percent")
        order_by = ("-seats",)


class RegistrationTable(CaptionedTable):
    ballot_number = tables.Column(verbose_name=_("Ballot no."))
    party = PartyColumn(order_by=("party__name",))
    leader = tables.Column(verbose_name=_("Leader (as the source spells it)"))
    status = tables.Column()
    constituencies_contested = tables.Column(verbose_name=_("Constituencies"))
    seats_contested = tables.Column(verbose_name=_("Seats contested"))

    class Meta:
        model = Registration
        fields = (
            "ballot_number",
            "party",
            "leader",
            "status",
            "constituencies_contested",
            "seats_contested",
        )


class SeatsByConstituencyTable(CaptionedTable):
    """One row per constituency; one column of seats won per party (added by the view)."""

    constituency = tables.Column(verbose_name=_("Constituency"), order_by=("name",))
    provinces = tables.Column(verbose_name=_("Provinces"), orderable=False)
    seats = tables.Column(verbose_name=_("Seats allocated"))
    won = tables.Column(verbose_name=_("Seats won, all parties"))

    def render_constituency(self, value, record):
        return format_html('<a href="{}">{}</a>', record["url"], value)

    def value_constituency(self, value):
        return value

    def render_won(self, value, record):
        if value != record["seats"]:
            return format_html('{} <strong class="flag">{}</strong>', value, _("differs"))
        return value

    def value_won(self, value):
        return value


class ConstituencyResultTable(CaptionedTable):
    party = PartyColumn(order_by=("party__name",))
    votes = NumberColumn()
    percent = PercentColumn(verbose_name=_("Share of votes"))
    seats = tables.Column(verbose_name=_("Seats won"))


class RegisteredVotersTable(CaptionedTable):
    year = tables.Column()
    registered_voters = NumberColumn(verbose_name=_("Registered voters"))
    reported_change = tables.Column(verbose_name=_("Change as printed"), orderable=False)
    computed_change = tables.Column(verbose_name=_("Change from previous count"), orderable=False)

    def render_computed_change(self, value):
        return f"{value:+.2f}%"

    def value_computed_change(self, value):
        return round(value, 2)


class ProvinceTable(CaptionedTable):
    province = tables.Column(verbose_name=_("Province"), order_by=("name",))
    seats = tables.Column(verbose_name=_("2023 seats allocated"))
    won = tables.Column(verbose_name=_("2023 seats won"), orderable=False)
    region = tables.Column(verbose_name=_("2024 Senate region"), order_by=("region_name",))

    def render_province(self, value, record):
        return format_html('<a href="{}">{}</a>', record["url"], value)

    def value_province(self, value):
        return value

    def render_region(self, value, record):
        return format_html('<a href="{}">{}</a>', record["region_url"], value)

    def value_region(self, value):
        return value
