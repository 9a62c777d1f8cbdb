"""The kept tag orders: patched by bisection, they must always equal a fresh sort."""

from __future__ import annotations

import random

import pytest

from swr_fake.backend.indexes import TAG_ORDER_KEYS, TagIndex, TagOrder
from swr_fake.model import Tag

SLICES = [slice(None), slice(0, 3), slice(2, 7), slice(5, 2), slice(-3, None), slice(None, -2), slice(1, None, 2)]
SLICES += [slice(None, None, -1), slice(8, 1, -3), slice(100, 200), slice(-100, 2)]


def fresh(tags: dict[str, Tag], column: str, descending: bool) -> list[Tag]:
    return sorted(tags.values(), key=TAG_ORDER_KEYS[column], reverse=descending)


@pytest.mark.parametrize("seed", range(5))
def test_kept_orders_equal_a_fresh_sort_after_any_changes(seed: int) -> None:
    chance = random.Random(seed)
    index, tags = TagIndex(), {}
    next_id = iter(range(1, 10_000))

    def stamp() -> str:  # few distinct times, so that ties (broken by id) are common
        return f"2024-01-0{chance.randint(1, 3)}T00:00:00.000000Z"

    for step in range(300):
        if step % 40 == 0:  # ask for the orders now and then, so that some are kept and patched
            for column in TAG_ORDER_KEYS:
                for descending in (False, True):
                    assert list(index.ordered(tags, column, descending)) == fresh(tags, column, descending)
        name = f"t{chance.randint(0, 30)}"
        existing = tags.get(name)
        if existing is None:
            when = stamp()
            tags[name] = tag = Tag(next(next_id), name, "sha256:x", when, when)
            index.add(tag)
        elif chance.random() < 0.3:
            index.discard(existing)
            del tags[name]
        else:  # moved: its update time changes
            index.discard(existing)
            existing.updated = stamp()
            index.add(existing)
    for column in TAG_ORDER_KEYS:
        for descending in (False, True):
            view = index.ordered(tags, column, descending)
            expected = fresh(tags, column, descending)
            assert list(view) == expected and len(view) == len(expected)
            assert all(view[i] is expected[i] for i in range(-len(expected), len(expected)))
            for part in SLICES:
                assert view[part] == expected[part], part


def test_a_view_is_new_after_a_change_and_the_same_until_then() -> None:
    index = TagIndex()
    tags = {"a": Tag(1, "a", "sha256:x", "1", "1")}
    index.add(tags["a"])
    first = index.ordered(tags, "tag", True)
    assert index.ordered(tags, "tag", True) is first
    tags["b"] = Tag(2, "b", "sha256:x", "2", "2")
    index.add(tags["b"])
    assert index.ordered(tags, "tag", True) is not first
    with pytest.raises(IndexError):
        TagOrder([], reverse=True)[0]
