"""Derived data the backend keeps between requests, outside the records.

The records in ``swr_fake.model`` hold facts only. What is derived from them and kept for
speed lives here, owned by the backend and dropped with it on ``reset()``:

- ``TagIndex``: one repository's tags in each order, sorted once, then patched by bisection
  when a tag changes (a re-sort of 100,000 tags took 24 ms on the bench machine);
- ``RepoOrders``: each account's repositories in each order, rebuilt after any change.

Every entry is checked against, or dropped on, the change it depends on; the only places that
change tags (``TagOps._set_tag`` / ``_remove_tag``) and repositories (``RepositoryOps``) report
to these indexes. ``tests/test_list_caches.py`` compares every listing with a from-scratch one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from ..model import Repository, Tag

# Tag orders: by ``(column value, id)``; ids are unique, so the descending order is exactly the
# ascending one reversed, and one ascending list per column serves both directions.
TAG_ORDER_KEYS: dict[str, Callable[[Tag], Any]] = {
    # Equal times (a frozen clock) fall back to the order of pushes, as a moving clock would give.
    "updated_at": lambda tag: (tag.updated, tag.pushed, tag.id),
    "created_at": lambda tag: (tag.created, tag.id),
    "tag": lambda tag: (tag.name, tag.id),
}

RepoOrderKey = tuple[str, str, str | None, str, bool]  # region, domain id, namespace, column, descending


class TagOrder(Sequence[Tag]):
    """A read-only view of one kept order, ascending or reversed, made in O(1).

    A new view is made after every change to the tags, so its identity tells whether what a
    caller derived from it is still current; its content is valid until that change (it reads
    the kept list, which is patched in place).
    """

    __slots__ = ("_tags", "_reverse")

    def __init__(self, tags: list[Tag], reverse: bool) -> None:
        self._tags = tags
        self._reverse = reverse

    def __len__(self) -> int:
        return len(self._tags)

    def __iter__(self) -> Iterator[Tag]:
        return reversed(self._tags) if self._reverse else iter(self._tags)

    @overload
    def __getitem__(self, index: int) -> Tag: ...

    @overload
    def __getitem__(self, index: slice) -> list[Tag]: ...

    def __getitem__(self, index: int | slice) -> Tag | list[Tag]:
        tags, count = self._tags, len(self._tags)
        if not self._reverse:
            return tags[index]
        if isinstance(index, slice):
            start, stop, step = index.indices(count)
            if step != 1:
                return [tags[count - 1 - i] for i in range(start, stop, step)]
            chosen = tags[count - stop : count - start] if stop > start else []
            chosen.reverse()
            return chosen
        if not -count <= index < count:
            raise IndexError("tag order index out of range")
        return tags[count - 1 - index % count]


class TagIndex:
    """One repository's tags sorted per column, plus room for the API layer's encodings.

    ``ordered(column, descending)`` returns a ``TagOrder`` that stays the same object until the
    tags change: callers may keep work derived from a page and reuse it while ``ordered``
    returns that very object. ``memo`` is opaque to the backend: the views keep their encoded
    tag items and pages there (bounded by them), so those go away with the repository or on
    ``reset()``.
    """

    __slots__ = ("_ascending", "_views", "memo")

    def __init__(self) -> None:
        self._ascending: dict[str, list[Tag]] = {}
        self._views: dict[tuple[str, bool], TagOrder] = {}
        self.memo: dict[Any, Any] = {}

    def ordered(self, tags: dict[str, Tag], column: str, descending: bool) -> TagOrder:
        """Every tag of ``tags`` in the order of ``column`` (a key of ``TAG_ORDER_KEYS``)."""
        found = self._views.get((column, descending))
        if found is not None:
            return found
        ascending = self._ascending.get(column)
        if ascending is None:
            ascending = self._ascending[column] = sorted(tags.values(), key=TAG_ORDER_KEYS[column])
        found = self._views[(column, descending)] = TagOrder(ascending, descending)
        return found

    def add(self, tag: Tag) -> None:
        """A tag is new, or has just changed what it sorts by (after ``discard``): insert it into
        each kept order by bisection, which costs far less than a re-sort of a large repository."""
        self._views.clear()
        for column, ascending in self._ascending.items():
            bisect.insort(ascending, tag, key=TAG_ORDER_KEYS[column])

    def discard(self, tag: Tag) -> None:
        """Take a tag out of each kept order; call it *before* the tag changes or goes away, while
        its place in each order is still what its fields say."""
        self._views.clear()
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
