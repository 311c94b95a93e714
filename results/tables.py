"""django-tables2 tables for the results pages. Missing figures render as "not reported"."""

from collections.abc import Callable
from decimal import Decimal

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import models
from django.utils.html import conditional_escape, escape, format_html, strip_tags
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django_tables2.columns.base import BoundColumn
from django_tables2.export import TableExport
from django_tables2.rows import BoundRow
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import Accessor, AttributeDict, signature
from tablib import Dataset

from results.cards import card_labels_style
from results.charts import swatch_style
from results.formulas import neutralise_formula
from results.models import NationalResult, Registration
from results.numerals import figure, khmer_digits, localize
from results.templatetags.sources import provenance_html, shared_source_note, source_key
from results.templatetags.translated import english_marked, in_english, translated_name

NOT_REPORTED = _("not reported")
# The classes django-tables2 gives sortable header cells.
SORT_CLASSES = {"orderable", "asc", "desc"}


EXPORT_FORMATS = ("csv", "json", "xlsx")
# Rows that cite at most this many sources between them cite each by a number, the sources
# said once under the table; more, and each row names its own.
NUMBERED_SOURCES = 3


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
        self.empty_text = self.empty_text or _("No rows to show.")
        self.caption = caption
        self.export_name = export_name
        self.export_formats = EXPORT_FORMATS if export_name else ()

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        return super().paginate(paginator_class, self.rows_per_page, page, *args, **kwargs)

    @property
    def anchor(self) -> str:
        """The id of the table's region, which its sort and page links return to."""
        return f"table-{slugify(self.export_name or self.prefix or self.caption) or 'rows'}"

    @property
    def return_anchor(self) -> str:
        """Where the sort and page links return to: the table itself, by a short id when it
        has a prefix (unique on its page; the links repeat it), else its region."""
        if self.attrs.get("id"):
            return self.attrs["id"]
        return f"t-{slugify(self.prefix)}" if self.prefix else self.anchor

    def as_html(self, request=None) -> SafeString:
        """The whole table: `{{ table.as_html }}` in a template.

        A caption, header cells with scope and sort links, the rows, django-tables2's
        pagination and download links, in a region named after the caption. Built in
        Python rather than from a template: the table's own markup cost more to render
        than its rows on pages with several short tables. The table names its columns once
        (results/cards.py), so that on a phone the rows can be shown as labelled cards.
        """
        request = request or getattr(self, "request", None)
        caption = format_html("<caption>{}</caption>", self.caption) if self.caption else ""
        attrs = {"class": "data-table", **self.attrs}
        if self.return_anchor != self.anchor:
            attrs["id"] = self.return_anchor
        labels = card_labels_style(
            strip_tags(str(column.header)) for column in self.shown_columns()
        )
        if labels:
            attrs["style"] = mark_safe(
                f"{conditional_escape(attrs['style'])};{labels}" if attrs.get("style") else labels
            )
        return format_html(
            '<div class="table-scroll" id="{}" role="region" aria-label="{}" tabindex="0">\n'
            "<table {}>\n{}\n<thead>\n<tr>\n{}\n</tr>\n</thead>\n<tbody>\n{}\n</tbody>\n"
            "</table>\n</div>\n{}{}{}{}",
            self.anchor,
            self.caption,
            AttributeDict(attrs).as_html(),
            caption,
            self.head_html(request),
            self.body_html(),
            self._shared_source_html(),
            self._left_out_html(),
            self._pagination_html(request),
            self._downloads_html(request),
        )

    @property
    def numbered_sources(self) -> list:
        """The sources the rows cite by number, in the order of their numbers, when the
        table names them once under it; empty when each row names its own or all share one."""
        self._rendered()
        return self._numbered

    def _shared_source_html(self) -> str:
        """The source every row cites, or the few its rows cite by number, when the table
        says them once rather than on every row."""
        self._rendered()
        record = self._shared_source
        if record is not None:
            return format_html("{}\n", shared_source_note(record))
        if not self.numbered_sources:
            return ""
        return format_html(
            '<p class="table-source">{}: {}</p>\n',
            _("Sources, by the number in each row"),
            mark_safe(
                "; ".join(
                    format_html("({})\u00a0{}", localize(number), provenance_html(record))
                    for number, record in enumerate(self.numbered_sources, start=1)
                )
            ),
        )

    def _left_out_html(self) -> str:
        """A line naming the columns left off because no row has a figure for them."""
        shown = {column.name for column in self.shown_columns()}
        if self._shared_source is not None:
            shown |= {c.name for c in self.columns if isinstance(c.column, SourceColumn)}
        left_out = [
            strip_tags(str(column.header)) for column in self.columns if column.name not in shown
        ]
        if not left_out or not self.paginated_rows:
            return ""
        return format_html(
            '<p class="note table-left-out">{}: {}.</p>\n',
            _("Not reported in any row, so left out here (the downloads keep them)"),
            ", ".join(left_out),
        )

    def _pagination_html(self, request) -> str:
        """django-tables2's page links (its template's markup), when there is more than one
        page."""
        page = getattr(self, "page", None)
        if not page or self.paginator.num_pages <= 1:
            return ""
        field = self.prefixed_page_field

        def step(css_class: str, number: int, label: str) -> str:
            link = _query_with(request, {field: number}, self.return_anchor)
            return format_html('<li class="{}"><a href="{}">{}</a></li>', css_class, link, label)

        items = []
        if page.has_previous():
            items.append(step("previous", page.previous_page_number(), _("previous")))
        if page.has_previous() or page.has_next():
            for number in table_page_range(page, self.paginator):
                active = mark_safe(' class="active"') if number == page.number else ""
                link = (
                    "#"
                    if number == "..."
                    else _query_with(request, {field: number}, self.return_anchor)
                )
                items.append(
                    format_html('<li{}><a href="{}">{}</a></li>', active, link, localize(number))
                )
        if page.has_next():
            items.append(step("next", page.next_page_number(), _("next")))
        return format_html('<ul class="pagination">\n{}\n</ul>\n', mark_safe("\n".join(items)))

    def _downloads_html(self, request) -> str:
        if not self.export_formats:
            return ""
        # The links' purpose comes from their sentence (WCAG 2.4.4, in context): the caption
        # is said once, for screen readers, rather than inside each link.
        links = mark_safe(
            " · ".join(
                format_html(
                    '<a href="{}" rel="nofollow">{}</a>',
                    _query_with(request, {"_export": fmt, "_table": self.export_name}),
                    fmt.upper(),
                )
                for fmt in self.export_formats
            )
        )
        return format_html(
            '<p class="downloads">{}<span class="visually-hidden"> ({})</span>: {}</p>\n',
            _("Download this table"),
            self.caption,
            links,
        )

    def shown_columns(self) -> list[BoundColumn]:
        """The columns shown on screen: all but those empty in every row of the page.

        A column that reads "not reported" all the way down says nothing a reader needs;
        the downloads keep every column.
        """
        return self._rendered()[0]

    def _rendered(self) -> tuple[list[BoundColumn], list[list[str]]]:
        """The shown columns and the escaped text of each of their cells, row by row."""
        if getattr(self, "_rendered_cells", None) is None:
            columns = list(self.columns)
            renderers = [_cell_renderer(self, column) for column in columns]
            rows = [[render(row) for render in renderers] for row in self.paginated_rows]
            empty = conditional_escape(str(self.default))
            keep = [
                index
                for index in range(len(columns))
                if not rows or any(row[index] != empty for row in rows)
            ]
            # A source column whose rows all cite the same source and section: said once,
            # under the table (`_shared_source_html`), instead of on every row. Rows citing
            # a few sources between them cite each by its number, said once under the table.
            self._shared_source, self._numbered = None, []
            sources = [i for i in keep if isinstance(columns[i].column, SourceColumn)]
            records = [row.record for row in self.paginated_rows] if sources else []
            keys = [source_key(record) for record in records]
            distinct = list(dict.fromkeys(keys))
            if len(records) > 1 and len(distinct) == 1:
                self._shared_source = records[0]
                keep = [i for i in keep if i not in sources]
            elif 1 < len(distinct) <= NUMBERED_SOURCES and len(distinct) < len(records):
                self._numbered = [records[keys.index(key)] for key in distinct]
                for row, key in zip(rows, keys, strict=True):
                    for index in sources:
                        row[index] = localize(distinct.index(key) + 1)
            self._rendered_cells = (
                [columns[i] for i in keep],
                [[row[i] for i in keep] for row in rows],
            )
        return self._rendered_cells

    def head_html(self, request=None) -> SafeString:
        """The header cells: `<th scope="col">`, a sort link on each sortable column, and
        `aria-sort` on the column the rows are sorted by.

        Built in Python, like the rows: django-tables2's per-column properties, read from a
        template, cost more than the rest of the table's markup.
        """
        cells = []
        for column in self.shown_columns():
            sort = ""
            if column.is_ordered:
                direction = "descending" if column.order_by_alias.is_descending else "ascending"
                sort = format_html(' aria-sort="{}"', direction)
            if column.orderable:
                link = _query_with(
                    request or getattr(self, "request", None),
                    {self.prefixed_order_by_field: column.order_by_alias.next},
                    self.return_anchor,
                )
                content = format_html(
                    '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
                    link,
                    english_marked(str(column.header)),
                    _("(sort)"),
                )
            else:
                content = conditional_escape(english_marked(str(column.header)))
            # django-tables2's classes saying whether and how a column sorts are left off:
            # no style reads them, and aria-sort says it to those who need it.
            attrs = AttributeDict(column.attrs["th"])
            classes = [c for c in (attrs.get("class") or "").split() if c not in SORT_CLASSES]
            if classes:
                attrs["class"] = " ".join(classes)
            else:
                attrs.pop("class", None)
            cells.append(
                format_html(
                    '<th scope="col"{}{}{}>{}</th>',
                    " " if attrs else "",
                    attrs.as_html(),
                    sort,
                    content,
                )
            )
        return mark_safe("\n".join(cells))

    def body_html(self) -> SafeString:
        """The rows of the current page as HTML `<tr>` elements.

        Built in Python rather than by django-tables2's row template, which costs a
        template lookup, an attribute computation and a signature inspection per cell:
        on the National Assembly election page that was 60 of 130 ms. Each cell's text
        is what django-tables2's `BoundRow.get_cell()` gives (tests/test_tables.py
        compares them), escaped and localised as `{{ cell }}` would be.
        """
        columns, rendered = self._rendered()
        opening = []
        for column in columns:
            attrs = column.attrs["td"].as_html()
            opening.append(f"<td {attrs}>" if attrs else "<td>")
        rows = [
            "<tr>"
            + "".join(f"{td}{text}</td>" for td, text in zip(opening, cells, strict=True))
            + "</tr>"
            for cells in rendered
        ]
        if not rows and self.empty_text:
            rows.append(
                f'<tr><td colspan="{len(columns)}">{conditional_escape(self.empty_text)}</td></tr>'
            )
        return mark_safe("\n".join(rows))


