"""Site search over both apps, behind the database's own trigram machinery.

Everything findable is written into `SearchEntry` rows with its text *normalised*: case
folded, accents on Latin letters dropped, Khmer left in Khmer script (never folded to
ASCII) with its look-alike code points unified. A query is normalised the same way and
every word of it must occur in an entry's text as a substring, which is what a trigram
index answers: SQLite's FTS5 `trigram` table and PostgreSQL's `pg_trgm` GIN index both
match substrings, and Khmer, written without spaces between words, needs exactly that.
Both databases therefore return the same entries; the ranking is plain SQL on top.

The index is rebuilt whole after any change to the data commits (a load, an admin save, a
revert): a few hundred rows, a fraction of a second, and never out of step with itself.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from electionsite.cache import DATA_APPS
from electionsite.models import SearchEntry
from results.numerals import KHMER, khmer_digits

MAX_QUERY_LENGTH = 100
RESULTS_PER_KIND = 10
FTS_TABLE = "electionsite_searchentry_fts"
TRIGRAM = 3  # the shortest word a trigram index can look up; shorter ones are scanned

KIND_POSITION = {kind: position for position, kind in enumerate(SearchEntry.Kind)}

# Characters that look alike or carry no letter, folded before matching.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_EQUIVALENTS = {
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2013": "-",
    "\u2014": "-",
    # Deprecated Khmer independent vowels and the sequences Unicode says to use instead.
    "\u17a3": "\u17a2",
    "\u17a4": "\u17a2\u17b6",
}


_COENG_DA, _COENG_TA = "\u17d2\u178a", "\u17d2\u178f"


def _is_latin(char: str) -> bool:
    return char < "\u0250" or "\u1e00" <= char <= "\u1eff"


_SKIP, _MARK, _SPACE, _LATIN, _OTHER = range(5)


@functools.lru_cache(maxsize=4096)
def _fold(char: str) -> tuple[int, str]:
    """What one character becomes: (its class, its folded text)."""
    category = unicodedata.category(char)
    if char in "\t\n\r" or category.startswith("Z"):
        return _SPACE, " "
    if char in _INVISIBLE or category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return _SKIP, ""
    if category == "Mn":
        return _MARK, char
    if char in _EQUIVALENTS:
        piece = _EQUIVALENTS[char]
        return (_LATIN if _is_latin(piece[0]) else _OTHER), piece
    if _is_latin(char):
        decomposed = unicodedata.normalize("NFKD", char)
        return _LATIN, "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _OTHER, char.casefold()


def normalise_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index it came from in the
    NFC form of `text` (so that a match can be highlighted in the original)."""
    # A subscript DA and a subscript TA look the same in Khmer and both are written
    # (ឧត្ដរមានជ័យ, ឧត្តរមានជ័យ): one for matching. Same length, so positions hold.
    text = unicodedata.normalize("NFC", text).replace(_COENG_DA, _COENG_TA)
    out: list[str] = []
    positions: list[int] = []
    after_latin = False
    last_space = True  # no space at the start
    for index, char in enumerate(text):
        kind, piece = _fold(char)
        if kind == _SKIP or (kind == _MARK and after_latin):  # an accent on a Latin letter
            continue
        if kind == _SPACE:
            if last_space:
                continue
            last_space = True
        else:
            last_space = False
        if kind != _MARK:
            after_latin = kind == _LATIN
        out.append(piece)
        positions.extend([index] * len(piece))
    if out and out[-1] == " ":
        out.pop()
        positions.pop()
    return "".join(out), positions


def normalise(text: str) -> str:
    return normalise_with_positions(text)[0]


# Reading the data into entries ---------------------------------------------------------


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    url: str
    names: tuple[str, ...] = ()
    context: str = ""
    text: str = ""

    @property
    def words(self) -> str:
        """Its context line and other text, normalised: what a search matches besides names."""
        return "\n".join([normalise(self.context), normalise(self.text)])

    def entry(self, khmer: Document | None) -> SearchEntry:
        """Its entry, with the same record in the Khmer edition (written with Khmer active).
        Names and words of both are searched, so that either edition finds a record by what
        the other calls it or says of it ("Takeo" in a Senate region's list of provinces)."""
        editions = (self, khmer) if khmer else (self,)
        names = [
            normalise(name)
            for document in editions
            for name in (document.title, *document.names)
            if name
        ]
        names = list(dict.fromkeys(name for name in names if name))
        words = dict.fromkeys(document.words for document in editions)
        return SearchEntry(
            kind=self.kind,
            position=KIND_POSITION[self.kind],
            title=self.title[:300],
            context=self.context,
            url=self.url,
            title_km=khmer.title[:300] if khmer else "",
            context_km=khmer.context if khmer else "",
            url_km=khmer.url if khmer else "",
            names="\n" + "\n".join(names) + "\n",
            haystack="\n".join([*names, *words]),
        )


