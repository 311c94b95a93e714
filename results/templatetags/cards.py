"""`{% card_labels %}`: a hand-built table's column names for the phone cards (results/cards.py)."""

from django import template
from django.utils.html import format_html

from results.cards import card_labels_style

register = template.Library()


@register.simple_tag
def card_labels(*labels) -> str:
    """` style="--c2:'Votes';..."` for a `<table>`: one label per cell of a row, in order.

    Pass "" for the row's header cell; a column shown only sometimes passes its label
    through `|shown_if:flag`, which drops it (and its position) when the column is left off
    (a variable: `{% translate "Votes" as votes_label %}`, since `_("Votes")` takes no filter).
    """
    style = card_labels_style([label for label in labels if label is not None])
    return format_html(' style="{}"', style) if style else ""


@register.filter
def shown_if(label, shown):
    """The label when the column is shown, None (no position at all) when it is left off."""
    return label if shown else None
