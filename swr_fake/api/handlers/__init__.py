"""One module per resource; importing them registers their routes."""

from . import account, namespaces, permissions, repositories, retention, shares, sync, tags, triggers

__all__ = ["account", "namespaces", "permissions", "repositories", "retention", "shares", "sync", "tags", "triggers"]
