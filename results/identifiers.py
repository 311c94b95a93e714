"""Identifiers that other people's tools can join on, and that never change once given.

The scheme (written out on the data page, /data/):
- a province: its ISO 3166-2 code (`KH-12`) and an Open Civic Data style division,
  `ocd-division/country:kh/province:kh-12`;
- a Senate region: `ocd-division/country:kh/senate_region:4`; a district or city of the
  communal by-elections: `ocd-division/country:kh/district:<its slug>`;
- an election, in Democracy Club's EveryElection style: `<type>.<polling day>`, the type
  being `na` (National Assembly), `senate` or `local` (communal by-elections):
  `na.2023-07-23`;
- a ballot (one election in one constituency): the election's type, the constituency's
  division and the day: `na.kh-12.2023-07-23`, `senate.region-4.2024-02-25`.

An identifier is derived once, when the record is first validated, and then stored: renaming
a province, a region or a party, or moving an election's slug, leaves it as it was.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTRY_DIVISION = "ocd-division/country:kh"
ELECTION_TYPES = {
    "national_assembly": "na",
    "senate": "senate",
    "communal_by_election": "local",
}
ISO_CODE = re.compile(r"^KH-([1-9]|1[0-9]|2[0-5])$")
WIKIDATA_ITEM = re.compile(r"^Q[1-9][0-9]*$")


def province_division(iso_code: str) -> str:
    return f"{COUNTRY_DIVISION}/province:{iso_code.lower()}"


def election_identifier(kind: str, held_on) -> str:
    return f"{ELECTION_TYPES[kind]}.{held_on.isoformat()}"


def constituency_division(kind: str, slug: str, province_iso: str | None) -> str:
    """A National Assembly constituency is its province; a Senate region and a
    by-election's district are divisions of their own."""
    if kind == "national_assembly" and province_iso:
        return province_division(province_iso)
    if kind == "senate":
        return f"{COUNTRY_DIVISION}/senate_region:{slug.removeprefix('region-')}"
    return f"{COUNTRY_DIVISION}/district:{slug}"


def ballot_identifier(kind: str, held_on, division: str) -> str:
    local_part = division.rsplit("/", 1)[-1]  # "province:kh-12", "senate_region:4"
    name, _sep, value = local_part.partition(":")
    short = {"province": value, "senate_region": f"region-{value}"}.get(name, value)
    return f"{ELECTION_TYPES[kind]}.{short}.{held_on.isoformat()}"


def validate_wikidata_item(value: str) -> None:
    if value and not WIKIDATA_ITEM.match(value):
        raise ValidationError(
            _("A Wikidata item is written Q followed by its number, such as Q12345.")
        )


def wikidata_field() -> models.CharField:
    """A record's Wikidata item: optional, and only where a source that can be cited gives it."""
    return models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_wikidata_item],
        help_text=_("Its Wikidata item (Q…), only where a source you can cite gives it."),
    )


def validate_iso_code(value: str) -> None:
    if not ISO_CODE.match(value):
        raise ValidationError(_("An ISO 3166-2 code for Cambodia runs from KH-1 to KH-25."))


class PermanentIdentifiers(models.Model):
    """Refuses to change an identifier once stored (`permanent_identifiers` names them)."""

    permanent_identifiers: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def fill_identifiers(self) -> None:
        """Derive blank identifiers from the record (subclasses)."""

    def clean(self) -> None:
        super().clean()
        self.fill_identifiers()
        if self.pk is None:
            return
        stored = type(self).objects.filter(pk=self.pk).values(*self.permanent_identifiers).first()
        for name, value in (stored or {}).items():
            if value and getattr(self, name) != value:
                raise ValidationError(
                    {
                        name: _(
                            "Identifiers never change once published (this one is “%(value)s”): "
                            "other people's data is joined on it."
                        )
                        % {"value": value}
                    }
                )
