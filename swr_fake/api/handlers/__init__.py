"""One module per resource; importing them registers their routes."""

from . import namespaces, permissions, repositories, retention, shares, sync, tags, triggers

__all__ = ["namespaces", "permissions", "repositories", "retention", "shares", "sync", "tags", "triggers"]
