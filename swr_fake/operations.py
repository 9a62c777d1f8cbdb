"""Operation names: every name the call log can hold, as a ``Literal`` for type checkers.

``swr.calls.of("delete_repo_tags")`` (a typo) would silently find nothing; every call-log query
and fault checks its name here and raises ``ValueError`` with a did-you-mean. The ``Literal``
below is generated from the route table and the IAM and registry surfaces (``python -m swr_fake.operations
--write``); ``tests/test_operations.py`` fails when it is out of date.
"""

from __future__ import annotations

import difflib
import pathlib
import sys
from typing import Literal, get_args

__all__ = ["OPERATIONS", "Operation", "check_operation"]

# --- generated: python -m swr_fake.operations --write -------------------------------------------
Operation = Literal[
    "check_agency",
    "create_agency",
    "create_authorization_token",
    "create_image_sync_repo",
    "create_manual_image_sync_repo",
    "create_namespace",
    "create_namespace_auth",
    "create_repo",
    "create_repo_domains",
    "create_repo_tag",
    "create_retention",
    "create_secret",
    "create_trigger",
    "create_user_repository_auth",
    "delete_image_sync_repo",
    "delete_namespace_auth",
    "delete_namespaces",
    "delete_repo",
    "delete_repo_domains",
    "delete_repo_tag",
    "delete_retention",
    "delete_trigger",
    "delete_user_repository_auth",
    "keystone_create_user_token_by_password",
    "keystone_list_projects",
    "list_api_versions",
    "list_image_auto_sync_repos_details",
    "list_namespaces",
    "list_quotas",
    "list_references",
    "list_repo_accessories",
    "list_repo_details",
    "list_repo_domains",
    "list_repos_details",
    "list_repository_tag",
    "list_repository_tags",
    "list_retention_histories",
    "list_retentions",
    "list_shared_repo_details",
    "list_shared_repos_details",
    "list_sync_regions",
    "list_triggers_details",
    "registry_cancel_upload",
    "registry_catalog",
    "registry_delete_blob",
    "registry_delete_manifest",
    "registry_finish_upload",
    "registry_get_blob",
    "registry_get_manifest",
    "registry_head_blob",
    "registry_head_manifest",
    "registry_list_referrers",
    "registry_list_tags",
    "registry_patch_upload",
    "registry_ping",
    "registry_put_manifest",
    "registry_start_upload",
    "registry_token",
    "registry_upload_status",
    "show_access_domain",
    "show_api_version",
    "show_domain_overview",
    "show_domain_resource_reports",
    "show_namespace",
    "show_namespace_auth",
    "show_repo_tag",
    "show_repository",
    "show_retention",
    "show_share_feature_gates",
    "show_sync_job",
    "show_trigger",
    "show_user_repository_auth",
    "update_namespace_auth",
    "update_repo",
    "update_repo_domains",
    "update_retention",
    "update_trigger",
    "update_user_repository_auth",
    "v1_create_repository",
    "v1_delete_repository",
    "v1_delete_tag",
    "v1_list_repositories",
    "v1_list_tags",
    "v1_show_repository",
    "v1_update_repository",
]
# --- end of generated ------------------------------------------------------------------------------

OPERATIONS: frozenset[str] = frozenset(get_args(Operation))


def check_operation(name: object, *, where: str = "operation") -> str:
    """``name`` as a known operation (an SDK ``..._async`` name gives the plain one).

    Raises ``TypeError`` for a non-string and ``ValueError`` with the closest names for an
    unknown one."""
    if not isinstance(name, str):
        raise TypeError(f"{where} must be an SWR operation name (a str), not {type(name).__name__}")
    if name in OPERATIONS:
        return name
    if name.endswith("_async") and name[: -len("_async")] in OPERATIONS:
        return name[: -len("_async")]
    close = difflib.get_close_matches(name, sorted(OPERATIONS), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(repr(found) for found in close)}?" if close else ""
    raise ValueError(
        f"unknown SWR operation {name!r}{hint} (the operation names are the SDK's, e.g. 'list_namespaces'; "
        "see swr_fake.operations.OPERATIONS)"
    )


def current_operations() -> list[str]:
    """Every operation the fake routes today: the route table, the IAM and registry surfaces."""
    from . import iam, registry
    from .api.routing import ROUTER

    iam_names = {value for name, value in vars(iam).items() if name.endswith("OPERATION") and isinstance(value, str)}
    return sorted({route.operation for route in ROUTER.routes} | iam_names | set(registry.OPERATIONS))


def render() -> str:
    """The generated ``Literal`` block, as this module should hold it."""
    lines = "".join(f'    "{name}",\n' for name in current_operations())
    return f"Operation = Literal[\n{lines}]\n"


def _write() -> None:
    path = pathlib.Path(__file__)
    text = path.read_text(encoding="utf-8")
    start = text.index("Operation = Literal[")
    end = text.index("]\n", start) + 2
    path.write_text(text[:start] + render() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        _write()
    else:
        print(render(), end="")
