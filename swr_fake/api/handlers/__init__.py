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
    v1,
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
    "v1",
    "versions",
]
