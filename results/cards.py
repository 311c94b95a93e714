"""Column names for the phone layout's cards, said once per table instead of once per cell.

At narrow widths a table's rows become cards and each cell shows its column's name before
its figure (static/css/site.css). The names travel as CSS custom properties on the table
(`--c2: 'Votes'` for the second cell of each row), which the cells' `::before` read by their
position: a Khmer column name costs three bytes a character, and repeated on every cell it
was a sixth of the National Assembly page.
"""

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# site.css has a rule for cells 1 to CARD_COLUMNS; a table with more columns shows the
# later ones without their names.
CARD_COLUMNS = 8


def css_string(text: str) -> str:
    """`text` as the inside of a single-quoted CSS string (without the quotes)."""
    return (
        str(text).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\a ").replace("\r", "")
    )


def card_labels_style(labels) -> SafeString:
    """The value of a table's `style` attribute naming its columns for the phone cards.

    `labels` are the columns in the order their cells come in a row; an empty one (the row's
    own header cell, say) takes its place without a name. HTML-escaped, for an attribute.
    """
    # The quotes stay bare (the attribute is double-quoted): escaped, each would cost six
    # bytes. The label inside is CSS-escaped first, then HTML-escaped.
    declarations = [
        f"--c{position}:'{escape(css_string(label))}'"
        for position, label in enumerate(labels, start=1)
        if label and position <= CARD_COLUMNS
    ]
    return mark_safe(";".join(declarations))


def table_html(label: str, caption: str, headers, rows_html: str) -> SafeString:
    """A table built in Python: a scrollable region named `label`, its caption, the header
    cells (the first one heading the rows' header cells) and the rows, the columns named
    once for the phone cards."""
    headers = list(headers)
    return format_html(
        '<div class="table-scroll" role="region" aria-label="{}" tabindex="0">\n'
        '<table class="data-table" style="{}">\n<caption>{}</caption>\n'
        "<thead><tr>{}</tr></thead>\n<tbody>\n{}\n</tbody>\n</table>\n</div>",
        label,
        card_labels_style(["", *headers[1:]]),
        caption,
        format_html_join("", '<th scope="col">{}</th>', ((header,) for header in headers)),
        rows_html,
    )
