"""The elections' data, each figure stored with the source that reports it.

Figures that a source does not give are stored as NULL and shown as "not reported";
figures that sources give differently are stored once per source (see `audit.py`).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from results.identifiers import (
    PermanentIdentifiers,
    ballot_identifier,
    constituency_division,
    election_identifier,
    province_division,
    validate_iso_code,
    wikidata_field,
)
from results.numerals import khmer_digits
from results.permalinks import PermanentSlug, url_for

# Characters that take no room and carry no letter: in Khmer, typed between words or inside
# a name, they make two spellings that look the same differ.
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d"))


def spelling(name: str) -> str:
    """A name as typed, in the one form it is stored and matched in: composed (NFC), without
    zero-width characters, trimmed. Look-alikes that are different letters (a subscript DA
    for a subscript TA) are recorded as aliases instead."""
    return unicodedata.normalize("NFC", name).translate(ZERO_WIDTH).strip()


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Source(models.Model):
    """A document the site's figures come from."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary statement")
        SECONDARY = "secondary", _("Secondary source")

    key = models.SlugField(unique=True)
    title = models.CharField(max_length=200, help_text=_("How the site names it."))
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.CharField(
        max_length=300, blank=True, help_text=_("Author or publisher, as the document names it.")
    )
    document_title = models.CharField(
        max_length=300, blank=True, help_text=_("The document's own title.")
    )
    published_on = models.DateField(
        null=True, blank=True, help_text=_("The date it was published, where the document says.")
    )
    published = models.CharField(
        max_length=100,
        help_text=_("What is known of when it was published, in words (besides the date)."),
    )
    retrieved_on = models.DateField(
        null=True, blank=True, help_text=_("The date our copy was taken, where known.")
    )
    url = models.URLField(
        max_length=500, blank=True, help_text=_("Where it is published; empty unless known.")
    )
    archive_url = models.URLField(
        max_length=500, blank=True, help_text=_("An archived copy, e.g. in the Wayback Machine.")
    )
    draws = models.TextField(
        blank=True, help_text=_("What the site takes from this document, in our words.")
    )
    document = models.CharField(max_length=200, help_text=_("File name in the seed archive."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class Sourced(models.Model):
    """A record whose figures come from one section of one source."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=200, help_text=_("Where in the source."))
    original_source = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "The source the document itself names for these figures "
            "(e.g. National Election Committee)."
        ),
    )
    inference = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Empty when the source states it. If the site derived it instead, the reasoning "
            "in one line."
        ),
    )

    class Meta:
        abstract = True


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month only")


def partial_date(value, precision: str) -> str:
    """A date as precisely as the source gives it: "23 July 2023" or "April 2024"."""
    return date_format(value, "F Y" if precision == DatePrecision.MONTH else "j F Y")


class Dated(models.Model):
    """A date or date range that a source may give only to the month, or not at all."""

    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_note = models.CharField(
        max_length=100, blank=True, help_text=_("What the source says when it gives no date.")
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.ends_on and not self.starts_on:
            raise ValidationError({"starts_on": _("A range needs a start date.")})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A date range must end on or after its start.")})

    @property
    def when(self) -> str:
        if not self.starts_on:
            return self.date_note or str(_("date not reported"))
        if self.ends_on and self.ends_on != self.starts_on:
            start, end = (partial_date(d, self.precision) for d in (self.starts_on, self.ends_on))
            return f"{start} – {end}"
        return partial_date(self.starts_on, self.precision)


class ElectionQuerySet(models.QuerySet):
    def main(self):
        """The two general contests: National Assembly and Senate."""
        return self.exclude(kind=Election.Kind.COMMUNAL_BY_ELECTION)

    def latest_main(self):
        """The latest National Assembly election and the latest Senate election."""
        latest_of_kind = (
            Election.objects.filter(kind=models.OuterRef("kind"))
            .order_by("-held_on")
            .values("held_on")[:1]
        )
        return self.main().filter(held_on=models.Subquery(latest_of_kind))


class Election(PermanentIdentifiers, PermanentSlug, Sourced):
    class Kind(models.TextChoices):
        NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly")
        SENATE = "senate", _("Senate")
        COMMUNAL_BY_ELECTION = "communal_by_election", _("Communal by-elections")

    permanent_identifiers = ("identifier",)

    slug = models.SlugField(unique=True, help_text=_("Permanent: part of every citation."))
    identifier = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Type and polling day, such as na.2023-07-23; given once, never changed."),
    )
    wikidata = wikidata_field()
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    held_on = models.DateField()
    seats_total = models.PositiveIntegerField(null=True, blank=True)
    seats_contested = models.PositiveIntegerField(null=True, blank=True)
    majority = models.PositiveIntegerField(null=True, blank=True)
    registered_voters = models.PositiveIntegerField(null=True, blank=True)
    registered_female = models.PositiveIntegerField(null=True, blank=True)
    registered_male = models.PositiveIntegerField(null=True, blank=True)
    previous_election_year = models.PositiveIntegerField(null=True, blank=True)
    next_election_year = models.PositiveIntegerField(null=True, blank=True)
    prime_minister_before = models.CharField(max_length=100, blank=True)
    prime_minister_after = models.CharField(max_length=100, blank=True)
    electorate = models.CharField(max_length=300, help_text=_("Who votes."))
    summary = models.TextField(help_text=_("In the project's own words."))

    # history: registered in translation.py, after the translated fields.

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier"], condition=~Q(identifier=""), name="unique_election_id"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("results:election_detail", self.slug)

    def fill_identifiers(self) -> None:
        if not self.identifier and self.kind and self.held_on:
            self.identifier = election_identifier(self.kind, self.held_on)

    def clean(self) -> None:
        super().clean()
        if self.seats_total and self.seats_contested and self.seats_contested > self.seats_total:
            raise ValidationError(
                {"seats_contested": _("Seats contested cannot exceed the chamber's seats.")}
            )
        if self.seats_total and self.majority and self.majority > self.seats_total:
            raise ValidationError({"majority": _("A majority cannot exceed the chamber's seats.")})

    @property
    def is_indirect(self) -> bool:
        return self.kind != self.Kind.NATIONAL_ASSEMBLY

    @property
    def is_province_based(self) -> bool:
        """Whether each constituency is one province (the National Assembly's are), so that
        a constituency's provinces would only repeat its name."""
        return self.kind == self.Kind.NATIONAL_ASSEMBLY


class ProvinceQuerySet(models.QuerySet):
    def matching(self, name: str):
        """Provinces whose slug, name (in English or Khmer) or any recorded spelling equals
        `name`."""
        name = spelling(name)
        return self.filter(
            Q(slug=name) | Q(name_en__iexact=name) | Q(name_km=name) | Q(aliases__name__iexact=name)
        ).distinct()


class Province(PermanentIdentifiers, PermanentSlug):
    permanent_identifiers = ("iso_code", "division_id")

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    iso_code = models.CharField(
        max_length=6,
        unique=True,
        validators=[validate_iso_code],
        help_text=_("ISO 3166-2:KH, such as KH-12 for Phnom Penh; never changed."),
    )
    division_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("ocd-division/country:kh/province:kh-12; derived once from the ISO code."),
    )
    wikidata = wikidata_field()
    khmer_name_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The published list the Khmer name is copied from."),
    )

    # history: registered in translation.py, after the translated fields.

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("results:province_detail", self.slug)

    def fill_identifiers(self) -> None:
        if not self.division_id and self.iso_code:
            self.division_id = province_division(self.iso_code)


class Alias(models.Model):
    """Another spelling of a name, as a source writes it."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = spelling(self.name)


class ProvinceAlias(Alias):
    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="aliases")

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = _("province aliases")

    def clean(self) -> None:
        super().clean()
        clash = Province.objects.filter(Q(name_en__iexact=self.name) | Q(name_km=self.name))
        clash = clash.exclude(pk=self.province_id)
        if clash.exists():
            raise ValidationError({"name": _("This is already the name of another province.")})


class PartyQuerySet(models.QuerySet):
    def matching(self, name: str):
        name = spelling(name)
        return self.filter(
            Q(slug=name)
            | Q(name_en__iexact=name)
            | Q(name_km=name)
            | Q(abbreviation__iexact=name)
            | Q(aliases__name__iexact=name)
        ).distinct()


class Party(PermanentSlug):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    colour = models.CharField(
        max_length=7,
        default="#6b6b6b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1d4e89."))],
        help_text=_("Used in charts, always beside the party's name."),
    )
    wikidata = wikidata_field()

    # history: registered in translation.py, after the translated fields.

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("results:party_detail", self.slug)

    @property
    def short_name(self) -> str:
        return self.abbreviation or self.name


class PartyAlias(Alias):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name_plural = _("party aliases")

    def clean(self) -> None:
        super().clean()
        clash = Party.objects.filter(Q(name_en__iexact=self.name) | Q(name_km=self.name))
        clash = clash.exclude(pk=self.party_id)
        if clash.exists():
            raise ValidationError({"name": _("This is already the name of another party.")})


class Registration(Sourced):
    """A party's standing in one election: approved with a ballot number, or disqualified."""

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DISQUALIFIED = "disqualified", _("Disqualified")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="registrations")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="registrations")
    ballot_number = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    leader = models.CharField(max_length=100, blank=True)
    constituencies_contested = models.PositiveIntegerField(null=True, blank=True)
    seats_contested = models.PositiveIntegerField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    status_decided_on = models.DateField(null=True, blank=True)

    # history: registered in translation.py, after the translated fields.

    class Meta:
        ordering = ["election", "ballot_number", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "party"],
                name="one_registration_a_party",
                violation_error_message=_("This party is already registered in this election."),
            ),
            models.UniqueConstraint(
                fields=["election", "ballot_number"],
                name="unique_ballot_number",
                violation_error_message=_(
                    "Another party already has this ballot number in this election."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.election}"

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.DISQUALIFIED and self.ballot_number:
            raise ValidationError(
                {"ballot_number": _("A disqualified party has no ballot number.")}
            )


class ConstituencyQuerySet(models.QuerySet):
    def matching(self, election: Election, name: str):
        name = spelling(name)
        return self.filter(election=election).filter(
            Q(slug=name) | Q(name_en__iexact=name) | Q(name_km=name)
        )


# Pages under an election's address that are not constituencies.
RESERVED_CONSTITUENCY_SLUGS = frozenset({"timeline"})


class Constituency(PermanentIdentifiers, PermanentSlug, Sourced):
    """A multi-member district of one election: a province in 2023, a region in 2024."""

    slug_scope = ("election",)
    permanent_identifiers = ("identifier", "division_id")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="constituencies")
    slug = models.SlugField()
    identifier = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("The ballot: na.kh-12.2023-07-23; given once, never changed."),
    )
    division_id = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("The area voting: a province's or region's ocd-division; never changed."),
    )
    name = models.CharField(max_length=100)
    seats = models.PositiveIntegerField(help_text=_("Seats allocated to it, as the source says."))
    provinces = models.ManyToManyField(Province, related_name="constituencies")

    # history: registered in translation.py, after the translated fields.

    objects = ConstituencyQuerySet.as_manager()

    class Meta:
        ordering = ["election", "name"]
        verbose_name_plural = _("constituencies")
        constraints = [
            models.UniqueConstraint(fields=["election", "slug"], name="unique_constituency_slug"),
            models.UniqueConstraint(
                fields=["identifier"], condition=~Q(identifier=""), name="unique_ballot_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.election})"

    def get_absolute_url(self) -> str:
        return url_for("results:constituency_detail", self.election.slug, self.slug)

    def fill_identifiers(self) -> None:
        if self.election_id is None or not self.slug:
            return
        election = self.election
        if not self.division_id:
            # A National Assembly constituency takes its province's slug (and division).
            province = Province.objects.filter(slug=self.slug).values_list("iso_code").first()
            self.division_id = constituency_division(
                election.kind, self.slug, province[0] if province else None
            )
        if not self.identifier:
            self.identifier = ballot_identifier(election.kind, election.held_on, self.division_id)

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_CONSTITUENCY_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is the address of a page of the election itself.")
                    % {"slug": self.slug}
                }
            )


