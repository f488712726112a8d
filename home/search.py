"""The header's search: one text across people, the directory and community work, grouped by kind.

Each group starts from its model's `visible_to(user)`, so a worker finds only the people of her team and
a partner account nothing. Names are compared folded (lower case, accents removed) on both sides: on
PostgreSQL by the `rete_fold` function (`unaccent`, created with its trigram indexes by the home app's
migration), which also lets a word one letter off match by trigram word similarity; on SQLite by the
same function registered in Python on each connection (`home.apps`), without the typo tolerance.

A fixed number of queries whatever the number of rows: one per group, each limited to a few rows.
"""

import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import F, Func, Lookup, Q, QuerySet, TextField
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cases.models import Person
from community.models import CommunityAction, CommunityProcess, Table
from territory.models import Contact, Opportunity, Organisation

PER_GROUP = 5
# Below this length a word one letter off matches too much to be worth showing.
SIMILAR_FROM = 4


def fold(text: str) -> str:
    """Lower case without accents: what `rete_fold` does in the database ("Città" -> "citta")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class FoldedText(TextField):
    """The output of `rete_fold`: it carries the trigram word-similarity lookup."""


@FoldedText.register_lookup
class SimilarWord(Lookup):
    """`column %> word`: the word is like a word of the column (pg_trgm's word_similarity, indexed)."""

    lookup_name = "similar_word"

    def as_sql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        return f"{lhs} %%> {rhs}", (*lhs_params, *rhs_params)


def folded(name: str) -> Func:
    return Func(F(name), function="rete_fold", output_field=FoldedText())


def matching(queryset: QuerySet, fields: tuple[str, ...], words: list[str]) -> QuerySet:
    """Rows where every word is in (or, on PostgreSQL, close to a word of) one of the fields."""
    typo_tolerant = connection.vendor == "postgresql"
    annotations = {f"_folded_{name}": folded(name) for name in fields}
    conditions = []
    for word in words:
        either = []
        for name in fields:
            either.append(Q(**{f"_folded_{name}__contains": word}))
            if typo_tolerant and len(word) >= SIMILAR_FROM:
                either.append(Q(**{f"_folded_{name}__similar_word": word}))
        conditions.append(reduce(or_, either))
    return queryset.alias(**annotations).filter(reduce(and_, conditions))


@dataclass
class Group:
    key: str
    title: str
    rows: list = field(default_factory=list)
    more: bool = False
    see_all: str = ""


@dataclass
class Source:
    key: str
    title: str
    queryset: callable
    fields: tuple[str, ...]
    order: tuple[str, ...]
    list_url: str = ""  # the group's own list, when it searches by `q`

    def ordering(self) -> list[str]:
        """The order, by the searched names folded as they were compared ("Àrco" between "abate" and "Bosco"): the
        same on every database, and no cause for PostgreSQL to walk a list's name index looking for matches (at
        50,000 organisations a common surname took 64 ms that way, 24 ms from its trigram index)."""
        return [f"_folded_{name}" if name in self.fields else name for name in self.order]

    def group(self, user, query: str, words: list[str]) -> Group:
        rows = list(matching(self.queryset(user), self.fields, words).order_by(*self.ordering())[: PER_GROUP + 1])
        see_all = f"{reverse(self.list_url)}?{urlencode({'q': query})}" if self.list_url else ""
        return Group(self.key, self.title, rows[:PER_GROUP], more=len(rows) > PER_GROUP, see_all=see_all)


SOURCES = (
    Source(
        "people",
        _("People in charge"),
        lambda user: Person.objects.visible_to(user),
        ("last_name", "first_name"),
        ("last_name", "first_name", "pk"),
        "cases:person_list",
    ),
    Source(
        "organisations",
        _("Organisations"),
        lambda user: Organisation.objects.visible_to(user).select_related("municipality"),
        ("name",),
        ("name", "pk"),
        "territory:organisation_list",
    ),
    Source(
        "contacts",
        _("Contacts"),
        lambda user: Contact.objects.visible_to(user).select_related("organisation"),
        ("last_name", "first_name"),
        ("last_name", "first_name", "pk"),
    ),
    Source(
        "opportunities",
        _("Opportunities"),
        lambda user: Opportunity.objects.visible_to(user).select_related("organisation"),
        ("title",),
        ("title", "pk"),
        "territory:opportunity_list",
    ),
    Source(
        "tables",
        _("Participatory tables"),
        lambda user: Table.objects.visible_to(user),
        ("name",),
        ("-active", "name", "pk"),
    ),
    Source(
        "processes",
        _("Community processes"),
        lambda user: CommunityProcess.objects.visible_to(user),
        ("title",),
        ("title", "pk"),
    ),
    Source(
        "actions",
        _("Community actions"),
        lambda user: CommunityAction.objects.visible_to(user),
        ("title",),
        ("-date", "pk"),
        "community:action_log",
    ),
)


def search(user, query: str) -> list[Group]:
    """Every group that found something, in a fixed order; one query per group."""
    words = fold(query).split()
    if not words:
        return []
    groups = [source.group(user, query, words) for source in SOURCES]
    return [group for group in groups if group.rows]


def people_shown(groups: list[Group]) -> list[Person]:
    return [row for group in groups if group.key == "people" for row in group.rows]
