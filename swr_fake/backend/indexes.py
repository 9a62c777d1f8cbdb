"""Derived data the backend keeps between requests, outside the records.

The records in ``swr_fake.model`` hold facts only. What is derived from them and kept for
speed lives here, owned by the backend and dropped with it on ``reset()``:

- ``TagIndex``: one repository's tags in each order, rebuilt or patched when a tag changes;
- ``RepoOrders``: each account's repositories in each order, rebuilt after any change.

Every entry is checked against, or dropped on, the change it depends on; the only places that
change tags (``TagOps._set_tag`` / ``_remove_tag``) and repositories (``RepositoryOps``) report
to these indexes. ``tests/test_list_caches.py`` compares every listing with a from-scratch one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from ..model import Repository, Tag

# Tag orders: by ``(column value, id)``; ids are unique, so the descending order is exactly the
# ascending one reversed, and one ascending list per column serves both directions.
TAG_ORDER_KEYS: dict[str, Callable[[Tag], Any]] = {
    "updated_at": lambda tag: (tag.updated, tag.id),
    "created_at": lambda tag: (tag.created, tag.id),
    "tag": lambda tag: (tag.name, tag.id),
}

RepoOrderKey = tuple[str, str, str | None, str, bool]  # region, domain id, namespace, column, descending


class TagIndex:
    """One repository's tags sorted per column, plus room for the API layer's encodings.

    ``ordered(column, descending)`` returns a tuple that stays the same object until the tags
    change: callers may keep work derived from a page and reuse it while ``ordered`` returns
    that very tuple. ``memo`` is opaque to the backend: the views keep their encoded tag items
    and pages there (bounded by them), so those go away with the repository or on ``reset()``.
    """

    __slots__ = ("_ascending", "_tuples", "memo")

    def __init__(self) -> None:
        self._ascending: dict[str, list[Tag]] = {}
        self._tuples: dict[tuple[str, bool], tuple[Tag, ...]] = {}
        self.memo: dict[Any, Any] = {}

    def ordered(self, tags: dict[str, Tag], column: str, descending: bool) -> tuple[Tag, ...]:
        """Every tag of ``tags`` in the order of ``column`` (a key of ``TAG_ORDER_KEYS``)."""
        found = self._tuples.get((column, descending))
        if found is not None:
            return found
        ascending = self._ascending.get(column)
        if ascending is None:
            ascending = self._ascending[column] = sorted(tags.values(), key=TAG_ORDER_KEYS[column])
        found = self._tuples[(column, descending)] = tuple(reversed(ascending) if descending else ascending)
        return found

    def add(self, tag: Tag) -> None:
        """A tag is new, or has just changed what it sorts by (after ``discard``): insert it into
        each kept order by bisection, which costs far less than a re-sort of a large repository."""
        self._tuples.clear()
        for column, ascending in self._ascending.items():
            bisect.insort(ascending, tag, key=TAG_ORDER_KEYS[column])

    def discard(self, tag: Tag) -> None:
        """Take a tag out of each kept order; call it *before* the tag changes or goes away, while
        its place in each order is still what its fields say."""
        self._tuples.clear()
        for column, ascending in list(self._ascending.items()):
            key = TAG_ORDER_KEYS[column]
            index = bisect.bisect_left(ascending, key(tag), key=key)
            if index < len(ascending) and ascending[index] is tag:
                del ascending[index]
            else:  # not where it should be (changed without ``discard`` first): sort again when asked
                del self._ascending[column]


class RepoOrders:
    """Each account's repositories in each order (tuples shared until the next change).

    ``changed()`` must follow every change to which repositories exist or to what they sort by:
    their creation or deletion, their tags, their settings and update time.
    """

    __slots__ = ("_orders", "version")

    def __init__(self) -> None:
        self.version = 0
        self._orders: dict[RepoOrderKey, tuple[Repository, ...]] = {}

    def changed(self) -> None:
        self.version += 1
        self._orders.clear()

    def get(self, key: RepoOrderKey) -> tuple[Repository, ...] | None:
        return self._orders.get(key)

    def keep(self, key: RepoOrderKey, ordered: tuple[Repository, ...]) -> tuple[Repository, ...]:
        self._orders[key] = ordered
        return ordered