class ConstituencyResult(Sourced):
    """One party's votes, share and seats in one constituency; NULL where not reported."""

    constituency = models.ForeignKey(Constituency, on_delete=models.CASCADE, related_name="results")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="constituency_results")
    votes = models.PositiveIntegerField(null=True, blank=True)
    percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    seats = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["constituency", "-seats", "-votes", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["constituency", "party", "source"], name="one_result_a_party_a_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.constituency}"

    def clean(self) -> None:
        super().clean()
        if self.seats is not None and self.constituency_id and self.seats > self.constituency.seats:
            raise ValidationError(
                {
                    "seats": _("Seats won (%(won)s) cannot exceed the constituency's %(seats)s.")
                    % {"won": self.seats, "seats": self.constituency.seats}
                }
            )


class NationalResult(Sourced):
    """A party's nationwide result as one source reports it (sources may disagree)."""

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="national_results"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="national_results")
    seats = models.PositiveIntegerField(null=True, blank=True)
    previous_seats = models.PositiveIntegerField(null=True, blank=True)
    first_contest = models.BooleanField(
        default=False, help_text=_("The source marks the party as new at this election.")
    )
    votes = models.PositiveIntegerField(null=True, blank=True)
    percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["election", "-seats", "party__name", "source", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "party", "source", "section"],
                name="one_national_result_a_source_section",
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.election} ({self.section})"

    def clean(self) -> None:
        super().clean()
        contested = self.election.seats_contested if self.election_id else None
        if self.seats is not None and contested and self.seats > contested:
            raise ValidationError(
                {"seats": _("Seats won cannot exceed the seats contested in the election.")}
            )


