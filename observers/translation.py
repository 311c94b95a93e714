"""The observers' fields a reader sees in Khmer as well as English; see results/translation.py.

A statement's title stays as its publisher printed it and a finding's quote in the language
it was written in: neither is translated here.
"""

from observers import models as m
from results.translation import register_translated

register_translated(m.Topic, "name", "question")
register_translated(m.Organisation, "description")
register_translated(m.Statement, "summary", "date_note")
register_translated(m.Finding, "summary")
register_translated(m.ReportedFigure, "label", "unit")
