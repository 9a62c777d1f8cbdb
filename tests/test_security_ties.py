"""Under a frozen clock every push has the same timestamp: push order must still decide what
"most recently pushed" means, for retention and for the tag lists."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swr_fake import FakeSwr
from swr_fake.clock import FrozenClock

PUSHES = st.lists(st.sampled_from(["v1", "v2", "v3", "v4", "latest"]), min_size=1, max_size=12)


def _newest_first(pushes: list[str]) -> list[str]:
    """The distinct tags, most recently pushed first (the reference model)."""
    order: list[str] = []
    for tag in reversed(pushes):
        if tag not in order:
            order.append(tag)
    return order


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pushes=PUSHES, keep=st.integers(min_value=1, max_value=4))
def test_tag_rule_keeps_the_last_pushed_tags_under_a_frozen_clock(pushes: list[str], keep: int) -> None:
    swr = FakeSwr(clock=FrozenClock())
    swr.create_namespace("team")
    swr.create_repository("team", "app")
    rule = {"template": "tag_rule", "params": {"num": str(keep)}, "tag_selectors": []}
    swr.backend.create_retention(swr.backend.caller(swr.region), "team", "app", "or", [rule])
    for tag in pushes:
        swr.push_image("team", "app", tag, {"config": {"size": 1, "digest": f"sha256:{tag}{len(pushes)}"}})
    _, remaining = swr.backend.list_tags(swr.backend.caller(swr.region), "team", "app")
    assert [tag.name for tag in remaining] == _newest_first(pushes)[:keep]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pushes=PUSHES)
def test_tag_lists_order_equal_timestamps_by_push(pushes: list[str]) -> None:
    swr = FakeSwr(clock=FrozenClock())
    swr.create_namespace("team")
    for tag in pushes:
        swr.push_image("team", "app", tag)
    _, listed = swr.backend.list_tags(swr.backend.caller(swr.region), "team", "app")
    assert [tag.name for tag in listed] == _newest_first(pushes)


def test_re_pushing_a_tag_under_num_1_keeps_it() -> None:
    """The example from the break-it pass: v1, latest, a num=1 policy, then v1 again."""
    swr = FakeSwr(clock=FrozenClock())
    swr.create_namespace("team")
    rule = {"template": "tag_rule", "params": {"num": "1"}, "tag_selectors": []}
    swr.push_image("team", "app", "v1")
    swr.push_image("team", "app", "latest")
    swr.backend.create_retention(swr.backend.caller(swr.region), "team", "app", "or", [rule])
    swr.push_image("team", "app", "v1", {"config": {"size": 2}})  # v1 is older by id, newer by push
    _, remaining = swr.backend.list_tags(swr.backend.caller(swr.region), "team", "app")
    assert [tag.name for tag in remaining] == ["v1"]
