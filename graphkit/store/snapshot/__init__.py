"""A read-only snapshot of actors and aggregated relationships, in numpy arrays.

Depth-2 neighbourhoods and shortest paths on a news graph run through hub actors
(states, alliances) with tens of thousands of relationships each. Cypher's slotted
runtime reads those one by one, a few microseconds each: close to a second per query
at 10k actors and 500k relationships, and the Python driver then decodes every row it
returns. Here the same work is a handful of vectorised operations over compressed
adjacency lists (CSR): a few milliseconds.

``Neo4jStore`` builds one from two export queries and uses it only while it matches
the graph (a version stamp every graphkit write changes, read at most every 100 ms);
``MemoryStore`` builds one from its graph after each change, when first asked. The
rules are those of ``traversal`` and of the Cypher files, so the answers are the same.
Evidence and articles are not in it.

``build`` makes the arrays, ``encode`` the JSON answers, ``traverse`` the
neighbourhoods and paths.
"""

from graphkit.store.snapshot.build import EDGE_COLUMNS, NO_DATE, day_number
from graphkit.store.snapshot.traverse import Snapshot

__all__ = ["EDGE_COLUMNS", "NO_DATE", "Snapshot", "day_number"]
