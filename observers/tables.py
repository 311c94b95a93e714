import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from observers.models import Statement
from results.numerals import khmer_digits, localize
from results.tables import CaptionedTable
from results.templatetags.translated import document_lang, in_english


class StatementTable(CaptionedTable):
    title = tables.Column(verbose_name=_("Statement"))
    # Dated statements first in either direction, undated last; same day in title order.
    issued_on = tables.Column(verbose_name=_("Date"), empty_values=())
    credits = tables.Column(verbose_name=_("By"), orderable=False, empty_values=())
    kind = tables.Column()
    verdict = tables.Column()
    election = tables.Column(order_by=("election__held_on",))

    class Meta:
        model = Statement
        fields = ("title", "issued_on", "credits", "kind", "verdict", "election")
        order_by = ("issued_on",)
        empty_text = _("No statement matches these filters.")

    def order_issued_on(self, queryset, is_descending):
        date = F("issued_on")
        date = date.desc(nulls_last=True) if is_descending else date.asc(nulls_last=True)
        return queryset.order_by(date, "title", "pk"), True

    def render_kind(self, value, record):
        group = _("Reaction") if record.is_reaction else _("Observer assessment")
        return format_html(
            '<span class="kind kind--{}"><span class="kind__group">{}</span> {}</span>',
            "reaction" if record.is_reaction else "assessment",
            group,
            value,
        )

    def value_kind(self, value):
        return value

    def render_title(self, value, record):
        url = record.get_absolute_url()
        return format_html('<a href="{}"{}>{}</a>', url, document_lang(), value)

    def value_title(self, value):
        return value

    def value_issued_on(self, value, record):
        return value.isoformat() if value else record.date_note

    def render_issued_on(self, value, record):
        # A date note (no date given) is the source's words, not a date we format.
        return khmer_digits(record.when) if record.issued_on else record.when

    def render_credits(self, record):
        credits = list(record.credits.all())
        if not credits:
            return in_english(record.spokesperson) if record.spokesperson else _("not reported")
        if len(credits) > 3:
            return _("%(count)s organisations") % {"count": localize(len(credits))}
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            (
                (c.organisation.get_absolute_url(), in_english(c.organisation.display_name))
                for c in credits
            ),
        )

    def value_credits(self, record):
        return "; ".join(c.organisation.name for c in record.credits.all()) or record.spokesperson

    def value_verdict(self, record):
        return record.verdict

    def render_verdict(self, value, record):
        return format_html('<span class="verdict verdict--{}">{}</span>', record.verdict, value)
