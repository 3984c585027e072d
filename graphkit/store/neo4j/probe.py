"""Does a Neo4j answer on Bolt with these credentials? (For ``graphkit neo4j start|status``.)

Kept apart from the store so that checking a server never needs the graph schema, and so
that ``graphkit.server`` (which must not import the driver) has a Bolt check to rely on.
"""

from __future__ import annotations

from typing import Any

import neo4j
from neo4j.exceptions import AuthError as DriverAuthError
from neo4j.exceptions import ConfigurationError, DriverError, Neo4jError, ServiceUnavailable

from graphkit.errors import AuthError, ConfigError, StoreUnavailable


def open_driver(uri: str, user: str, password: str, timeout: float, **extra: Any) -> neo4j.Driver:
    """A driver to ``uri`` whose every wait (connecting, a pooled connection) is ``timeout``.

    Raises:
        ConfigError: the URI is malformed (names ``GRAPHKIT_NEO4J_URI``).
    """
    try:
        return neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=timeout,
            # the default is 60 s: a pool waiting on a server that does not answer
            # held requests that long
            connection_acquisition_timeout=timeout,
            **extra,
        )
    except (ConfigurationError, ValueError) as exc:
        raise ConfigError(
            f"Invalid Neo4j URI {uri!r}: {exc}", setting="GRAPHKIT_NEO4J_URI"
        ) from exc


def server_agent(uri: str, user: str, password: str | None, *, timeout: float = 5.0) -> str:
    """Connect and log in, returning the server's agent string (e.g. ``Neo4j/5.26.30``).

    Args:
        uri: Bolt URI, e.g. ``bolt://127.0.0.1:7687``.
        user: user name.
        password: password; None means none is configured or stored.
        timeout: seconds for the TCP connection and the login.

    Raises:
        AuthError: no password, or Neo4j refused it (names ``GRAPHKIT_NEO4J_PASSWORD``).
        ConfigError: the URI is malformed (names ``GRAPHKIT_NEO4J_URI``).
        StoreUnavailable: nothing answers Bolt at ``uri``.
    """
    if not password:
        raise AuthError(
            f"no password for {user} at {uri}: set it, or start the local Neo4j once "
            "(`graphkit neo4j start`) so it writes one to its auth.json",
            setting="GRAPHKIT_NEO4J_PASSWORD",
        )
    driver = open_driver(uri, user, password, timeout, max_connection_pool_size=1)
    try:
        return str(driver.get_server_info().agent)
    except DriverAuthError:
        raise AuthError(
            f"Neo4j at {uri} refused the password for user {user!r}",
            setting="GRAPHKIT_NEO4J_PASSWORD",
        ) from None
    except (ServiceUnavailable, OSError) as exc:
        raise StoreUnavailable(f"no Neo4j answers at {uri}: {exc}") from None
    except (Neo4jError, DriverError) as exc:
        raise StoreUnavailable(f"Neo4j at {uri} did not accept the connection: {exc}") from None
    finally:
        driver.close()


def bolt_answers(uri: str, user: str, password: str | None, *, timeout: float = 5.0) -> bool:
    """True if a Neo4j answers at ``uri`` and accepts these credentials."""
    try:
        server_agent(uri, user, password, timeout=timeout)
    except (ConfigError, StoreUnavailable):
        return False
    return True