class ResultSet(Sourced):
    """Which stage of the count an election's figures on this site are, and when each
    stage was published. Where the source does not say which figures it reports, the
    status is "not stated", whatever the dates."""

    class Status(models.TextChoices):
        PRELIMINARY = "preliminary", _("preliminary")
        OFFICIAL = "official", _("official")
        CORRECTED = "corrected", _("corrected")
        NOT_STATED = "not_stated", _("not stated")

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="result_set")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STATED)
    preliminary_on = models.DateField(null=True, blank=True)
    official_on = models.DateField(null=True, blank=True)
    corrected_on = models.DateField(null=True, blank=True)
    note = models.CharField(
        max_length=300, blank=True, help_text=_("What the source says, in the project's words.")
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.election}: {self.get_status_display()}"

    @property
    def status_on(self):
        """The day the stage these figures belong to was published, where known."""
        return {
            self.Status.PRELIMINARY: self.preliminary_on,
            self.Status.OFFICIAL: self.official_on,
            self.Status.CORRECTED: self.corrected_on,
        }.get(self.status)

    def clean(self) -> None:
        super().clean()
        dates = [d for d in (self.preliminary_on, self.official_on, self.corrected_on) if d]
        if dates != sorted(dates):
            raise ValidationError(
                _("Preliminary results come before official ones, and corrections after.")
            )
        if self.status == self.Status.CORRECTED and not self.corrected_on:
            raise ValidationError({"corrected_on": _("Give the day of the correction.")})