def _query_with(request, updates: dict, fragment: str = "") -> str:
    """The request's query string with `updates`, as django-tables2's querystring_replace
    gives it (escaped for an attribute), and `#fragment` to keep the reader's place."""
    params = dict(request.GET) if request else {}
    params.update(updates)
    return escape("?" + urlencode(params, doseq=True) + (f"#{fragment}" if fragment else ""))


def _cell_renderer(table: tables.Table, bound_column: BoundColumn) -> Callable[[BoundRow], str]:
    """A function from a row to the escaped HTML of its cell in `bound_column`.

    Follows `BoundRow._get_and_render_with()`: a model field with choices shows its
    display value, an empty value the column's default, anything else goes through the
    column's (or the table's `render_<name>`) render method with the arguments it names.
    The render method's signature is read once per column, not once per cell.
    """
    column = bound_column.column
    accessor = bound_column.accessor
    render = bound_column.render
    wanted, takes_any = signature(render)
    display_methods: dict[type, str | None] = {}

    def display_method(penultimate, remainder) -> str | None:
        # Whether a field has choices is a property of the model class: ask once per class.
        model = type(penultimate)
        if model not in display_methods:
            try:
                field = model._meta.get_field(remainder)
            except FieldDoesNotExist:
                field = None
            has_choices = getattr(field, "choices", ()) and hasattr(
                penultimate, f"get_{remainder}_display"
            )
            display_methods[model] = f"get_{remainder}_display" if has_choices else None
        return display_methods[model]

    # Most columns read one attribute or key: skip the general path lookup for those.
    single = Accessor.SEPARATOR not in accessor
    # Properties of the column, the same for every cell.
    empty_values, default, link = column.empty_values, bound_column.default, bound_column.link

    def resolve(record):
        if single and isinstance(record, models.Model):
            value = getattr(record, accessor, None)
            if not callable(value):
                return value
        try:
            return accessor.resolve(record)
        except Exception:
            return None

    def cell(row: BoundRow) -> str:
        record = row.record
        penultimate, remainder = (record, accessor) if single else accessor.penultimate(record)
        method = (
            display_method(penultimate, remainder)
            if isinstance(penultimate, models.Model)
            else None
        )
        value = getattr(penultimate, method)() if method else resolve(record)
        if value in empty_values:
            content = default
        else:
            arguments = {
                "value": value,
                "record": record,
                "column": column,
                "bound_column": bound_column,
                "bound_row": row,
                "table": table,
            }
            content = render(**(arguments if takes_any else {n: arguments[n] for n in wanted}))
            if link:
                content = link(content, **arguments)
        return conditional_escape(str(localize(template_localtime(content))))

    return cell


