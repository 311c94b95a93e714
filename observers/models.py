"""Observer missions, civil-society statements and reactions, broken out into findings by topic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from results.models import Alias, DatePrecision, Election, Party, Sourced, partial_date
from results.permalinks import PermanentSlug, url_for


class Topic(PermanentSlug):
    """A question that several statements answer, so their answers can sit side by side."""

    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    question = models.CharField(max_length=300, verbose_name=_("question"))
    position = models.PositiveIntegerField(unique=True, verbose_name=_("position"))

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("observers:topic_detail", self.slug)


class Organisation(PermanentSlug):
    class Kind(models.TextChoices):
        OBSERVER_NETWORK = "observer_network", _("Observer network")
        INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
        GOVERNMENT = "government", _("Government")
        INSTITUTION = "institution", _("Institution")
        POLITICAL_PARTY = "political_party", _("Political party")

    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name = models.CharField(max_length=200, unique=True, verbose_name=_("name"))
    short_name = models.CharField(max_length=50, blank=True, verbose_name=_("short name"))
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    country = models.CharField(max_length=100, blank=True, verbose_name=_("country"))
    party = models.OneToOneField(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
        help_text=_("For a political party: its record in the results."),
        verbose_name=_("party"),
    )
    description = models.TextField(
        blank=True, help_text=_("In the project's own words."), verbose_name=_("description")
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_for("observers:organisation_detail", self.slug)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.POLITICAL_PARTY and not self.party_id:
            raise ValidationError({"party": _("A political party must link to its party record.")})
        if self.party_id and self.kind != self.Kind.POLITICAL_PARTY:
            raise ValidationError({"party": _("Only a political party links to a party record.")})


class OrganisationAlias(Alias):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )

    history = HistoricalRecords()

    class Meta(Alias.Meta):
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        verbose_name_plural = _("organisation aliases")

    def clean(self) -> None:
        super().clean()
        clash = Organisation.objects.filter(name__iexact=self.name).exclude(pk=self.organisation_id)
        if clash.exists():
            raise ValidationError({"name": _("This is already the name of another organisation.")})


def credits_in_order() -> models.Prefetch:
    """A statement's authors, then its signatories, each in their order, with organisations."""
    return models.Prefetch(
        "credits",
        queryset=StatementOrganisation.objects.select_related("organisation").order_by(
            "role", "position"
        ),
    )


class StatementQuerySet(models.QuerySet):
    def with_credits(self):
        """With election, source and authors/signatories in order, in a fixed two queries."""
        return self.select_related("election", "source").prefetch_related(credits_in_order())

    def reactions(self):
        return self.filter(kind__in=Statement.REACTION_KINDS)

    def assessments(self):
        return self.exclude(kind__in=Statement.REACTION_KINDS)