def result_set_of(election: Election) -> ResultSet | None:
    """The election's result set, or None where none is recorded."""
    try:
        return election.result_set
    except ResultSet.DoesNotExist:
        return None


class BallotCount(Sourced):
    """Turnout and ballot totals, nationwide (no constituency) or for one constituency."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballot_counts")
    constituency = models.ForeignKey(
        Constituency, null=True, blank=True, on_delete=models.PROTECT, related_name="ballot_counts"
    )
    time_of_day = models.TimeField(
        null=True, blank=True, help_text=_("For a reading taken during polling day.")
    )
    registered_voters = models.PositiveIntegerField(null=True, blank=True)
    ballots_cast = models.PositiveIntegerField(null=True, blank=True)
    valid_ballots = models.PositiveIntegerField(null=True, blank=True)
    invalid_ballots = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Blank and invalid ballots together.")
    )
    turnout_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["election", "constituency__name", "time_of_day"]

    def __str__(self) -> str:
        return f"Ballots: {self.constituency or self.election} ({self.section})"

    def clean(self) -> None:
        super().clean()
        if (
            self.constituency_id
            and self.election_id
            and self.constituency.election_id != self.election_id
        ):
            raise ValidationError(
                {"constituency": _("This constituency belongs to another election.")}
            )
        if (
            self.registered_voters is not None
            and self.ballots_cast is not None
            and self.ballots_cast > self.registered_voters
        ):
            raise ValidationError(
                {"ballots_cast": _("Ballots cast cannot exceed the registered voters.")}
            )

    @property
    def is_final(self) -> bool:
        return self.time_of_day is None


class ScheduleEntry(Sourced, Dated):
    class Kind(models.TextChoices):
        ELECTION = "election", _("Election schedule")
        GOVERNMENT_FORMATION = "government_formation", _("Government formation")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="schedule")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.CharField(max_length=300)

    # history: registered in translation.py, after the translated fields.

    class Meta:
        ordering = ["election", "kind", models.F("starts_on").asc(nulls_last=True), "pk"]
        verbose_name_plural = _("schedule entries")

    def __str__(self) -> str:
        return f"{self.when}: {self.description}"


class Investiture(Sourced):
    """The National Assembly's confidence vote in a new Prime Minister and government."""

    election = models.OneToOneField(Election, on_delete=models.PROTECT, related_name="investiture")
    held_on = models.DateField()
    candidate = models.CharField(max_length=100)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    required_majority = models.PositiveIntegerField()
    seats_total = models.PositiveIntegerField()
    total_votes = models.PositiveIntegerField(
        null=True, blank=True, help_text=_('The table\'s own "total votes" line, as printed.')
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Investiture of {self.candidate}"

    def clean(self) -> None:
        super().clean()
        if self.required_majority > self.seats_total:
            raise ValidationError({"required_majority": _("The majority cannot exceed the seats.")})


class InvestitureTally(Sourced):
    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        ABSTAIN = "abstain", _("Abstained")
        ABSENT = "absent", _("Absent")

    investiture = models.ForeignKey(Investiture, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    votes = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["investiture", "pk"]
        verbose_name_plural = _("investiture tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["investiture", "choice", "party"],
                name="one_tally_a_choice_a_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_choice_display()}: {self.party or '—'}"


class RegisteredVoterCount(Sourced):
    year = models.PositiveIntegerField(unique=True)
    registered_voters = models.PositiveIntegerField()
    reported_change = models.CharField(
        max_length=20, blank=True, help_text=_("The change column exactly as the source prints it.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.registered_voters:,}"


class Debate(Sourced):
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="debates")
    number = models.PositiveIntegerField(help_text=_("Its row in the source's table."))
    held_on = models.DateField()
    organiser = models.CharField(max_length=100, blank=True)
    moderator = models.CharField(max_length=100, blank=True)
    parties = models.ManyToManyField(Party, through="DebateParticipation", related_name="debates")

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="unique_debate_number")
        ]

    def __str__(self) -> str:
        return f"Debate {self.number}, {date_format(self.held_on, 'j F Y')}"


class DebateParticipation(Sourced):
    class Status(models.TextChoices):
        PRESENT = "present", _("Took part")
        ABSENT = "absent", _("Invited, absent")
        NOT_INVITED = "not_invited", _("Not invited")

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="participations")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="debate_participations")
    status = models.CharField(max_length=20, choices=Status.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["debate", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "party"], name="one_status_a_debate")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_status_display()}"


