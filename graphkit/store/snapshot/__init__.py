"""Snapshots of the graph for fast traversals, and the cache that keeps one current."""
