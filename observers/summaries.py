"""The sentences that open the observer pages, written from the pages' own data.

Plain functions over plain values, like results.summaries (which they build on).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from observers.models import Statement
from results.models import Election
from results.summaries import listed, number

# Past this many organisations on one statement, the sentence counts them.
NAMES_LISTED = 3


def _verdict_phrase(verdict: str) -> str:
    return {
        Statement.Verdict.ENDORSED: _("endorsed it"),
        Statement.Verdict.NOTED: _("took note of it"),
        Statement.Verdict.CRITICAL: _("criticised it"),
    }.get(verdict, _("gave no overall verdict"))


@dataclass(frozen=True)
class Assessment:
    """One observer statement: who made it, what kind it is, and its overall verdict."""

    election: str
    observers: tuple[str, ...]
    kind: str
    verdict: str


def _who(assessment: Assessment) -> str:
    count = len(assessment.observers)
    if count > NAMES_LISTED:
        return ngettext(
            "%(count)s organisation together", "%(count)s organisations together", count
        ) % {"count": number(count)}
    return listed(assessment.observers) or _("an unnamed observer")


def observers_summary(assessments: Sequence[Assessment], more: bool = False) -> str:
    """Who observed or assessed the election, and what each concluded."""
    if not assessments:
        return _("No observer assessment is recorded yet.")
    items = [
        _("%(who)s (%(kind)s) %(verdict)s")
        % {"who": _who(a), "kind": a.kind.lower(), "verdict": _verdict_phrase(a.verdict)}
        for a in assessments
    ]
    sentence = ngettext(
        "%(count)s assessment of the %(election)s is recorded: %(items)s.",
        "%(count)s assessments of the %(election)s are recorded: %(items)s.",
        len(items),
    ) % {"count": number(len(items)), "election": assessments[0].election, "items": listed(items)}
    if more:
        sentence += " " + _("More are listed below.")
    return sentence


def reactions_summary(counts: Mapping[str, int]) -> str:
    """How many reactions took each stance: `counts` maps each verdict to its count."""
    total = sum(counts.values())
    if not total:
        return _("No reactions are recorded yet.")
    stances = listed(
        _("%(count)s %(verdict)s") % {"count": number(counts[value]), "verdict": label.lower()}
        for value, label in Statement.Verdict.choices
        if counts.get(value)
    )
    return ngettext(
        "%(count)s reaction is recorded: %(stances)s.",
        "%(count)s reactions are recorded: %(stances)s.",
        total,
    ) % {"count": number(total), "stances": stances}


def usual_election(statements: Iterable[Statement]) -> Election | None:
    """The election most of these statements are about, when at least two are: the page
    names it once and names the election only on the statements about another one."""
    counts = Counter(statement.election for statement in statements)
    if not counts:
        return None
    election, count = counts.most_common(1)[0]
    return election if count > 1 else None


def assessment_of(statement: Statement) -> Assessment:
    """From a statement with its election and credits (in order) loaded."""
    credits = list(statement.credits.all())
    authors = [c.organisation.name for c in credits if c.role == "author"]
    # Without an organisation credited (an observer speaking alone), the speaker's name: the
    # spokesperson line before its description ("Goodluck Jonathan, former President ...").
    speaker = statement.spokesperson.split(",")[0].split("(")[0].strip()
    return Assessment(
        election=statement.election.name,
        observers=tuple(
            authors or [c.organisation.name for c in credits] or ([speaker] if speaker else [])
        ),
        kind=statement.get_kind_display(),
        verdict=statement.verdict,
    )
