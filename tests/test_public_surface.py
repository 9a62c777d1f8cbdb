"""The public surface: what the docs use imports, each public module says what it exports
(``__all__``) and exports nothing it merely imported."""

from __future__ import annotations

import importlib
import pathlib
import re
import types

import pytest

import swr_fake

ROOT = pathlib.Path(__file__).resolve().parents[1]
PUBLIC_MODULES = (
    "swr_fake",
    "swr_fake.cli",
    "swr_fake.plugin",
    "swr_fake.rules",
    "swr_fake.server",
    "swr_fake.strategies",
)
# Names every module may carry without exporting them.
ALWAYS_ALLOWED = {"annotations", "TYPE_CHECKING"}
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
IMPORT = re.compile(r"^\s*from (swr_fake[\w.]*) import \(?([\w, ]+)\)?", re.MULTILINE)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_module_declares_its_exports(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert len(set(exported)) == len(exported), exported
    for attribute in exported:
        assert getattr(module, attribute) is not None, attribute


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_no_public_module_leaks_what_it_imports(name: str) -> None:
    module = importlib.import_module(name)
    leaked = {
        attribute
        for attribute, value in vars(module).items()
        if not attribute.startswith("_")
        and attribute not in module.__all__
        and attribute not in ALWAYS_ALLOWED
        and not isinstance(value, types.ModuleType)
    }
    assert not leaked, f"{name} has public names outside __all__ (make them private or export them): {leaked}"


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from swr_fake.strategies import *", namespace)  # noqa: S102 - the point of the test
    assert "Sequence" not in namespace
    assert {name for name in namespace if name != "__builtins__"} == set(swr_fake.strategies.__all__)


def test_the_package_exports_what_tests_need() -> None:
    for name in ("FakeSwr", "mock_swr", "FrozenClock", "SystemClock", "Clock", "SwrError", "Tenant", "User"):
        assert name in swr_fake.__all__
    assert swr_fake.FakeSwr.__module__ == "swr_fake.fake"
    with pytest.raises(AttributeError, match="did you mean 'mock_swr'"):
        swr_fake.mock_sw  # noqa: B018 - the attribute access is the test


def test_every_name_the_docs_import_exists() -> None:
    found: set[tuple[str, str]] = set()
    for doc in DOCS:
        for module_name, names in IMPORT.findall(doc.read_text(encoding="utf-8")):
            module = importlib.import_module(module_name)
            for name in (part.strip() for part in names.split(",")):
                if name:
                    found.add((module_name, name))
                    assert hasattr(module, name), f"{doc.name}: from {module_name} import {name}"
                    assert name in getattr(module, "__all__", [name]), f"{doc.name}: {module_name}.{name} is private"
    assert {("swr_fake", "mock_swr"), ("swr_fake.strategies", "valid_repository_names")} <= found


def test_every_fake_attribute_the_readme_names_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\bswr\.([a-z_]+)", readme))
    assert {"client", "push_image", "calls", "faults"} <= named
    fake = swr_fake.FakeSwr()
    missing = sorted(name for name in named if not hasattr(fake, name))
    assert not missing, f"README names swr.{missing}, which FakeSwr does not have"