class SpreadsheetSafeExport(TableExport):
    """CSV and XLSX downloads with text that would run as a formula neutralised (JSON as is)."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        if self.format == self.JSON:
            return dataset
        rows = (
            [neutralise_formula(v) if isinstance(v, str) else v for v in row] for row in dataset
        )
        return Dataset(*rows, headers=dataset.headers, title=dataset.title)


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
            return SpreadsheetSafeExport(fmt, table).response(f"cambodia-elections-{name}.{fmt}")
    return None


class NumberColumn(tables.Column):
    def render(self, value):
        return figure(value)

    def value(self, value):
        return value


class PercentColumn(tables.Column):
    def render(self, value):
        return f"{figure(value, 2)}%"

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
        return provenance_html(record)

    def value(self, record):
        original = f"{record.original_source}, via " if record.original_source else ""
        return f"{original}{record.source.title}, {record.section}"


class PartyColumn(tables.Column):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("Party"))
        super().__init__(**kwargs)

    def render(self, value):
        return format_html(
            # An empty span: nothing for a screen reader to skip (no aria-hidden needed).
            '<span class="swatch"{}></span><a href="{}">{}</a>',
            swatch_style(value.colour),
            value.get_absolute_url(),
            translated_name(value),
        )

    def value(self, value):
        return value.name


class NationalResultTable(CaptionedTable):
    party = PartyColumn(order_by=("party__name",))
    seats = tables.Column(verbose_name=_("Seats won"))
    previous_seats = tables.Column(verbose_name=_("Seats before"))
    votes = NumberColumn(verbose_name=_("Votes"))
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
    status = tables.Column(verbose_name=_("Status"))
    constituencies_contested = tables.Column(verbose_name=_("Constituencies"))
    seats_contested = tables.Column(verbose_name=_("Seats contested"))

    def render_leader(self, value):
        return in_english(value)

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
            return format_html('{} <strong class="flag">{}</strong>', localize(value), _("differs"))
        return value

    def value_won(self, value):
        return value


class ConstituencyResultTable(CaptionedTable):
    party = PartyColumn(order_by=("party__name",))
    votes = NumberColumn(verbose_name=_("Votes"))
    percent = PercentColumn(verbose_name=_("Share of votes"))
    seats = tables.Column(verbose_name=_("Seats won"))


class RegisteredVotersTable(CaptionedTable):
    year = tables.Column(verbose_name=_("Year"))
    registered_voters = NumberColumn(verbose_name=_("Registered voters"))
    reported_change = tables.Column(verbose_name=_("Change as printed"), orderable=False)
    computed_change = tables.Column(verbose_name=_("Change from previous count"), orderable=False)

    def render_reported_change(self, value):
        # As printed, in the page's digits and decimal mark: "13.20%", "១៣,២០%".
        printed = value.rstrip("%").strip()
        try:
            number = Decimal(printed)
        except ArithmeticError:
            return value
        places = len(printed.partition(".")[2])
        return f"{figure(number, places)}{'%' if value.endswith('%') else ''}"

    def render_computed_change(self, value):
        return f"{figure(value, 2, sign=True)}%"

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

    def render_won(self, value):
        return english_marked(khmer_digits(value))

    def render_region(self, value, record):
        return format_html('<a href="{}">{}</a>', record["region_url"], value)

    def value_region(self, value):
        return value
