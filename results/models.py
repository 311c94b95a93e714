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

    key = models.SlugField(unique=True, verbose_name=_("key"))
    title = models.CharField(
        max_length=200, help_text=_("How the site names it."), verbose_name=_("title")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    author = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Author or publisher, as the document names it."),
        verbose_name=_("author"),
    )
    document_title = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The document's own title."),
        verbose_name=_("document title"),
    )
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("The date it was published, where the document says."),
        verbose_name=_("published on"),
    )
    published = models.CharField(
        max_length=100,
        help_text=_("What is known of when it was published, in words (besides the date)."),
        verbose_name=_("published"),
    )
    retrieved_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("The date our copy was taken, where known."),
        verbose_name=_("retrieved on"),
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("Where it is published; empty unless known."),
        verbose_name=_("url"),
    )
    archive_url = models.URLField(
        max_length=500,
        blank=True,
        help_text=_("An archived copy, e.g. in the Wayback Machine."),
        verbose_name=_("archive url"),
    )
    draws = models.TextField(
        blank=True,
        help_text=_("What the site takes from this document, in our words."),
        verbose_name=_("draws"),
    )
    document = models.CharField(
        max_length=200, help_text=_("File name in the seed archive."), verbose_name=_("document")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class Sourced(models.Model):
    """A record whose figures come from one section of one source."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    section = models.CharField(
        max_length=200, help_text=_("Where in the source."), verbose_name=_("section")
    )
    original_source = models.CharField(
        max_length=200,
        blank=True,
        help_text=_(
            "The source the document itself names for these figures "
            "(e.g. National Election Committee)."
        ),
        verbose_name=_("original source"),
    )
    inference = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Empty when the source states it. If the site derived it instead, the reasoning "
            "in one line."
        ),
        verbose_name=_("inference"),
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

    starts_on = models.DateField(null=True, blank=True, verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))
    precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        verbose_name=_("precision"),
    )
    date_note = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("What the source says when it gives no date."),
        verbose_name=_("date note"),
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

    slug = models.SlugField(
        unique=True, help_text=_("Permanent: part of every citation."), verbose_name=_("slug")
    )
    identifier = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Type and polling day, such as na.2023-07-23; given once, never changed."),
        verbose_name=_("identifier"),
    )
    wikidata = wikidata_field()
    name = models.CharField(max_length=200, verbose_name=_("name"))
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    held_on = models.DateField(verbose_name=_("held on"))
    seats_total = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("seats total"))
    seats_contested = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("seats contested")
    )
    majority = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("majority"))
    registered_voters = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("registered voters")
    )
    registered_female = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("registered female")
    )
    registered_male = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("registered male")
    )
    previous_election_year = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("previous election year")
    )
    next_election_year = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("next election year")
    )
    prime_minister_before = models.CharField(
        max_length=100, blank=True, verbose_name=_("prime minister before")
    )
    prime_minister_after = models.CharField(
        max_length=100, blank=True, verbose_name=_("prime minister after")
    )
    electorate = models.CharField(
        max_length=300, help_text=_("Who votes."), verbose_name=_("electorate")
    )
    summary = models.TextField(
        help_text=_("In the project's own words."), verbose_name=_("summary")
    )

    # history: registered in translation.py, after the translated fields.

    objects = ElectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
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

    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    iso_code = models.CharField(
        max_length=6,
        unique=True,
        validators=[validate_iso_code],
        help_text=_("ISO 3166-2:KH, such as KH-12 for Phnom Penh; never changed."),
        verbose_name=_("iso code"),
    )
    division_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("ocd-division/country:kh/province:kh-12; derived once from the ISO code."),
        verbose_name=_("division id"),
    )
    wikidata = wikidata_field()
    khmer_name_source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The published list the Khmer name is copied from."),
        verbose_name=_("khmer name source"),
    )

    # history: registered in translation.py, after the translated fields.

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
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

    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = spelling(self.name)


class ProvinceAlias(Alias):
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("province")
    )

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name = _("province alias")
        verbose_name_plural = _("province aliases")
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
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    abbreviation = models.CharField(max_length=20, blank=True, verbose_name=_("abbreviation"))
    colour = models.CharField(
        max_length=7,
        default="#6b6b6b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1d4e89."))],
        help_text=_("Used in charts, always beside the party's name."),
        verbose_name=_("colour"),
    )
    wikidata = wikidata_field()

    # history: registered in translation.py, after the translated fields.

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
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
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("party")
    )

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name = _("party alias")
        verbose_name_plural = _("party aliases")
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

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("election")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("party")
    )
    ballot_number = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("ballot number")
    )
    status = models.CharField(max_length=20, choices=Status.choices, verbose_name=_("status"))
    leader = models.CharField(max_length=100, blank=True, verbose_name=_("leader"))
    constituencies_contested = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("constituencies contested")
    )
    seats_contested = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("seats contested")
    )
    status_reason = models.TextField(blank=True, verbose_name=_("status reason"))
    status_decided_on = models.DateField(null=True, blank=True, verbose_name=_("status decided on"))

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
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
RESERVED_CONSTITUENCY_SLUGS = frozenset({"timeline", "parties", "figures"})


class Constituency(PermanentIdentifiers, PermanentSlug, Sourced):
    """A multi-member district of one election: a province in 2023, a region in 2024."""

    slug_scope = ("election",)
    permanent_identifiers = ("identifier", "division_id")

    election = models.ForeignKey(
        Election,
        on_delete=models.PROTECT,
        related_name="constituencies",
        verbose_name=_("election"),
    )
    slug = models.SlugField(verbose_name=_("slug"))
    identifier = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("The ballot: na.kh-12.2023-07-23; given once, never changed."),
        verbose_name=_("identifier"),
    )
    division_id = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("The area voting: a province's or region's ocd-division; never changed."),
        verbose_name=_("division id"),
    )
    name = models.CharField(max_length=100, verbose_name=_("name"))
    seats = models.PositiveIntegerField(
        help_text=_("Seats allocated to it, as the source says."), verbose_name=_("seats")
    )
    provinces = models.ManyToManyField(
        Province, related_name="constituencies", verbose_name=_("provinces")
    )

    # history: registered in translation.py, after the translated fields.

    objects = ConstituencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
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

    constituency = models.ForeignKey(
        Constituency,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("constituency"),
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="constituency_results",
        verbose_name=_("party"),
    )
    votes = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("votes"))
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        verbose_name=_("percent"),
    )
    seats = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("seats"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("constituency result")
        verbose_name_plural = _("constituency results")
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
        Election,
        on_delete=models.PROTECT,
        related_name="national_results",
        verbose_name=_("election"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="national_results", verbose_name=_("party")
    )
    seats = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("seats"))
    previous_seats = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("previous seats")
    )
    first_contest = models.BooleanField(
        default=False,
        help_text=_("The source marks the party as new at this election."),
        verbose_name=_("first contest"),
    )
    votes = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("votes"))
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        verbose_name=_("percent"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("national result")
        verbose_name_plural = _("national results")
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

    election = models.OneToOneField(
        Election, on_delete=models.CASCADE, related_name="result_set", verbose_name=_("election")
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_STATED, verbose_name=_("status")
    )
    preliminary_on = models.DateField(null=True, blank=True, verbose_name=_("preliminary on"))
    official_on = models.DateField(null=True, blank=True, verbose_name=_("official on"))
    corrected_on = models.DateField(null=True, blank=True, verbose_name=_("corrected on"))
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("What the source says, in the project's words."),
        verbose_name=_("note"),
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

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="ballot_counts", verbose_name=_("election")
    )
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ballot_counts",
        verbose_name=_("constituency"),
    )
    time_of_day = models.TimeField(
        null=True,
        blank=True,
        help_text=_("For a reading taken during polling day."),
        verbose_name=_("time of day"),
    )
    registered_voters = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("registered voters")
    )
    ballots_cast = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("ballots cast")
    )
    valid_ballots = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("valid ballots")
    )
    invalid_ballots = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Blank and invalid ballots together."),
        verbose_name=_("invalid ballots"),
    )
    turnout_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        verbose_name=_("turnout percent"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ballot count")
        verbose_name_plural = _("ballot counts")
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

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="schedule", verbose_name=_("election")
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    description = models.CharField(max_length=300, verbose_name=_("description"))

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")
        ordering = ["election", "kind", models.F("starts_on").asc(nulls_last=True), "pk"]
        verbose_name_plural = _("schedule entries")

    def __str__(self) -> str:
        return f"{self.when}: {self.description}"


class Investiture(Sourced):
    """The National Assembly's confidence vote in a new Prime Minister and government."""

    election = models.OneToOneField(
        Election, on_delete=models.PROTECT, related_name="investiture", verbose_name=_("election")
    )
    held_on = models.DateField(verbose_name=_("held on"))
    candidate = models.CharField(max_length=100, verbose_name=_("candidate"))
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    required_majority = models.PositiveIntegerField(verbose_name=_("required majority"))
    seats_total = models.PositiveIntegerField(verbose_name=_("seats total"))
    total_votes = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_('The table\'s own "total votes" line, as printed.'),
        verbose_name=_("total votes"),
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

    investiture = models.ForeignKey(
        Investiture, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("investiture")
    )
    choice = models.CharField(max_length=10, choices=Choice.choices, verbose_name=_("choice"))
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("party")
    )
    votes = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("votes"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investiture tally")
        verbose_name_plural = _("investiture tallies")
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
    year = models.PositiveIntegerField(unique=True, verbose_name=_("year"))
    registered_voters = models.PositiveIntegerField(verbose_name=_("registered voters"))
    reported_change = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("The change column exactly as the source prints it."),
        verbose_name=_("reported change"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registered voter count")
        verbose_name_plural = _("registered voter counts")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.registered_voters:,}"


class Debate(Sourced):
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="debates", verbose_name=_("election")
    )
    number = models.PositiveIntegerField(
        help_text=_("Its row in the source's table."), verbose_name=_("number")
    )
    held_on = models.DateField(verbose_name=_("held on"))
    organiser = models.CharField(max_length=100, blank=True, verbose_name=_("organiser"))
    moderator = models.CharField(max_length=100, blank=True, verbose_name=_("moderator"))
    parties = models.ManyToManyField(
        Party, through="DebateParticipation", related_name="debates", verbose_name=_("parties")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")
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

    debate = models.ForeignKey(
        Debate, on_delete=models.CASCADE, related_name="participations", verbose_name=_("debate")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="debate_participations",
        verbose_name=_("party"),
    )
    status = models.CharField(max_length=20, choices=Status.choices, verbose_name=_("status"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("debate participation")
        verbose_name_plural = _("debate participations")
        ordering = ["debate", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["debate", "party"], name="one_status_a_debate")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_status_display()}"


class Incident(Sourced):
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("election")
    )
    number = models.PositiveIntegerField(verbose_name=_("number"))
    occurred_on = models.DateField(verbose_name=_("occurred on"))
    province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("province"),
    )
    place = models.CharField(max_length=300, verbose_name=_("place"))
    summary = models.TextField(
        help_text=_("In the project's own words."), verbose_name=_("summary")
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["occurred_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="unique_incident_number")
        ]

    def __str__(self) -> str:
        return f"Incident {self.number}: {self.place}"


class Event(Sourced, Dated):
    """A dated background event, tied to an election, party or province where there is one."""

    key = models.SlugField(unique=True, verbose_name=_("key"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    summary = models.TextField(
        help_text=_("In the project's own words."), verbose_name=_("summary")
    )
    election = models.ForeignKey(
        Election,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("election"),
    )
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("party"),
    )
    province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("province"),
    )
    announcement = models.SlugField(
        blank=True,
        help_text=_(
            "Events with the same announcement key report one announcement, each as its "
            "source dates it; the dates are compared on “Where the sources differ”."
        ),
        verbose_name=_("announcement"),
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
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

    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="stated_figures",
        verbose_name=_("election"),
    )
    key = models.SlugField(
        help_text=_("What is stated; unique within an election and source."), verbose_name=_("key")
    )
    label = models.CharField(max_length=300, verbose_name=_("label"))
    value = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A share or a change in points, as printed; empty for a plain count."),
        verbose_name=_("value"),
    )
    unit = models.CharField(
        max_length=10, choices=Unit.choices, default=Unit.COUNT, verbose_name=_("unit")
    )
    qualifier = models.CharField(
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        verbose_name=_("qualifier"),
    )
    count = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The count printed with it (voters, seats...)."),
        verbose_name=_("count"),
    )
    base = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The whole a share is a share of, where the document gives it."),
        verbose_name=_("base"),
    )
    base_label = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("What the whole is and where it is printed."),
        verbose_name=_("base label"),
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
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

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="source_tables", verbose_name=_("election")
    )
    key = models.SlugField(verbose_name=_("key"))
    name = models.CharField(max_length=200, verbose_name=_("name"))
    header_columns = models.PositiveIntegerField(
        help_text=_("Columns the header names."), verbose_name=_("header columns")
    )
    row_cells = models.PositiveIntegerField(
        help_text=_("Cells each data row has."), verbose_name=_("row cells")
    )
    consequence = models.CharField(
        max_length=400,
        blank=True,
        help_text=_("What the difference means for its figures."),
        verbose_name=_("consequence"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source table")
        verbose_name_plural = _("source tables")
        ordering = ["election", "key"]
        constraints = [
            models.UniqueConstraint(fields=["election", "key"], name="one_source_table_a_key")
        ]

    def __str__(self) -> str:
        return self.name
