"""Optional dependencies: a missing one says which ``pip install 'swr-fake[...]'`` brings it."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MissingExtraError", "missing_extra", "require"]

# Which extra of pyproject.toml brings each optional top-level module.
EXTRAS = {
    "huaweicloudsdkswr": "sdk",
    "huaweicloudsdkcore": "sdk",
    "hypothesis": "strategies",
    "werkzeug": "server",
    "trustme": "server",
}


class MissingExtraError(ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module``; when it is missing, raise `MissingExtraError` naming the extra."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise missing_extra(exc, purpose) from exc


def missing_extra(exc: ModuleNotFoundError, purpose: str) -> ImportError:
    """The error to raise for ``exc``: a `MissingExtraError` naming the extra when the missing
    module is an optional dependency, else ``exc`` itself (a broken install is not a missing extra)."""
    top = (exc.name or "").split(".")[0]
    extra = EXTRAS.get(top)
    if extra is None:
        return exc
    return MissingExtraError(
        f"{purpose} needs {top}, which is not installed: pip install 'swr-fake[{extra}]'", name=top
    )