def documents() -> Iterator[Document]:
    """Every findable record of both apps, with the page (and anchor) that shows it. A
    person named in several places is one entry, linked to the first of them."""
    people: dict[str, Document] = {}
    for document in _records():
        if document.kind != SearchEntry.Kind.PERSON:
            yield document
            continue
        key = normalise(document.title)
        known = people.get(key)
        people[key] = (
            document
            if known is None
            else Document(
                known.kind, known.title, known.url, context=f"{known.context}; {document.context}"
            )
        )
    yield from people.values()


def other_languages(instance, *fields: str) -> tuple[str, ...]:
    """The other languages' versions of these fields where a translation library keeps them
    beside the field (`name_km` beside `name`): a Khmer name is findable once it exists."""
    if not settings.USE_I18N:
        return ()
    codes = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
    values = (getattr(instance, f"{field}_{code}", "") for field in fields for code in codes)
    return tuple(value for value in values if value)


def _records() -> Iterator[Document]:
    from observers.models import Finding, MissionMember, Organisation, Statement, Topic
    from results.models import (
        Constituency,
        Election,
        Event,
        Investiture,
        Party,
        Province,
        Registration,
        ScheduleEntry,
    )

    Kind = SearchEntry.Kind
    for province in Province.objects.prefetch_related("aliases"):
        yield Document(
            Kind.PLACE,
            province.name,
            province.get_absolute_url(),
            names=(
                *(alias.name for alias in province.aliases.all()),
                *other_languages(province, "name"),
            ),
            context=_("Province"),
        )
    regions = Constituency.objects.filter(election__kind=Election.Kind.SENATE)
    for region in regions.select_related("election").prefetch_related("provinces"):
        provinces = ", ".join(province.name for province in region.provinces.all())
        yield Document(
            Kind.PLACE,
            f"{region.name} ({region.election.name})",
            region.get_absolute_url(),
            names=(region.name, *other_languages(region, "name")),
            context=provinces,
        )
    for party in Party.objects.prefetch_related("aliases"):
        yield Document(
            Kind.PARTY,
            party.name,
            party.get_absolute_url(),
            names=(
                party.abbreviation,
                *(alias.name for alias in party.aliases.all()),
                *other_languages(party, "name"),
            ),
        )
    elections = list(Election.objects.all())
    for election in elections:
        yield Document(
            Kind.ELECTION,
            election.name,
            election.get_absolute_url(),
            names=(election.slug, *other_languages(election, "name")),
            context=election.summary,
            text=" ".join(other_languages(election, "summary")),
        )
        for name, role in (
            (election.prime_minister_before, _("Prime Minister before the election")),
            (election.prime_minister_after, _("Prime Minister after the election")),
        ):
            if name:
                yield Document(
                    Kind.PERSON,
                    name,
                    f"{election.get_absolute_url()}#facts",
                    context=f"{role}: {election.name}",
                )
    for registration in Registration.objects.exclude(leader="").select_related("party", "election"):
        yield Document(
            Kind.PERSON,
            registration.leader,
            registration.party.get_absolute_url(),
            context=_("Leader of %(party)s, %(election)s")
            % {"party": registration.party.name, "election": registration.election.name},
        )
    for investiture in Investiture.objects.select_related("election", "party"):
        yield Document(
            Kind.PERSON,
            investiture.candidate,
            _timeline_url(investiture.election, "investiture"),
            context=_("Candidate in the confidence vote of %(date)s (%(party)s)")
            % {
                "date": khmer_digits(date_format(investiture.held_on, "j F Y")),
                "party": investiture.party.name,
            },
        )
    statements = list(Statement.objects.select_related("election"))
    for statement in statements:
        yield Document(
            Kind.STATEMENT,
            statement.title,
            statement.get_absolute_url(),
            names=other_languages(statement, "title"),
            context=statement.summary,
            text=" ".join(
                [
                    statement.get_kind_display(),
                    statement.channel,
                    *other_languages(statement, "summary"),
                ]
            ),
        )
        if statement.spokesperson:
            yield Document(
                Kind.PERSON,
                statement.spokesperson,
                statement.get_absolute_url(),
                context=_("Speaking for: %(statement)s") % {"statement": statement.title},
            )
    by_pk = {statement.pk: statement for statement in statements}
    for member in MissionMember.objects.all():
        statement = by_pk[member.statement_id]
        yield Document(
            Kind.PERSON,
            member.name,
            f"{statement.get_absolute_url()}#members",
            context="; ".join(
                part for part in (member.role, member.affiliation, statement.title) if part
            ),
        )
    for finding in Finding.objects.select_related("topic"):
        statement = by_pk[finding.statement_id]
        yield Document(
            Kind.FINDING,
            f"{finding.topic.name}: {statement.title}",
            f"{statement.get_absolute_url()}#{finding.anchor}",
            context=finding.summary,
            text=" ".join([finding.quote, *other_languages(finding, "summary")]),
        )
    for topic in Topic.objects.all():
        yield Document(
            Kind.FINDING,
            topic.name,
            topic.get_absolute_url(),
            # "election commission" for its NEC topic
            names=(topic.slug.replace("-", " "), *other_languages(topic, "name")),
            context=topic.question,
            text=" ".join(other_languages(topic, "question")),
        )
    for organisation in Organisation.objects.prefetch_related("aliases"):
        yield Document(
            Kind.ORGANISATION,
            organisation.name,
            organisation.get_absolute_url(),
            names=(
                organisation.short_name,
                *(alias.name for alias in organisation.aliases.all()),
            ),
            context=organisation.description,
            text=" ".join(
                [organisation.country, *other_languages(organisation, "name", "description")]
            ),
        )
    elections_by_pk = {election.pk: election for election in elections}
    for entry in ScheduleEntry.objects.all():
        election = elections_by_pk[entry.election_id]
        yield Document(
            Kind.EVENT,
            entry.description,
            _timeline_url(election, f"schedule-{entry.pk}"),
            names=other_languages(entry, "description"),
            context=f"{entry.when}, {election.name}",
        )
    for event in Event.objects.select_related("party", "province"):
        page = (
            elections_by_pk.get(event.election_id)
            and _timeline_url(elections_by_pk[event.election_id], f"event-{event.key}")
            or (event.party and f"{event.party.get_absolute_url()}#event-{event.key}")
            or (event.province and f"{event.province.get_absolute_url()}#event-{event.key}")
        )
        if page:
            yield Document(
                Kind.EVENT,
                event.title,
                page,
                names=other_languages(event, "title"),
                context=event.summary,
                text=" ".join([event.when, *other_languages(event, "summary")]),
            )


