"""One module per resource; importing them registers their routes."""

from . import (
    accessories,
    account,
    namespaces,
    permissions,
    repositories,
    retention,
    shares,
    sync,
    tags,
    triggers,
    versions,
)

__all__ = [
    "accessories",
    "account",
    "namespaces",
    "permissions",
    "repositories",
    "retention",
    "shares",
    "sync",
    "tags",
    "triggers",
    "versions",
]
