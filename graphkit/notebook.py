"""IPython magics for analysts: ``%load_ext graphkit`` adds ``%%cypher`` and friends.

``%%cypher`` runs the cell's Cypher against the graph and returns a pandas ``DataFrame``
(nodes, relationships and paths become dicts as the store returns them, e.g. a node is
``{"id", "labels", "properties"}``)::

    %%cypher
    MATCH (a:Actor)-[r:SUPPORT]->(b:Actor) WHERE r.weight >= $min_weight
    RETURN a.name, b.name, r.weight

``$name`` parameters not given with ``--params`` are looked up among the notebook's
variables. Queries are read-only unless ``--write`` is given; ``--view`` draws the
actors and relationships in the answer inline with the project's renderer.

Like the CLI, this module is shell-side: the first magic without a store builds
``Settings()`` from the ``GRAPHKIT_*`` environment and caches the opened store on the
IPython shell. ``%cypher_connect`` (or ``--store <variable>``) chooses another.

``%cypher_library`` lists the analyst queries shipped in ``cypher/``;
``%cypher_library find_supporters`` runs one, its parameters taken the same way.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd
from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from graphkit.errors import GraphkitError
from graphkit.models import ActorNode, Edge, Subgraph
from graphkit.store.base import GraphStore

STORE_ATTR = "_graphkit_store"
VIEW_HEIGHT = 620
_KEY = re.compile(r"^[^|]+\|[A-Z][A-Z_]*\|[^|]+$")
# string literals and comments may contain `$` that is not a parameter
_NOT_CODE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*|/\*.*?\*/", re.S)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def load_ipython_extension(ipython: Any) -> None:
    """Register the magics (called by ``%load_ext graphkit``)."""
    ipython.register_magics(CypherMagics)


# ----------------------------------------------------------------- the store


def connect(shell: Any | None = None, **overrides: Any) -> GraphStore:
    """Open the store named by ``GRAPHKIT_*`` settings (plus ``overrides``) and cache it.

    The store is cached on the IPython shell, so later ``%%cypher`` cells and
    ``current_store()`` reuse it. A previously cached store that this module opened is
    closed first.

    Raises:
        ConfigError: a setting is wrong (the message names it).
        StoreUnavailable: the store cannot be reached.
    """
    from pydantic import ValidationError as PydanticValidationError

    from graphkit.config import Settings
    from graphkit.errors import ConfigError
    from graphkit.store import open_store

    shell = shell or _shell()
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        name = "GRAPHKIT_" + str(err["loc"][0]).upper() if err.get("loc") else "GRAPHKIT_*"
        raise ConfigError(f"invalid setting {name}: {err['msg']}", name) from None
    if settings.store == "memory" and settings.memory_path is None:
        # the file `graphkit ingest --store memory` saves to, so both see one graph
        settings = settings.model_copy(update={"memory_path": settings.home / "memory-graph.json"})
    store = open_store(settings)
    use_store(store, shell, owned=True)
    return store


def use_store(store: GraphStore, shell: Any | None = None, *, owned: bool = False) -> None:
    """Make ``store`` the one ``%%cypher`` cells run against."""
    shell = shell or _shell()
    old = getattr(shell, STORE_ATTR, None)
    if old is not None and old[0] is not store and old[1]:
        old[0].close()
    setattr(shell, STORE_ATTR, (store, owned))


def current_store(shell: Any | None = None) -> GraphStore:
    """The store the magics use, connecting from the environment on first use."""
    shell = shell or _shell()
    cached = getattr(shell, STORE_ATTR, None)
    if cached is not None:
        store: GraphStore = cached[0]
        return store
    return connect(shell)


def _shell() -> Any:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise UsageError("graphkit.notebook needs a running IPython shell")
    return shell


# --------------------------------------------------------------- parameters


def query_parameter_names(query: str) -> list[str]:
    """``$names`` a query uses, outside string literals and comments, in order."""
    seen: list[str] = []
    for name in _PARAM.findall(_NOT_CODE.sub(" ", query)):
        if name not in seen:
            seen.append(name)
    return seen


def to_cypher_value(value: Any) -> Any:
    """Turn numpy/pandas values into plain Python the Neo4j driver can send."""
    if isinstance(value, str | bool | int | float | date | datetime) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): to_cypher_value(v) for k, v in value.items()}
    if isinstance(value, pd.Series | pd.Index):
        return [to_cypher_value(v) for v in value.tolist()]
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [to_cypher_value(v) for v in items]
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return to_cypher_value(value.tolist())
    raise UsageError(f"cannot pass a {type(value).__name__} as a Cypher parameter")


def collect_parameters(
    query: str, explicit: Mapping[str, Any] | None, namespace: Mapping[str, Any]
) -> dict[str, Any]:
    """Values for the query's ``$parameters``: ``explicit`` first, then notebook variables.

    Raises:
        UsageError: naming each parameter found in neither.
    """
    params = {k: to_cypher_value(v) for k, v in (explicit or {}).items()}
    missing = []
    for name in query_parameter_names(query):
        if name in params:
            continue
        if name in namespace:
            params[name] = to_cypher_value(namespace[name])
        else:
            missing.append(name)
    if missing:
        names = ", ".join(f"${m}" for m in missing)
        raise UsageError(
            f"no value for {names}: define a notebook variable of that name "
            "or pass a dict with --params <variable>"
        )
    return params


# --------------------------------------------------------------------- views


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every dict inside a result value (nodes, relationships, paths, lists of them)."""
    if isinstance(value, Mapping):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _walk(v)


