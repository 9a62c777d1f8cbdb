"""The naming rules: example tables at every boundary, and properties against an independent oracle.

The oracle is a character-by-character state machine, so that a mistake in the regexes of
``swr_fake.rules`` cannot be repeated here by copying them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from swr_fake import rules

LOWER = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"

# --- the oracle ------------------------------------------------------------------------------
#
# States of a docker-style name: START (nothing read), WORD (last read a letter or digit),
# ONE (after a single '.' or '/'), US1 and US2 (after one or two '_'), DASH (after any '-').
# Only WORD may end a name; a separator may only be followed by what its state allows.
_SEPARATOR_MOVES = {
    "WORD": {".": "ONE", "/": "ONE", "_": "US1", "-": "DASH"},
    "US1": {"_": "US2"},
    "DASH": {"-": "DASH"},
}


def _docker_name(name: object, *, max_len: int, first: str, separators: str) -> bool:
    if not isinstance(name, str) or not 1 <= len(name) <= max_len:
        return False
    state = "START"
    for char in name:
        if char in LOWER or char in DIGITS:
            if state == "START" and char not in first:
                return False
            state = "WORD"
        elif char in separators and char in _SEPARATOR_MOVES.get(state, {}):
            state = _SEPARATOR_MOVES[state][char]
        else:
            return False
    return state == "WORD"


def oracle_namespace(name: object) -> bool:
    return _docker_name(name, max_len=64, first=LOWER, separators="._-")


def oracle_repository(name: object) -> bool:
    return _docker_name(name, max_len=128, first=LOWER + DIGITS, separators="._-/")


def _simple_name(name: object, *, max_len: int, first: str, rest: str) -> bool:
    if not isinstance(name, str) or not 1 <= len(name) <= max_len:
        return False
    return name[0] in first and all(char in rest for char in name[1:])


def oracle_tag(name: object) -> bool:
    letters = LOWER + LOWER.upper() + DIGITS + "_"
    return _simple_name(name, max_len=128, first=letters, rest=letters + ".-")


def oracle_trigger(name: object) -> bool:
    letters = LOWER + LOWER.upper()
    return _simple_name(name, max_len=64, first=letters, rest=letters + DIGITS + "_-")


# --- example tables --------------------------------------------------------------------------

VALID_NAMESPACES = [
    "a",
    "z9",
    "a" * 64,
    "a" + "0" * 63,
    "a-" + "b" * 62,
    "a.b",
    "x.y",
    "a_b",
    "a__b",
    "a-b",
    "a--b",
    "a-----b",
    "a.b_c-d__e--f",
    "team-a",
    "a1.2",
    "library",  # well-formed; reserved is a separate question
]

INVALID_NAMESPACES = [
    ("", "must not be empty"),
    ("a" * 65, "at most 64 characters"),
    ("a-" + "b" * 63, "at most 64 characters"),
    ("1abc", "must start with a lowercase letter"),
    ("0", "must start with a lowercase letter"),
    ("_a", "must start with a lowercase letter"),
    (".a", "must start with a lowercase letter"),
    ("-a", "must start with a lowercase letter"),
    ("a-", "must end with a lowercase letter or digit"),
    ("a.", "must end with a lowercase letter or digit"),
    ("a_", "must end with a lowercase letter or digit"),
    ("a__", "must end with a lowercase letter or digit"),
    ("a___b", "at most two consecutive underscores"),
    ("a____b", "at most two consecutive underscores"),
    ("a..b", "separators '.', '_' and '-' may not be next to each other"),
    ("a._b", "separators '.', '_' and '-' may not be next to each other"),
    ("a_.b", "separators '.', '_' and '-' may not be next to each other"),
    ("a-_b", "separators '.', '_' and '-' may not be next to each other"),
    ("a_-b", "separators '.', '_' and '-' may not be next to each other"),
    ("a.-b", "separators '.', '_' and '-' may not be next to each other"),
    ("a-.b", "separators '.', '_' and '-' may not be next to each other"),
    ("a__-b", "separators '.', '_' and '-' may not be next to each other"),
    ("A", "only lowercase letters, digits, '.', '_' and '-' are allowed, not 'A'"),
    ("aB", "only lowercase letters, digits, '.', '_' and '-' are allowed, not 'B'"),
    ("a/b", "only lowercase letters, digits, '.', '_' and '-' are allowed, not '/'"),
    ("a b", "only lowercase letters, digits, '.', '_' and '-' are allowed, not ' '"),
    ("a\n", "only lowercase letters, digits, '.', '_' and '-' are allowed, not '\\n'"),
    ("\na", "only lowercase letters, digits, '.', '_' and '-' are allowed, not '\\n'"),
    ("é", "only lowercase letters, digits, '.', '_' and '-' are allowed, not 'é'"),
    ("a٣", "only lowercase letters, digits, '.', '_' and '-' are allowed, not '٣'"),
    ("a$b", "only lowercase letters, digits, '.', '_' and '-' are allowed, not '$'"),
    ("a:b", "only lowercase letters, digits, '.', '_' and '-' are allowed, not ':'"),
]

VALID_REPOSITORIES = [
    "a",
    "1",
    "0abc",
    "a" * 128,
    "9" * 128,
    "app/" + "w" * 124,
    "app/web",
    "team/app/web",
    "a.b",
    "a_b",
    "a__b",
    "a--b",
    "a.b/c_d-e__f",
    "9/9",
    "library",
]

INVALID_REPOSITORIES = [
    ("", "must not be empty"),
    ("a" * 129, "at most 128 characters"),
    ("app/" + "w" * 125, "at most 128 characters"),
    ("/app", "must start with a lowercase letter or digit"),
    ("-a", "must start with a lowercase letter or digit"),
    ("_a", "must start with a lowercase letter or digit"),
    (".a", "must start with a lowercase letter or digit"),
    ("my-app/", "must end with a lowercase letter or digit"),
    ("a-", "must end with a lowercase letter or digit"),
    ("a___b", "at most two consecutive underscores"),
    ("app//web", "separators '.', '/', '_' and '-' may not be next to each other"),
    ("app/-web", "separators '.', '/', '_' and '-' may not be next to each other"),
    ("app-/web", "separators '.', '/', '_' and '-' may not be next to each other"),
    ("a/.b", "separators '.', '/', '_' and '-' may not be next to each other"),
    ("a/_b", "separators '.', '/', '_' and '-' may not be next to each other"),
    ("a._b", "separators '.', '/', '_' and '-' may not be next to each other"),
    ("a..b", "separators '.', '/', '_' and '-' may not be next to each other"),
    ("App", "only lowercase letters, digits, '.', '/', '_' and '-' are allowed, not 'A'"),
    ("a b", "only lowercase letters, digits, '.', '/', '_' and '-' are allowed, not ' '"),
    ("a\n", "only lowercase letters, digits, '.', '/', '_' and '-' are allowed, not '\\n'"),
    ("a:b", "only lowercase letters, digits, '.', '/', '_' and '-' are allowed, not ':'"),
    ("a$b", "only lowercase letters, digits, '.', '/', '_' and '-' are allowed, not '$'"),
    ("ünicode", "only lowercase letters, digits, '.', '/', '_' and '-' are allowed, not 'ü'"),
]

VALID_TAGS = [
    "latest",
    "v1.0.0",
    "V1",
    "_",
    "a",
    "0",
    "A" * 128,
    "_" + "." * 127,
    "1.0-rc_1",
    "a..b",
    "a--",
    "a.",
    "_.-",
]

INVALID_TAGS = [
    ("", "must not be empty"),
    ("A" * 129, "at most 128 characters"),
    (".a", "must start with a letter, digit or underscore"),
    ("-a", "must start with a letter, digit or underscore"),
    ("a b", "only letters, digits, '_', '.' and '-' are allowed, not ' '"),
    ("a/b", "only letters, digits, '_', '.' and '-' are allowed, not '/'"),
    ("a:b", "only letters, digits, '_', '.' and '-' are allowed, not ':'"),
    ("a@b", "only letters, digits, '_', '.' and '-' are allowed, not '@'"),
    ("a+b", "only letters, digits, '_', '.' and '-' are allowed, not '+'"),
    ("a\n", "only letters, digits, '_', '.' and '-' are allowed, not '\\n'"),
    ("é", "only letters, digits, '_', '.' and '-' are allowed, not 'é'"),
]

VALID_TRIGGERS = ["a", "A", "a" * 64, "Z" + "9" * 63, "a-b_c9", "Z_", "deploy-web"]
INVALID_TRIGGERS = ["", "a" * 65, "1a", "_a", "-a", "a.b", "a b", "a\n", "é", "aé", "a/b"]

NOT_STRINGS: list[object] = [None, 1, 1.5, b"abc", ["abc"], ("a",), {"a": 1}, object()]


@pytest.mark.parametrize("name", VALID_NAMESPACES)
def test_valid_namespaces(name: str) -> None:
    assert rules.is_valid_namespace(name)
    assert rules.namespace_violation(name) is None


@pytest.mark.parametrize(("name", "reason"), INVALID_NAMESPACES)
def test_invalid_namespaces(name: str, reason: str) -> None:
    assert not rules.is_valid_namespace(name)
    assert rules.namespace_violation(name) == reason


def test_library_is_well_formed_but_reserved() -> None:
    assert rules.is_valid_namespace("library")
    assert rules.is_reserved_namespace("library")
    assert rules.namespace_violation("library") is None
    for name in ("library2", "my-library", "libraries", "Library", "librar", ""):
        assert not rules.is_reserved_namespace(name)


@pytest.mark.parametrize("name", VALID_REPOSITORIES)
def test_valid_repositories(name: str) -> None:
    assert rules.is_valid_repository(name)
    assert rules.repository_violation(name) is None


@pytest.mark.parametrize(("name", "reason"), INVALID_REPOSITORIES)
def test_invalid_repositories(name: str, reason: str) -> None:
    assert not rules.is_valid_repository(name)
    assert rules.repository_violation(name) == reason


@pytest.mark.parametrize("name", VALID_TAGS)
def test_valid_tags(name: str) -> None:
    assert rules.is_valid_tag(name)
    assert rules.tag_violation(name) is None


@pytest.mark.parametrize(("name", "reason"), INVALID_TAGS)
def test_invalid_tags(name: str, reason: str) -> None:
    assert not rules.is_valid_tag(name)
    assert rules.tag_violation(name) == reason


@pytest.mark.parametrize("name", VALID_TRIGGERS)
def test_valid_trigger_names(name: str) -> None:
    assert rules.is_valid_trigger_name(name)


@pytest.mark.parametrize("name", INVALID_TRIGGERS)
def test_invalid_trigger_names(name: str) -> None:
    assert not rules.is_valid_trigger_name(name)


@pytest.mark.parametrize("value", NOT_STRINGS, ids=lambda value: type(value).__name__)
def test_non_strings_are_invalid_without_raising(value: object) -> None:
    assert not rules.is_valid_namespace(value)
    assert not rules.is_valid_repository(value)
    assert not rules.is_valid_tag(value)
    assert not rules.is_valid_trigger_name(value)
    assert rules.namespace_violation(value) == "must be a string"
    assert rules.repository_violation(value) == "must be a string"
    assert rules.tag_violation(value) == "must be a string"


def test_the_limits_are_the_documented_ones() -> None:
    assert (rules.NAMESPACE_MAX_LEN, rules.REPOSITORY_MAX_LEN, rules.TAG_MAX_LEN, rules.TRIGGER_NAME_MAX_LEN) == (
        64,
        128,
        128,
        64,
    )
    assert frozenset({"library"}) == rules.RESERVED_NAMESPACES


def test_the_oracle_agrees_with_the_tables() -> None:
    """The oracle is only worth comparing against if it gets the hand-checked examples right."""
    assert all(oracle_namespace(name) for name in VALID_NAMESPACES)
    assert not any(oracle_namespace(name) for name, _ in INVALID_NAMESPACES)
    assert all(oracle_repository(name) for name in VALID_REPOSITORIES)
    assert not any(oracle_repository(name) for name, _ in INVALID_REPOSITORIES)
    assert all(oracle_tag(name) for name in VALID_TAGS)
    assert not any(oracle_tag(name) for name, _ in INVALID_TAGS)
    assert all(oracle_trigger(name) for name in VALID_TRIGGERS)
    assert not any(oracle_trigger(name) for name in INVALID_TRIGGERS)


# --- properties against the oracle -----------------------------------------------------------

# Plain text over the relevant characters plus a few that are never allowed.
NAME_TEXT = st.text(alphabet="abz09._-/A \n\té$", max_size=140)
TAG_TEXT = st.text(alphabet="aZ09_.-/: \né", max_size=140)
TRIGGER_TEXT = st.text(alphabet="aZ09_-.é", max_size=80)

# Random text is nearly always invalid, so also build names that are mostly right: words
# joined by separator runs, often repeated and cut at a length next to the limit, and then
# as often as not spoilt: one run swapped for a wrong one, or one stray character inserted
# anywhere. The oracle alone decides which of them are valid.
LOWER_WORDS = st.text(alphabet="abcxyz09", min_size=1, max_size=20)
MIXED_WORDS = st.text(alphabet="aZ09_", min_size=1, max_size=20)
WRONG_RUNS = ["___", "..", "...", "._", "_.", "-_", "_-", ".-", "-.", "//", "/-", "./", "/", "__-", ""]
STRAYS = [".", "_", "-", "/", "1", "A", " ", "\n", "é", "$", ":"]


@st.composite
def near_names(draw: st.DrawFn, words: st.SearchStrategy[str], runs: list[str], limit: int) -> str:
    pieces = [draw(words)]
    for run, word in draw(st.lists(st.tuples(st.sampled_from(runs), words), max_size=12)):
        pieces += [run, word]
    spoil = draw(st.sampled_from(["no", "run", "stray"]))
    if spoil == "run" and len(pieces) > 1:
        pieces[draw(st.integers(0, len(pieces) // 2 - 1)) * 2 + 1] = draw(st.sampled_from(WRONG_RUNS))
    name = "".join(pieces)
    if draw(st.booleans()):
        # Repeat and cut to a length next to the limit, ending on a letter.
        length = draw(st.sampled_from([limit - 1, limit, limit + 1]))
        name = (name * length)[: length - 1] + "x"
    if spoil == "stray":
        where = draw(st.integers(0, len(name)))
        name = name[:where] + draw(st.sampled_from(STRAYS)) + name[where:]
    return name


NAMESPACES = st.one_of(NAME_TEXT, near_names(LOWER_WORDS, [".", "_", "__", "-", "--", "---"], limit=64))
REPOSITORIES = st.one_of(NAME_TEXT, near_names(LOWER_WORDS, [".", "_", "__", "-", "--", "/", "/"], limit=128))
TAGS = st.one_of(TAG_TEXT, near_names(MIXED_WORDS, [".", "-", "..", "_-"], limit=128))
TRIGGER_NAMES = st.one_of(TRIGGER_TEXT, near_names(MIXED_WORDS, ["-", "_", "--"], limit=64))
ANY_NAMES = st.one_of(NAMESPACES, REPOSITORIES, TAGS, TRIGGER_NAMES)


def _reaches(strategy: st.SearchStrategy[str], condition: Callable[[str], bool]) -> None:
    # Finding one is the point; shrinking it would only cost time.
    find(strategy, condition, settings=settings(max_examples=5000, database=None, phases=[Phase.generate]))


@pytest.mark.parametrize(
    ("names", "oracle", "limit"),
    [
        (NAMESPACES, oracle_namespace, 64),
        (REPOSITORIES, oracle_repository, 128),
        (TAGS, oracle_tag, 128),
        (TRIGGER_NAMES, oracle_trigger, 64),
    ],
    ids=["namespace", "repository", "tag", "trigger"],
)
def test_the_generated_text_reaches_both_sides(
    names: st.SearchStrategy[str], oracle: Callable[[object], bool], limit: int
) -> None:
    """Otherwise the properties below could be comparing answers of one kind only."""
    _reaches(names, lambda name: oracle(name) and len(name) == limit)
    _reaches(names, lambda name: oracle(name) and len(name) < 10)
    _reaches(names, lambda name: not oracle(name) and len(name) == limit + 1 and oracle(name[:limit]))
    _reaches(names, lambda name: not oracle(name) and len(name) < 10)


@settings(deadline=None)
@given(name=NAMESPACES)
def test_namespaces_match_the_oracle(name: str) -> None:
    assert rules.is_valid_namespace(name) == oracle_namespace(name)


@settings(deadline=None)
@given(name=REPOSITORIES)
def test_repositories_match_the_oracle(name: str) -> None:
    assert rules.is_valid_repository(name) == oracle_repository(name)


@settings(deadline=None)
@given(name=TAGS)
def test_tags_match_the_oracle(name: str) -> None:
    assert rules.is_valid_tag(name) == oracle_tag(name)


@settings(deadline=None)
@given(name=TRIGGER_NAMES)
def test_trigger_names_match_the_oracle(name: str) -> None:
    assert rules.is_valid_trigger_name(name) == oracle_trigger(name)


@settings(deadline=None)
@given(name=ANY_NAMES)
def test_a_reason_is_given_exactly_for_invalid_names(name: str) -> None:
    for is_valid, violation in [
        (rules.is_valid_namespace, rules.namespace_violation),
        (rules.is_valid_repository, rules.repository_violation),
        (rules.is_valid_tag, rules.tag_violation),
    ]:
        reason = violation(name)
        assert (reason is None) == is_valid(name), (violation.__name__, reason)
        assert reason is None or reason.strip()


@settings(deadline=None)
@given(name=ANY_NAMES)
def test_names_with_a_trailing_newline_are_never_valid(name: str) -> None:
    for check in (rules.is_valid_namespace, rules.is_valid_repository, rules.is_valid_tag, rules.is_valid_trigger_name):
        assert not check(name + "\n")


# --- API path spelling -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "segment"),
    [("app", "app"), ("team/app", "team$app"), ("a/b/c", "a$b$c"), ("a.b_c-d", "a.b_c-d")],
)
def test_repository_path_spelling(name: str, segment: str) -> None:
    assert rules.repository_to_path(name) == segment
    assert rules.repository_from_path(segment) == name


def test_an_already_decoded_slash_is_kept() -> None:
    assert rules.repository_from_path("team/app") == "team/app"


@settings(deadline=None)
@given(name=REPOSITORIES.map(lambda name: name.replace("$", "")))
def test_repository_path_spelling_roundtrips(name: str) -> None:
    # Any string without a "$", which no repository name contains.
    segment = rules.repository_to_path(name)
    assert "/" not in segment
    assert rules.repository_from_path(segment) == name
    assert rules.repository_to_path(rules.repository_from_path(segment)) == segment
