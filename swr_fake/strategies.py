"""Hypothesis strategies for SWR names, for property-based tests of your own code.

    from hypothesis import given
    from swr_fake.strategies import valid_namespace_names, invalid_namespace_names

    @given(name=valid_namespace_names())
    def test_my_tool_accepts_every_organization_name(name): ...

    @given(name=invalid_namespace_names())
    def test_my_tool_rejects_bad_organization_names(name): ...

Valid names are built from components and separators, so that shapes such as ``a--b``,
``a__b``, ``x.y`` and ``team/app`` come up often, and lengths reach both ends of the allowed
range. Invalid names are small, targeted mutations of valid ones (one uppercase letter, one
forbidden run of separators, one character too many...), the near misses a validator is most
likely to let through. Every example agrees with ``swr_fake.rules``.

Needs ``hypothesis`` (the ``strategies`` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import rules
from .extras import missing_extra as _missing_extra

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # say which pip install brings it
    raise _missing_extra(exc, "swr_fake.strategies") from exc

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "invalid_namespace_names",
    "invalid_repository_names",
    "invalid_tag_names",
    "valid_namespace_names",
    "valid_repository_names",
    "valid_tag_names",
]

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_ALNUM = _LOWER + _DIGITS
_TAG_FIRST = _LOWER + _LOWER.upper() + _DIGITS + "_"
_COMPONENT_MAX = 12

# The allowed runs between two components. "" (no separator: the component goes on) comes
# first, so that hypothesis shrinks towards plain words.
_NAMESPACE_SEPARATORS = ("", "", "", ".", "_", "__", "-", "--", "---")
_REPOSITORY_SEPARATORS = (*_NAMESPACE_SEPARATORS, "/", "/")

# Runs that no name may contain, even between two letters: each either mixes separator kinds
# or repeats one that may not be repeated.
_MIXED_NAMESPACE_RUNS = ("..", "...", "._", "_.", ".-", "-.", "_-", "-_", "__-", "-__", ".__")
_MIXED_REPOSITORY_RUNS = (*_MIXED_NAMESPACE_RUNS, "//", "/.", "./", "/_", "_/", "/-", "-/", "/__")
_UNDERSCORE_RUNS = ("___", "____")

# Characters never allowed in a namespace or repository: uppercase, whitespace, punctuation
# used elsewhere in image references, and non-ASCII letters and digits.
_FOREIGN = (" ", "\t", "\n", "A", "Z", ":", "@", "+", "$", "%", "~", "é", "ß", "Ж", "字", "٣", "\u00a0")
_FOREIGN_IN_TAGS = (" ", "\t", "\n", "/", ":", "@", "+", "$", "%", "~", "é", "ß", "Ж", "字", "٣", "\u00a0")

# Built once: creating strategies inside a draw loop is a large part of the cost.
_COMPONENTS = {size: st.text(alphabet=_ALNUM, min_size=1, max_size=size) for size in range(1, _COMPONENT_MAX + 1)}
_TAG_COMPONENTS = {
    size: st.text(alphabet=_TAG_FIRST, min_size=1, max_size=size) for size in range(1, _COMPONENT_MAX + 1)
}
_LOWER_FIRST = st.sampled_from(_LOWER)
_ALNUM_FIRST = st.sampled_from(_ALNUM)


def _lengths(max_len: int) -> st.SearchStrategy[int]:
    """Short, anywhere in range, or at a boundary (1, max_len - 1, max_len): a third of the time each."""
    return st.one_of(
        st.integers(1, 12),
        st.integers(1, max_len),
        st.sampled_from((1, max_len - 1, max_len)),
    )


@st.composite
def _separated_name(
    draw: st.DrawFn,
    lengths: st.SearchStrategy[int],
    first: st.SearchStrategy[str],
    separators: st.SearchStrategy[str],
    components: dict[int, st.SearchStrategy[str]] = _COMPONENTS,
    may_end_on_separator: bool = False,
) -> str:
    """A name of exactly the drawn length: components, with separator runs between them."""
    target = draw(lengths)
    pieces = [draw(first)]
    length = 1
    while length < target:
        separator = draw(separators)
        room = target - length - len(separator)
        if room < (0 if may_end_on_separator else 1):
            separator, room = "", target - length  # a run that does not fit is left out
        if room == 0:
            pieces.append(separator)
            break
        component = draw(components[min(room, _COMPONENT_MAX)])
        pieces += [separator, component]
        length += len(separator) + len(component)
    return "".join(pieces)


def _namespaces(lengths: st.SearchStrategy[int]) -> st.SearchStrategy[str]:
    return _separated_name(lengths, _LOWER_FIRST, st.sampled_from(_NAMESPACE_SEPARATORS))


def _repositories(lengths: st.SearchStrategy[int]) -> st.SearchStrategy[str]:
    return _separated_name(lengths, _ALNUM_FIRST, st.sampled_from(_REPOSITORY_SEPARATORS))


def _tags(lengths: st.SearchStrategy[int]) -> st.SearchStrategy[str]:
    # Tags have no structure beyond their characters, but version-like shapes are the usual
    # ones; runs of separators are fine anywhere after the first character, even last.
    return _separated_name(
        lengths,
        st.sampled_from(_TAG_FIRST),
        st.sampled_from(("", "", "", ".", "-", "_", "..", "--", ".-", "-.", "._")),
        _TAG_COMPONENTS,
        may_end_on_separator=True,
    )


def valid_namespace_names() -> st.SearchStrategy[str]:
    """Organization names SWR accepts: 1-64 characters, such as ``a``, ``a--b``, ``x.y``, ``a__b``.

    The reserved ``library`` is never generated, so every example can really be created.
    Use as ``@given(name=valid_namespace_names())``.
    """
    names = _namespaces(_lengths(rules.NAMESPACE_MAX_LEN))
    return names.filter(lambda name: not rules.is_reserved_namespace(name))


def valid_repository_names() -> st.SearchStrategy[str]:
    """Repository names SWR accepts: 1-128 characters, such as ``team/app``, ``9lives``, ``a__b``.

    Use as ``@given(name=valid_repository_names())``.
    """
    return _repositories(_lengths(rules.REPOSITORY_MAX_LEN))


def valid_tag_names() -> st.SearchStrategy[str]:
    """Tags SWR accepts: 1-128 of ``A-Z a-z 0-9 _ . -``, not starting with ``.`` or ``-``.

    Use as ``@given(tag=valid_tag_names())``.
    """
    return st.one_of(
        st.sampled_from(("latest", "v1.0.0", "1.2.3-rc.1", "_", "2024.01.31_build-7")),
        _tags(_lengths(rules.TAG_MAX_LEN)),
    )


# --- mutations: each turns any valid name into an invalid one ----------------------------------


@st.composite
def _replace_one(draw: st.DrawFn, names: st.SearchStrategy[str], replacements: Sequence[str]) -> str:
    """Replace one character of a name (any position) with one of ``replacements``."""
    name = draw(names)
    index = draw(st.integers(0, len(name) - 1))
    return name[:index] + draw(st.sampled_from(replacements)) + name[index + 1 :]


@st.composite
def _insert_one(draw: st.DrawFn, names: st.SearchStrategy[str], insertions: Sequence[str]) -> str:
    """Insert one of ``insertions`` into a name (any position, ends included)."""
    name = draw(names)
    index = draw(st.integers(0, len(name)))
    return name[:index] + draw(st.sampled_from(insertions)) + name[index:]


def _joined(left: st.SearchStrategy[str], runs: Sequence[str], right: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``left + run + right``: a run between two letters or digits, short enough to be the only fault."""
    return st.tuples(left, st.sampled_from(runs), right).map("".join)