def _timeline_url(election, anchor: str) -> str:
    from results.permalinks import url_for

    return f"{url_for('results:election_timeline', election.slug)}#{anchor}"


def _record_key(document: Document) -> tuple[str, str, str]:
    """The same record in both editions: its kind, its address without the Khmer prefix,
    and a person's name (people share their pages' addresses)."""
    person = normalise(document.title) if document.kind == SearchEntry.Kind.PERSON else ""
    return document.kind, document.url.removeprefix(f"/{KHMER}"), person


def rebuild_index() -> int:
    """Replace the whole index with what the data says now; returns the number of entries.

    One entry a record, written twice, once with each language active, and the two paired
    by address: a Khmer search shows Khmer titles and context lines and leads to Khmer
    pages."""
    with translation.override(settings.LANGUAGE_CODE):
        english = list(documents())
    with translation.override(KHMER):
        khmer = {_record_key(document): document for document in documents()}
    entries = [document.entry(khmer.get(_record_key(document))) for document in english]
    with transaction.atomic():
        with connection.cursor() as cursor:  # a plain DELETE: no per-row signals
            cursor.execute(f"DELETE FROM {SearchEntry._meta.db_table}")
        SearchEntry.objects.bulk_create(entries, batch_size=500)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('rebuild')")
        elif connection.vendor == "postgresql":
            # New rows wait in the GIN index's pending list, which every search reads through
            # whole until a vacuum merges it: about 7 ms a search at the synthetic scale.
            with connection.cursor() as cursor:
                cursor.execute("SELECT gin_clean_pending_list('electionsite_searchentry_trgm')")
    return len(entries)


def schedule_rebuild(sender, **kwargs) -> None:
    if sender._meta.app_label not in DATA_APPS:
        return
    pending = transaction.get_connection().run_on_commit
    if not any(callback[1] is rebuild_index for callback in pending):
        transaction.on_commit(rebuild_index)


def connect_index_updates() -> None:
    """Rebuild the index once per committed change. Connected before the page cache's
    invalidation, so the index is current before cached pages are given up."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(schedule_rebuild, dispatch_uid=f"search-index-{signal}")


# Answering a query ---------------------------------------------------------------------


class QueryError(ValueError):
    """A query the search cannot answer, with the reason in words for the reader."""


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    url: str
    context: str
    title_html: SafeString  # escaped, with the query's words marked
    context_html: SafeString


@dataclass(frozen=True)
class Group:
    kind: str
    label: str
    count: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: tuple[Group, ...]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def clean_query(raw: str) -> str:
    """The query as typed, without control characters, or QueryError saying what is wrong."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in raw
        # Surrogates, private use, unassigned, and the replacement for undecodable bytes.
        if unicodedata.category(char) not in ("Cs", "Co", "Cn") and char != "\ufffd"
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("The search is limited to %(limit)d characters; yours has %(length)d.")
            % {"limit": MAX_QUERY_LENGTH, "length": len(text)}
        )
    return text