class Incident(Sourced):
    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="incidents")
    number = models.PositiveIntegerField()
    occurred_on = models.DateField()
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    place = models.CharField(max_length=300)
    summary = models.TextField(help_text=_("In the project's own words."))

    # history: registered in translation.py, after the translated fields.

    class Meta:
        ordering = ["occurred_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="unique_incident_number")
        ]

    def __str__(self) -> str:
        return f"Incident {self.number}: {self.place}"


class Event(Sourced, Dated):
    """A dated background event, tied to an election, party or province where there is one."""

    key = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text=_("In the project's own words."))
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    province = models.ForeignKey(
        Province, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    announcement = models.SlugField(
        blank=True,
        help_text=_(
            "Events with the same announcement key report one announcement, each as its "
            "source dates it; the dates are compared on “Where the sources differ”."
        ),
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        ordering = [models.F("starts_on").asc(nulls_last=True), "key"]

    def __str__(self) -> str:
        return self.title


class StatedFigure(Sourced):
    """A figure a document states in its prose (an earlier turnout, a change, a share, a
    projection, a target), kept as a figure rather than inside a summary.

    A share printed beside the count it is computed from (`count` of `base`) is checked
    against that count by `audit.check_stated_shares`.
    """

    class Unit(models.TextChoices):
        COUNT = "count", _("count")
        PERCENT = "percent", _("per cent")
        POINTS = "points", _("percentage points")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        NEARLY = "nearly", _("nearly")
        OVER = "over", _("more than")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stated_figures")
    key = models.SlugField(help_text=_("What is stated; unique within an election and source."))
    label = models.CharField(max_length=300)
    value = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A share or a change in points, as printed; empty for a plain count."),
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    count = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The count printed with it (voters, seats...).")
    )
    base = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The whole a share is a share of, where the document gives it."),
    )
    base_label = models.CharField(
        max_length=300, blank=True, help_text=_("What the whole is and where it is printed.")
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        ordering = ["election", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "key", "source", "section"], name="one_stated_figure"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        super().clean()
        if self.value is None and self.count is None:
            raise ValidationError(_("Give the figure: a value, a count, or both."))
        if self.base is not None and self.unit != self.Unit.PERCENT:
            raise ValidationError({"base": _("Only a share has a whole it is a share of.")})

    @property
    def display(self) -> str:
        """The figure as the page's language writes numbers (Khmer digits on Khmer pages)."""
        parts = []
        if self.value is not None:
            value = khmer_digits(number_format(self.value.normalize(), force_grouping=True))
            if self.unit == self.Unit.POINTS:
                parts.append(_("%(value)s pp") % {"value": value})
            else:
                parts.append(f"{value}%")
        if self.count is not None:
            parts.append(khmer_digits(number_format(self.count, force_grouping=True)))
        text = " / ".join(parts)
        if self.qualifier != self.Qualifier.EXACT:
            text = f"{self.get_qualifier_display()} {text}"
        return text


class SourceTable(Sourced):
    """A table printed in a source document, as converted: its header's columns and the
    cells in its rows. Where they differ, a column was lost and its rows cannot be read
    with certainty (checked by `audit.check_source_tables`)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="source_tables")
    key = models.SlugField()
    name = models.CharField(max_length=200)
    header_columns = models.PositiveIntegerField(help_text=_("Columns the header names."))
    row_cells = models.PositiveIntegerField(help_text=_("Cells each data row has."))
    consequence = models.CharField(
        max_length=400, blank=True, help_text=_("What the difference means for its figures.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["election", "key"]
        constraints = [
            models.UniqueConstraint(fields=["election", "key"], name="one_source_table_a_key")
        ]

    def __str__(self) -> str:
        return self.name
