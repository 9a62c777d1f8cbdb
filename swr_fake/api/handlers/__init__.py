"""One module per resource; importing them registers their routes."""

from . import namespaces, permissions, repositories, shares, tags

__all__ = ["namespaces", "permissions", "repositories", "shares", "tags"]
