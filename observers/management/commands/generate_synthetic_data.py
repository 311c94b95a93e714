"""A large synthetic data set, to check that pages stay fast and paginated at scale.

Everything it creates is attributed to a source called "Synthetic test data (not real)"
and every name starts with "Synthetic", so it cannot be mistaken for the real record.
Never run it on the public database.
"""

import random
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from electionsite.cache import invalidate_public_pages
from electionsite.search import schedule_rebuild
from observers.models import Finding, Organisation, Statement, StatementOrganisation, Topic
from results.allocation import dhondt
from results.identifiers import ELECTION_TYPES
from results.models import (
    Constituency,
    ConstituencyResult,
    Election,
    NationalResult,
    Party,
    Province,
    Registration,
    Source,
)


class Command(BaseCommand):
    help = (
        "Add a large synthetic data set (default: 50 elections of 25 constituencies, 30 "
        "parties, 2,000 statements with 4 findings each) for load and scale tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--elections", type=int, default=50)
        parser.add_argument("--constituencies", type=int, default=25)
        parser.add_argument("--parties", type=int, default=30)
        parser.add_argument("--statements", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2023)

    @transaction.atomic
    def handle(self, *args, elections, constituencies, parties, statements, seed, **options):
        rng = random.Random(seed)
        source, _ = Source.objects.get_or_create(
            key="synthetic",
            defaults={
                "title": "Synthetic test data (not real)",
                "kind": Source.Kind.SECONDARY,
                "published": "generated",
                "document": "none",
            },
        )
        sourced = {"source": source, "section": "generated"}
        party_rows = Party.objects.bulk_create(
            Party(slug=f"synthetic-party-{n}", name=f"Synthetic Party {n}") for n in range(parties)
        )
        provinces = list(Province.objects.order_by("pk")) or [
            Province.objects.create(
                slug="synthetic-province", name="Synthetic Province", iso_code="KH-1"
            )
        ]
        kinds = [Election.Kind.NATIONAL_ASSEMBLY, Election.Kind.SENATE]
        election_rows = Election.objects.bulk_create(
            Election(
                slug=f"synthetic-{n}",
                name=f"Synthetic election {n}",
                kind=kinds[n % 2],
                held_on=date(1900, 1, 1) + timedelta(days=365 * n),
                identifier=f"{ELECTION_TYPES[kinds[n % 2]]}.synthetic-{n}",
                seats_total=constituencies * 5,
                seats_contested=constituencies * 5,
                electorate="Synthetic",
                summary="Synthetic election for scale tests.",
                **sourced,
            )
            for n in range(elections)
        )
        Registration.objects.bulk_create(
            Registration(
                election=election,
                party=party,
                ballot_number=number + 1,
                status=Registration.Status.APPROVED,
                **sourced,
            )
            for election in election_rows
            for number, party in enumerate(party_rows)
        )
        constituency_rows = Constituency.objects.bulk_create(
            Constituency(
                election=election,
                slug=f"synthetic-{n}",
                identifier=f"{election.identifier}.synthetic-{n}",
                division_id=f"ocd-division/country:kh/synthetic:{n}",
                name=f"Synthetic constituency {n}",
                seats=5,
                **sourced,
            )
            for election in election_rows
            for n in range(constituencies)
        )
        Constituency.provinces.through.objects.bulk_create(
            Constituency.provinces.through(
                constituency_id=c.pk, province_id=provinces[i % len(provinces)].pk
            )
            for i, c in enumerate(constituency_rows)
        )
        results, national = [], {}
        for constituency in constituency_rows:
            standing = rng.sample(party_rows, min(10, len(party_rows)))
            votes = {party: rng.randint(100, 10000) for party in standing}
            seats = dhondt({p.pk: v for p, v in votes.items()}, constituency.seats).seats
            total = sum(votes.values())
            for party, count in votes.items():
                results.append(
                    ConstituencyResult(
                        constituency=constituency,
                        party=party,
                        votes=count,
                        percent=round(count * 100 / total, 2),
                        seats=seats[party.pk],
                        **sourced,
                    )
                )
                key = (constituency.election_id, party.pk)
                won, cast = national.get(key, (0, 0))
                national[key] = (won + seats[party.pk], cast + count)
        ConstituencyResult.objects.bulk_create(results, batch_size=2000)
        NationalResult.objects.bulk_create(
            NationalResult(
                election_id=election_id, party_id=party_id, seats=won, votes=cast, **sourced
            )
            for (election_id, party_id), (won, cast) in national.items()
        )

        topics = list(Topic.objects.order_by("position"))
        organisations = Organisation.objects.bulk_create(
            Organisation(
                slug=f"synthetic-organisation-{n}",
                name=f"Synthetic Organisation {n}",
                kind=Organisation.Kind.CIVIL_SOCIETY,
            )
            for n in range(60)
        )
        statement_rows = Statement.objects.bulk_create(
            Statement(
                slug=f"synthetic-statement-{n}",
                kind=rng.choice(Statement.Kind.values),
                title=f"Synthetic statement {n}",
                election=rng.choice(election_rows),
                issued_on=date(1900, 1, 1) + timedelta(days=n),
                verdict=rng.choice(Statement.Verdict.values),
                summary="Synthetic statement for scale tests.",
                **sourced,
            )
            for n in range(statements)
        )
        StatementOrganisation.objects.bulk_create(
            StatementOrganisation(
                statement=statement,
                organisation=rng.choice(organisations),
                role=StatementOrganisation.Role.AUTHOR,
            )
            for statement in statement_rows
        )
        Finding.objects.bulk_create(
            (
                Finding(
                    statement=statement,
                    topic=topic,
                    stance=rng.choice(Finding.Stance.values),
                    summary="Synthetic finding.",
                    anchor=topic.slug,
                )
                for statement in statement_rows
                for topic in rng.sample(topics, min(4, len(topics)))
            ),
            batch_size=2000,
        )
        # bulk_create sends no signals: tell the search index and the page cache that the
        # data changed.
        schedule_rebuild(Election)
        invalidate_public_pages(Election)
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {elections} elections, {len(constituency_rows)} constituencies, "
                f"{len(results)} results, {parties} parties, {statements} statements."
            )
        )
