"""One module per resource; importing them registers their routes."""

from . import namespaces, permissions, repositories, retention, shares, tags, triggers, v1

__all__ = ["namespaces", "permissions", "repositories", "retention", "shares", "tags", "triggers", "v1"]