class Statement(PermanentSlug, Sourced):
    class Kind(models.TextChoices):
        PRE_ELECTION_ASSESSMENT = "pre_election_assessment", _("Pre-election assessment")
        OBSERVATION_MISSION = "observation_mission", _("Observation mission")
        JOINT_STATEMENT = "joint_statement", _("Joint statement")
        GOVERNMENT_REACTION = "government_reaction", _("Government or institution reaction")
        PARTY_REACTION = "party_reaction", _("Party reaction")
        OPPOSITION_REACTION = "opposition_reaction", _("Opposition figure's reaction")
        OBSERVER_REMARK = "observer_remark", _("An international observer's remarks")

    class Verdict(models.TextChoices):
        ENDORSED = "endorsed", _("Endorsed or congratulated")
        NOTED = "noted", _("Took note")
        CRITICAL = "critical", _("Criticised")

    REACTION_KINDS = (Kind.GOVERNMENT_REACTION, Kind.PARTY_REACTION, Kind.OPPOSITION_REACTION)

    slug = models.SlugField(
        unique=True, help_text=_("Permanent: part of every citation."), verbose_name=_("slug")
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, verbose_name=_("kind"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="statements", verbose_name=_("election")
    )
    issued_on = models.DateField(null=True, blank=True, verbose_name=_("issued on"))
    precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        verbose_name=_("precision"),
    )
    date_note = models.CharField(max_length=200, blank=True, verbose_name=_("date note"))
    verdict = models.CharField(
        max_length=20,
        choices=Verdict.choices,
        help_text=_("Overall judgement of the election, on the site's three-point scale."),
        verbose_name=_("verdict"),
    )
    spokesperson = models.CharField(max_length=300, blank=True, verbose_name=_("spokesperson"))
    channel = models.CharField(max_length=200, blank=True, verbose_name=_("channel"))
    mission_starts_on = models.DateField(null=True, blank=True, verbose_name=_("mission starts on"))
    mission_ends_on = models.DateField(null=True, blank=True, verbose_name=_("mission ends on"))
    mission_places = models.CharField(max_length=300, blank=True, verbose_name=_("mission places"))
    page_dated_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("A date the published page gives besides the statement's own (front matter)."),
        verbose_name=_("page dated on"),
    )
    marked_draft = models.BooleanField(
        default=False,
        help_text=_("The published page is marked as a draft."),
        verbose_name=_("marked draft"),
    )
    summary = models.TextField(
        help_text=_("In the project's own words."), verbose_name=_("summary")
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="StatementOrganisation",
        related_name="statements",
        verbose_name=_("organisations"),
    )

    # history: registered in translation.py, after the translated fields.

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = [models.F("issued_on").asc(nulls_last=True), "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_for("observers:statement_detail", self.slug)

    def clean(self) -> None:
        super().clean()
        if self.mission_ends_on and not self.mission_starts_on:
            raise ValidationError({"mission_starts_on": _("A mission needs a start date.")})
        if (
            self.mission_starts_on
            and self.mission_ends_on
            and self.mission_ends_on < self.mission_starts_on
        ):
            raise ValidationError(
                {"mission_ends_on": _("A mission must end on or after the day it starts.")}
            )

    @property
    def is_reaction(self) -> bool:
        return self.kind in self.REACTION_KINDS

    @property
    def when(self) -> str:
        if not self.issued_on:
            return self.date_note or str(_("date not reported"))
        return partial_date(self.issued_on, self.precision)


class StatementOrganisation(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("Author")
        SIGNATORY = "signatory", _("Signatory")

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="credits", verbose_name=_("statement")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="credits",
        verbose_name=_("organisation"),
    )
    role = models.CharField(max_length=20, choices=Role.choices, verbose_name=_("role"))
    position = models.PositiveIntegerField(default=1, verbose_name=_("position"))
    name_as_printed = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The organisation's name exactly as this statement prints it."),
        verbose_name=_("name as printed"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statement organisation")
        verbose_name_plural = _("statement organisations")
        ordering = ["statement", "role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organisation"], name="one_credit_an_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class MissionMember(models.Model):
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="members", verbose_name=_("statement")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    role = models.CharField(max_length=200, blank=True, verbose_name=_("role"))
    affiliation = models.CharField(max_length=300, blank=True, verbose_name=_("affiliation"))
    is_head = models.BooleanField(default=False, verbose_name=_("is head"))
    position = models.PositiveIntegerField(default=1, verbose_name=_("position"))
    inference = models.CharField(
        max_length=300,
        blank=True,
        help_text=_(
            "Empty when the statement gives the affiliation; otherwise how the site derived it."
        ),
        verbose_name=_("inference"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mission member")
        verbose_name_plural = _("mission members")
        ordering = ["statement", "-is_head", "position"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "name"], name="one_member_a_name")
        ]

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """One statement's claim on one topic: a stance, our summary, and a short quotation."""

    class Stance(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        CONCERNED = "concerned", _("Concerned")
        NEGATIVE = "negative", _("Negative")

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="findings", verbose_name=_("statement")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="findings", verbose_name=_("topic")
    )
    stance = models.CharField(max_length=20, choices=Stance.choices, verbose_name=_("stance"))
    summary = models.CharField(
        max_length=400,
        help_text=_("One line, in the project's own words."),
        verbose_name=_("summary"),
    )
    quote = models.CharField(
        max_length=400,
        blank=True,
        help_text=_("A short verbatim excerpt of the statement."),
        verbose_name=_("quote"),
    )
    anchor = models.SlugField(
        help_text=_("Permanent: the finding's address on its page."), verbose_name=_("anchor")
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["statement", "topic__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "topic"],
                name="one_finding_a_topic",
                violation_error_message=_("This statement already has a finding on this topic."),
            ),
            models.UniqueConstraint(
                fields=["statement", "anchor"],
                name="unique_finding_anchor",
                violation_error_message=_("Another finding of this statement uses this anchor."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.topic}"

    def get_absolute_url(self) -> str:
        return f"{self.statement.get_absolute_url()}#{self.anchor}"


class ReportedFigure(Sourced):
    """A count that sources may give differently (observers, organisations, media...)."""

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        OVER = "over", _("more than")
        ABOUT = "about", _("about")

    subject = models.SlugField(
        help_text=_("What is counted; rows with one subject are compared."),
        verbose_name=_("subject"),
    )
    label = models.CharField(max_length=300, verbose_name=_("label"))
    value = models.PositiveIntegerField(verbose_name=_("value"))
    qualifier = models.CharField(
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
        verbose_name=_("qualifier"),
    )
    unit = models.CharField(max_length=100, blank=True, verbose_name=_("unit"))
    statement = models.ForeignKey(
        Statement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figures",
        help_text=_("The statement that gives this figure, if it is one of ours."),
        verbose_name=_("statement"),
    )
    counted_in = models.SlugField(
        blank=True,
        help_text=_("The subject of a total that the source counts this figure within."),
        verbose_name=_("counted in"),
    )
    belongs_to = models.SlugField(
        blank=True,
        help_text=_(
            "The subject of the total this group belongs to by its nature (e.g. foreign "
            "observers); compared with “counted in”."
        ),
        verbose_name=_("belongs to"),
    )

    # history: registered in translation.py, after the translated fields.

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        ordering = ["subject", "source", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "source", "section", "label"], name="one_figure_a_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"
