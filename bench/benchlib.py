"""What every benchmark script shares: printing its figures."""

from __future__ import annotations

from collections.abc import Mapping


def print_results(results: Mapping[str, object]) -> None:
    """Print ``results`` one ``key  value`` line each, keys aligned."""
    width = max((len(k) for k in results), default=0)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