def result_subgraph(rows: list[dict[str, Any]], store: GraphStore | None = None) -> Subgraph:
    """The actors and aggregated relationships that appear anywhere in a Cypher result.

    Actors are recognised by their ``id``/``name``/``kind`` properties and relationships
    by their ``key`` (``source|TYPE|target``), whatever shape the store gives nodes,
    relationships and paths. Ends of relationships missing from the answer are looked up
    in ``store`` when one is given.
    """
    from graphkit.store import record

    nodes: dict[str, ActorNode] = {}
    edges: dict[str, Edge] = {}
    for row in rows:
        for item in _walk(row):
            key = item.get("key")
            if isinstance(key, str) and _KEY.match(key) and "weight" in item:
                source, rel_type, target = key.split("|")
                edges.setdefault(key, record.edge(source, target, rel_type, item))
            elif {"id", "name", "kind"} <= set(item) and isinstance(item.get("id"), str):
                nodes.setdefault(item["id"], record.actor_node(item))
    for e in edges.values():
        for end in (e.source, e.target):
            if end in nodes:
                continue
            found = store.resolve_actor(end) if store is not None else None
            nodes[end] = found or ActorNode(id=end, name=end, kind="state")
    return Subgraph(nodes=list(nodes.values()), edges=list(edges.values()))


def view_html(
    subgraph: Subgraph,
    store: GraphStore | None,
    title: str,
    *,
    focus: list[str] | None = None,
    height: int = VIEW_HEIGHT,
) -> str:
    """The rendered view of ``subgraph`` inside an iframe, for ``IPython.display.HTML``.

    ``srcdoc`` keeps the page's scripts and styles apart from the notebook's own.
    """
    from graphkit.render import render_subgraph
    from graphkit.view import collect_evidence

    evidence = collect_evidence(store, subgraph.edges) if store is not None else None
    page = render_subgraph(subgraph, evidence, title=title, focus=[f.strip() for f in focus or []])
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{height}px;border:1px solid #ddd" '
        'sandbox="allow-scripts allow-popups"></iframe>'
    )


# ------------------------------------------------------------------ library


ANALYST_MARK = "Analyst query:"


def library(include_store: bool = False) -> pd.DataFrame:
    """The shipped queries: name, purpose (from the header) and parameters.

    Analyst queries (headers starting ``// Analyst query:``) only, unless
    ``include_store``: the rest are the stores' own statements.
    """
    from graphkit.cypher_files import load_query, query_names, query_parameters

    rows = []
    for name in query_names():
        head = []
        for text in load_query(name).splitlines():
            if not text.lstrip().startswith("//"):
                break
            head.append(text.lstrip()[2:].strip())
        purpose = " ".join(head).split("Parameters:")[0].strip()
        analyst = purpose.startswith(ANALYST_MARK)
        if not (analyst or include_store):
            continue
        rows.append(
            {
                "name": name,
                "purpose": purpose.removeprefix(ANALYST_MARK).strip(),
                "parameters": ", ".join(f"${p}" for p in query_parameters(name)),
            }
        )
    return pd.DataFrame(rows, columns=["name", "purpose", "parameters"])


# -------------------------------------------------------------------- magics


def _unquote(text: str | None) -> str | None:
    """Magic arguments keep their quotes (``--title "A B"``); drop one matching pair."""
    if text and len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _arguments(*specs: Any) -> Any:
    """Several ``@argument`` lines as one decorator, in the order they are written."""

    def apply(func: Any) -> Any:
        for spec in reversed(specs):  # as stacked decorators apply: bottom first
            func = spec(func)
        return func

    return apply


# The options %%cypher and %cypher_library share: where the store and parameters come
# from, and what becomes of the answer.
_STORE_ARGUMENTS = _arguments(
    argument("--store", dest="store_var", help="name of a notebook variable holding a GraphStore"),
    argument("--params", help="name of a notebook variable holding a dict of parameters"),
)
_ANSWER_ARGUMENTS = _arguments(
    argument("--view", action="store_true", help="draw the answer's actors and relationships"),
    argument("--title", default=None, help="heading of the --view page"),
    argument("--focus", default=None, help="actor id(s) to emphasise in the view (a,b)"),
    argument("--timeout", type=float, default=10.0, help="seconds before the query is stopped"),
    argument("--row-cap", type=int, default=1000, help="most rows returned"),
    argument("-o", "--out", default=None, help="also assign the DataFrame to this variable"),
)