def _texts(ids: list[int]) -> dict[int, list[str]]:
    """Each entry's title, address and context line, in English then in Khmer."""
    if not ids:
        return {}
    fields = ("title", "url", "context", "title_km", "url_km", "context_km")
    rows = SearchEntry.objects.filter(id__in=ids).values_list("id", *fields)
    return {entry_id: texts for entry_id, *texts in rows}


def search(query: str) -> SearchResults:
    """Entries matching every word of the query, best first, grouped by kind. Two queries:
    the ranking, over narrow rows (a thousand matches of a common word sort faster without
    their texts), then the texts of the entries shown."""
    normalised = normalise(query)
    words = list(dict.fromkeys(normalised.split()))
    if not words:
        return SearchResults(query, ())
    matches = SearchEntry.objects.all()
    indexed = [word for word in words if len(word) >= TRIGRAM]
    if connection.vendor == "sqlite" and indexed:
        expression = " AND ".join('"{}"'.format(word.replace('"', '""')) for word in indexed)
        matches = matches.filter(
            id__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (expression,)
            )
        )
        words = [word for word in words if len(word) < TRIGRAM]
    for word in words:
        if len(word) < TRIGRAM:  # too short to mean much inside a word: a name's word start
            matches = matches.filter(Q(names__contains=f"\n{word}") | Q(names__contains=f" {word}"))
        else:  # PostgreSQL: pg_trgm's index answers LIKE
            matches = matches.filter(haystack__contains=word)
    rank = Case(
        When(names__contains=f"\n{normalised}\n", then=Value(0)),
        When(names__contains=f"\n{normalised}", then=Value(1)),
        When(names__contains=normalised, then=Value(2)),
        When(haystack__contains=normalised, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    # A Khmer page shows the Khmer edition's titles, in their order.
    khmer = translation.get_language() == KHMER
    shown_title = "title_km" if khmer else "title"
    # The best RESULTS_PER_KIND of each kind, with each kind's full count.
    by_kind = {"partition_by": F("kind")}
    ranked = (
        matches.annotate(rank=rank)
        .annotate(
            kind_count=Window(Count("id"), **by_kind),
            place=Window(RowNumber(), **by_kind, order_by=[F("rank"), F(shown_title), F("id")]),
        )
        .filter(place__lte=RESULTS_PER_KIND)
        .order_by("rank", "position", shown_title, "id")
        .values_list("id", "kind", "rank", "kind_count")
    )
    ranked = list(ranked)
    texts = _texts([entry_id for entry_id, *_ranking in ranked])
    terms = [normalised, *normalised.split()]
    rows: dict[str, list] = {}
    best: dict[str, tuple[int, int]] = {}
    counts: dict[str, int] = {}
    for entry_id, kind, row_rank, kind_count in ranked:
        best.setdefault(kind, (row_rank, KIND_POSITION[kind]))
        counts[kind] = kind_count
        *english, title_km, url_km, context_km = texts[entry_id]
        title, url, context = (title_km, url_km, context_km) if khmer and url_km else english
        rows.setdefault(kind, []).append(
            Hit(
                kind,
                title,
                url,
                context,
                highlight(title, terms),
                highlight(context, terms, width=180),
            )
        )
    labels = dict(SearchEntry.Kind.choices)
    groups = [
        Group(kind, str(labels[kind]), counts[kind], tuple(hits)) for kind, hits in rows.items()
    ]
    groups.sort(key=lambda group: best[group.kind])
    return SearchResults(query, tuple(groups))


def highlight(text: str, terms: list[str], width: int | None = None) -> SafeString:
    """`text` escaped, with the query's words marked; cut to about `width` characters
    around the first match when given (looked for in the first few widths only: a long
    text's context line is taken from its beginning)."""
    original = unicodedata.normalize("NFC", text)
    if width and len(original) > 3 * width:
        original = original[: 3 * width]
    normalised, positions = normalise_with_positions(original)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = normalised.find(term) if term else -1
        while start != -1:
            end = start + len(term)
            spans.append((positions[start], positions[end - 1] + 1))
            start = normalised.find(term, end)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    window_start, window_end = 0, len(original)
    if width and len(original) > width:
        focus = merged[0][0] if merged else 0
        window_start = max(0, focus - width // 3)
        window_end = min(len(original), window_start + width)
    parts = ["…" if window_start else ""]
    cursor = window_start
    for start, end in merged:
        start, end = max(start, window_start), min(end, window_end)
        if start >= end:
            continue
        parts.append(escape(original[cursor:start]))
        parts.append(f"<mark>{escape(original[start:end])}</mark>")
        cursor = end
    parts.append(escape(original[cursor:window_end]))
    if window_end < len(original) or len(original) < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece of text above is escaped