def _prefixed(names: st.SearchStrategy[str], prefixes: Sequence[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(prefixes), names).map("".join)


def _suffixed(names: st.SearchStrategy[str], suffixes: Sequence[str]) -> st.SearchStrategy[str]:
    return st.tuples(names, st.sampled_from(suffixes)).map("".join)


def _foreign(names: st.SearchStrategy[str], chars: Sequence[str]) -> st.SearchStrategy[str]:
    return st.one_of(_replace_one(names, chars), _insert_one(names, chars))


def invalid_namespace_names() -> st.SearchStrategy[str]:
    """Strings that are not organization names: ``""``, ``A``, ``a..b``, ``a___b``, ``1abc``, ``a/b``,
    ``-a``, 65 characters, a trailing newline, non-ASCII letters...

    ``library`` is not among them: it is well-formed, only reserved (see ``rules.is_reserved_namespace``).
    Use as ``@given(name=invalid_namespace_names())``.
    """
    return _namespace_mutations().filter(lambda name: not rules.is_valid_namespace(name))  # a safety net only


def invalid_repository_names() -> st.SearchStrategy[str]:
    """Strings that are not repository names: ``""``, ``App``, ``app//web``, ``app/-web``, ``my-app/``,
    ``a___b``, 129 characters, a trailing newline, non-ASCII letters...

    Use as ``@given(name=invalid_repository_names())``.
    """
    return _repository_mutations().filter(lambda name: not rules.is_valid_repository(name))  # a safety net only


def invalid_tag_names() -> st.SearchStrategy[str]:
    """Strings that are not tags: ``""``, ``.hidden``, ``-rc``, ``v1 beta``, ``a/b``, ``a:b``,
    129 characters, a trailing newline, non-ASCII letters...

    Use as ``@given(tag=invalid_tag_names())``.
    """
    return _tag_mutations().filter(lambda tag: not rules.is_valid_tag(tag))  # a safety net only


# The mutations themselves, unfiltered, so that the tests can check that each one is wrong by
# construction and the filters above never have to do any work.


def _namespace_mutations() -> st.SearchStrategy[str]:
    valid = valid_namespace_names()
    short = _namespaces(st.integers(1, 24))
    tail = _repositories(st.integers(1, 24))  # may start with a digit: it follows a separator
    return st.one_of(
        st.just(""),
        _namespaces(st.just(rules.NAMESPACE_MAX_LEN + 1)),
        _replace_one(valid, tuple(_LOWER.upper())),
        _foreign(valid, _FOREIGN),
        _joined(short, _MIXED_NAMESPACE_RUNS, tail),
        _joined(short, _UNDERSCORE_RUNS, tail),
        _joined(short, ("/", "//"), tail),  # a repository path is not an organization
        _prefixed(valid, tuple("._-")),
        _prefixed(valid, tuple(_DIGITS)),  # must start with a letter
        _suffixed(valid, ("-", ".", "_", "__", "--")),
        _suffixed(valid, ("\n",)),
    )


def _repository_mutations() -> st.SearchStrategy[str]:
    valid = valid_repository_names()
    short = _repositories(st.integers(1, 48))
    return st.one_of(
        st.just(""),
        _repositories(st.just(rules.REPOSITORY_MAX_LEN + 1)),
        _replace_one(valid, tuple(_LOWER.upper())),
        _foreign(valid, _FOREIGN),
        _joined(short, _MIXED_REPOSITORY_RUNS, short),
        _joined(short, _UNDERSCORE_RUNS, short),
        _prefixed(valid, tuple("./_-")),
        _suffixed(valid, ("/", "-", ".", "_", "__", "--")),
        _suffixed(valid, ("\n",)),
    )


def _tag_mutations() -> st.SearchStrategy[str]:
    valid = valid_tag_names()
    return st.one_of(
        st.just(""),
        _tags(st.just(rules.TAG_MAX_LEN + 1)),
        _prefixed(valid, (".", "-")),
        _foreign(valid, _FOREIGN_IN_TAGS),
        _suffixed(valid, ("\n",)),
    )
