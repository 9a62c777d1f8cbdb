"""The public hypothesis strategies: valid ones only make valid names, invalid ones only invalid
names, and both reach the interesting shapes and the length limits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from swr_fake import rules, strategies


def _reaches(strategy: st.SearchStrategy[str], condition: Callable[[str], bool]) -> str:
    # Finding one is the point; shrinking it would only cost time.
    return find(strategy, condition, settings=settings(max_examples=3000, database=None, phases=[Phase.generate]))


# --- every example is on the promised side -----------------------------------------------------
#
# The public invalid_* strategies are the _*_mutations below behind a filter; checking the
# mutations themselves shows that every one is wrong by construction and the filter idle.


@settings(deadline=None)
@given(name=strategies.valid_namespace_names())
def test_valid_namespace_names_are_valid_and_creatable(name: str) -> None:
    assert rules.is_valid_namespace(name), name
    assert not rules.is_reserved_namespace(name)


@settings(deadline=None)
@given(name=strategies._namespace_mutations())
def test_invalid_namespace_names_are_invalid_even_without_the_safety_net(name: str) -> None:
    assert not rules.is_valid_namespace(name), name
    assert rules.namespace_violation(name) is not None


@settings(deadline=None)
@given(name=strategies.valid_repository_names())
def test_valid_repository_names_are_valid(name: str) -> None:
    assert rules.is_valid_repository(name), name


@settings(deadline=None)
@given(name=strategies._repository_mutations())
def test_invalid_repository_names_are_invalid_even_without_the_safety_net(name: str) -> None:
    assert not rules.is_valid_repository(name), name
    assert rules.repository_violation(name) is not None


@settings(deadline=None)
@given(name=strategies.valid_tag_names())
def test_valid_tag_names_are_valid(name: str) -> None:
    assert rules.is_valid_tag(name), name


@settings(deadline=None)
@given(name=strategies._tag_mutations())
def test_invalid_tag_names_are_invalid_even_without_the_safety_net(name: str) -> None:
    assert not rules.is_valid_tag(name), name
    assert rules.tag_violation(name) is not None


# --- the valid strategies reach both length limits and the usual shapes --------------------------

VALID = [
    (strategies.valid_namespace_names, rules.NAMESPACE_MAX_LEN),
    (strategies.valid_repository_names, rules.REPOSITORY_MAX_LEN),
    (strategies.valid_tag_names, rules.TAG_MAX_LEN),
]


@pytest.mark.parametrize(("strategy", "limit"), VALID, ids=["namespace", "repository", "tag"])
def test_valid_names_reach_both_length_limits(strategy: Callable[[], st.SearchStrategy[str]], limit: int) -> None:
    assert len(_reaches(strategy(), lambda name: len(name) == limit)) == limit
    assert len(_reaches(strategy(), lambda name: len(name) == 1)) == 1


@pytest.mark.parametrize(
    "shape",
    [
        lambda name: "--" in name,
        lambda name: "__" in name and "___" not in name,
        lambda name: "." in name,
        lambda name: "-" in name and "--" not in name,
        lambda name: "_" in name and "__" not in name,
        lambda name: len(name) == rules.NAMESPACE_MAX_LEN and any(char in "._-" for char in name),
        lambda name: name[-1].isdigit(),
    ],
    ids=["dashes", "double-underscore", "dot", "dash", "underscore", "long-with-separators", "digit-last"],
)
def test_valid_namespace_names_have_the_usual_shapes(shape: Callable[[str], bool]) -> None:
    _reaches(strategies.valid_namespace_names(), shape)


@pytest.mark.parametrize(
    "shape",
    [
        lambda name: "/" in name,
        lambda name: name.count("/") >= 2,
        lambda name: name[0].isdigit(),
        lambda name: "__" in name,
        lambda name: "--" in name,
        lambda name: "." in name and "/" in name,
    ],
    ids=["path", "deep-path", "digit-first", "double-underscore", "dashes", "dot-and-path"],
)
def test_valid_repository_names_have_the_usual_shapes(shape: Callable[[str], bool]) -> None:
    _reaches(strategies.valid_repository_names(), shape)


@pytest.mark.parametrize(
    "shape",
    [
        lambda name: any(char.isupper() for char in name),
        lambda name: name[0] == "_",
        lambda name: name[-1] in ".-",
        lambda name: ".." in name,
    ],
    ids=["uppercase", "underscore-first", "separator-last", "double-dot"],
)
def test_valid_tag_names_have_the_usual_shapes(shape: Callable[[str], bool]) -> None:
    _reaches(strategies.valid_tag_names(), shape)


# --- the invalid strategies are near misses of many kinds ---------------------------------------


def _reasons_reached(
    strategy: st.SearchStrategy[str], violation: Callable[[object], str | None], reasons: list[str]
) -> None:
    for reason in reasons:

        def breaks(name: str, reason: str = reason) -> bool:
            return (violation(name) or "").startswith(reason)

        assert breaks(_reaches(strategy, breaks))


def test_invalid_namespace_names_break_every_rule() -> None:
    _reasons_reached(
        strategies.invalid_namespace_names(),
        rules.namespace_violation,
        [
            "must not be empty",
            "at most 64 characters",
            "only lowercase letters",
            "must start with a lowercase letter",
            "must end with a lowercase letter or digit",
            "at most two consecutive underscores",
            "separators '.', '_' and '-' may not be next to each other",
        ],
    )


def test_invalid_repository_names_break_every_rule() -> None:
    _reasons_reached(
        strategies.invalid_repository_names(),
        rules.repository_violation,
        [
            "must not be empty",
            "at most 128 characters",
            "only lowercase letters",
            "must start with a lowercase letter or digit",
            "must end with a lowercase letter or digit",
            "at most two consecutive underscores",
            "separators '.', '/', '_' and '-' may not be next to each other",
        ],
    )


def test_invalid_tag_names_break_every_rule() -> None:
    _reasons_reached(
        strategies.invalid_tag_names(),
        rules.tag_violation,
        [
            "must not be empty",
            "at most 128 characters",
            "only letters, digits",
            "must start with a letter, digit or underscore",
        ],
    )


def _only_too_long(valid: Callable[[object], bool], limit: int) -> Callable[[str], bool]:
    """One character too many, and nothing else wrong: without its last or next-to-last
    character the name would be valid."""
    return lambda name: len(name) == limit + 1 and valid(name[:limit]) and valid(name[: limit - 1] + name[-1])


@pytest.mark.parametrize(
    ("strategy", "condition"),
    [
        (strategies.invalid_namespace_names, _only_too_long(rules.is_valid_namespace, rules.NAMESPACE_MAX_LEN)),
        (strategies.invalid_namespace_names, lambda name: name.endswith("\n") and rules.is_valid_namespace(name[:-1])),
        (strategies.invalid_namespace_names, lambda name: "/" in name),
        (strategies.invalid_namespace_names, lambda name: name[:1].isdigit() and rules.is_valid_namespace(name[1:])),
        (strategies.invalid_namespace_names, lambda name: any(char.isupper() for char in name)),
        (strategies.invalid_namespace_names, lambda name: not name.isascii()),
        (strategies.invalid_namespace_names, lambda name: any(char.isspace() for char in name[:-1])),
        (strategies.invalid_repository_names, _only_too_long(rules.is_valid_repository, rules.REPOSITORY_MAX_LEN)),
        (strategies.invalid_repository_names, lambda name: any(run in name for run in ("//", "/-", "-/", "/.", "./"))),
        (strategies.invalid_repository_names, lambda name: name.startswith("/") or name.endswith("/")),
        (strategies.invalid_repository_names, lambda name: name.endswith("\n")),
        (strategies.invalid_tag_names, _only_too_long(rules.is_valid_tag, rules.TAG_MAX_LEN)),
        (strategies.invalid_tag_names, lambda name: name.endswith("\n") and rules.is_valid_tag(name[:-1])),
        (strategies.invalid_tag_names, lambda name: "/" in name or ":" in name),
    ],
    ids=[
        "namespace-65",
        "namespace-newline",
        "namespace-slash",
        "namespace-digit-first",
        "namespace-uppercase",
        "namespace-non-ascii",
        "namespace-whitespace",
        "repository-129",
        "repository-slash-next-to-a-separator",
        "repository-slash-at-an-end",
        "repository-newline",
        "tag-129",
        "tag-newline",
        "tag-reference-punctuation",
    ],
)
def test_invalid_names_include_the_classic_mistakes(
    strategy: Callable[[], st.SearchStrategy[str]], condition: Callable[[str], bool]
) -> None:
    _reaches(strategy(), condition)