@magics_class
class CypherMagics(Magics):
    """``%%cypher``, ``%cypher_library`` and ``%cypher_connect``."""

    @magic_arguments()
    @_STORE_ARGUMENTS
    @argument("--write", action="store_true", help="allow writes (read-only otherwise)")
    @_ANSWER_ARGUMENTS
    @cell_magic
    def cypher(self, line: str, cell: str) -> pd.DataFrame:
        """Run the cell as Cypher and return the rows as a DataFrame."""
        args = parse_argstring(self.cypher, line)
        query = cell.strip()
        if not query:
            raise UsageError("the %%cypher cell is empty: write a Cypher query below the magic")
        return self._execute(query, args, _unquote(args.title) or "Cypher result")

    @magic_arguments()
    @argument("name", nargs="?", help="query to run; without it, list the analyst queries")
    @argument("--all", action="store_true", help="list the store's own queries too")
    @_STORE_ARGUMENTS
    @_ANSWER_ARGUMENTS
    @line_magic
    def cypher_library(self, line: str) -> pd.DataFrame:
        """List the shipped ``cypher/*.cypher`` queries, or run one (read-only)."""
        from graphkit.cypher_files import load_query

        args = parse_argstring(self.cypher_library, line)
        if not args.name:
            return library(include_store=args.all)
        try:
            query = load_query(args.name)
        except KeyError as exc:
            raise UsageError(f"{exc.args[0]}; %cypher_library lists them") from None
        args.write = False
        return self._execute(query, args, _unquote(args.title) or args.name)

    @magic_arguments()
    @argument("store_var", nargs="?", help="a notebook variable holding a GraphStore")
    @argument("--backend", choices=["neo4j", "memory"], default=None, help="GRAPHKIT_STORE")
    @argument("--uri", default=None, help="GRAPHKIT_NEO4J_URI")
    @argument("--user", default=None, help="GRAPHKIT_NEO4J_USER")
    @argument("--database", default=None, help="GRAPHKIT_NEO4J_DATABASE")
    @line_magic
    def cypher_connect(self, line: str) -> None:
        """Choose the store: a notebook variable, or settings from the environment."""
        args = parse_argstring(self.cypher_connect, line)
        if args.store_var:
            store = self._variable(args.store_var, self.shell.user_ns if self.shell else {})
            use_store(store, self.shell)
        else:
            try:
                store = connect(
                    self.shell,
                    store=args.backend,
                    neo4j_uri=args.uri,
                    neo4j_user=args.user,
                    neo4j_database=args.database,
                )
            except GraphkitError as exc:
                raise UsageError(str(exc)) from None
        print(f"graphkit: %%cypher now runs against the {store.name} store")

    # ----------------------------------------------------------- helpers
    def _execute(self, query: str, args: Any, title: str) -> pd.DataFrame:
        ns = self.shell.user_ns if self.shell is not None else {}
        store = self._store(args.store_var, ns)
        explicit = None
        if args.params:
            explicit = ns.get(args.params)
            if not isinstance(explicit, Mapping):
                raise UsageError(f"--params {args.params}: expected a dict variable")
        params = collect_parameters(query, explicit, ns)
        try:
            if args.write:
                rows = store.run_cypher(
                    query, params, write=True, timeout=args.timeout, row_cap=args.row_cap
                )
            else:
                from graphkit.query import run_cypher

                rows = run_cypher(store, query, params, timeout=args.timeout, row_cap=args.row_cap)
            if getattr(rows, "truncated", None):
                cap = f"{args.row_cap} rows" if rows.truncated == "rows" else "its byte cap"
                print(f"graphkit: the answer stopped at {cap}; there are more rows")
            frame = pd.DataFrame(rows)
            if args.view:
                from IPython.display import HTML, display

                focus = [f for f in (_unquote(args.focus) or "").split(",") if f.strip()]
                page = view_html(result_subgraph(rows, store), store, title, focus=focus)
                with warnings.catch_warnings():
                    # IPython suggests IFrame(src=...); a srcdoc iframe needs no file or server
                    warnings.filterwarnings("ignore", message="Consider using IPython.display")
                    display(HTML(page))
        except GraphkitError as exc:
            raise UsageError(str(exc)) from None
        if args.out:
            ns[args.out] = frame
        return frame

    def _store(self, var: str | None, ns: Mapping[str, Any]) -> GraphStore:
        if var:
            return self._variable(var, ns)
        try:
            return current_store(self.shell)
        except GraphkitError as exc:
            raise UsageError(
                f"{exc} (set GRAPHKIT_NEO4J_* before starting the notebook, or use %cypher_connect)"
            ) from None

    @staticmethod
    def _variable(var: str, ns: Mapping[str, Any]) -> GraphStore:
        value = ns.get(var)
        if not isinstance(value, GraphStore):
            raise UsageError(f"{var!r} is not a GraphStore variable in this notebook")
        return value
