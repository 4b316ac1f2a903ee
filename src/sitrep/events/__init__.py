"""Event detection, typing and assembly: annotated article + parse -> ACLED events.

One module per concern: :mod:`~sitrep.events.detect` finds trigger anchors and scores
sub-types, :mod:`~sitrep.events.filters` drops what reports no realised incident,
:mod:`~sitrep.events.participants` and :mod:`~sitrep.events.coref` name the parties,
:mod:`~sitrep.events.dates`, :mod:`~sitrep.events.place` and
:mod:`~sitrep.events.attribution` fill date, place, claims and verification, and
:mod:`~sitrep.events.assemble` puts them together. Word tables live in
``data/event_words.json`` and ``data/event_licences.tsv``.
"""

from sitrep.events.assemble import run

__all__ = ["run"]
