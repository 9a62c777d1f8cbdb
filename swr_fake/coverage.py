"""The coverage table: every shared-edition SDK operation, the route serving it, and what the fake
simulates, taken from the handler's one-line docstring (``<simulated>; not simulated: <gaps>``).

``docs/coverage.md`` is this module's output (``swr-fake coverage``); a test regenerates it.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from .api import dispatch  # noqa: F401  (imports the handlers, which registers the routes)
from .api.routing import ROUTER, Route

# (method, path, SDK operation) of the 59 shared-edition operations of huaweicloudsdkswr 3.1.219,
# in the order of the API reference (organizations, permissions, repositories, tags, shares, ...).
SHARED_OPERATIONS: tuple[tuple[str, str, str], ...] = (
    ("POST", "/v2/manage/namespaces", "create_namespace"),
    ("GET", "/v2/manage/namespaces", "list_namespaces"),
    ("GET", "/v2/manage/namespaces/{namespace}", "show_namespace"),
    ("DELETE", "/v2/manage/namespaces/{namespace}", "delete_namespaces"),
    ("POST", "/v2/manage/namespaces/{namespace}/access", "create_namespace_auth"),
    ("GET", "/v2/manage/namespaces/{namespace}/access", "show_namespace_auth"),
    ("PATCH", "/v2/manage/namespaces/{namespace}/access", "update_namespace_auth"),
    ("DELETE", "/v2/manage/namespaces/{namespace}/access", "delete_namespace_auth"),
    ("POST", "/v2/manage/namespaces/{namespace}/repos", "create_repo"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}", "show_repository"),
    ("PATCH", "/v2/manage/namespaces/{namespace}/repos/{repository}", "update_repo"),
    ("DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}", "delete_repo"),
    ("GET", "/v2/manage/repos", "list_repos_details"),
    ("GET", "/v3/manage/repos", "list_repo_details"),
    ("GET", "/v2/manage/shared-repositories", "list_shared_repos_details"),
    ("GET", "/v3/manage/shared-repositories", "list_shared_repo_details"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/tags", "list_repository_tags"),
    ("GET", "/v3/manage/namespaces/{namespace}/repos/{repository}/tags", "list_repository_tag"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/tags/{tag}", "show_repo_tag"),
    ("POST", "/v2/manage/namespaces/{namespace}/repos/{repository}/tags", "create_repo_tag"),
    ("DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}/tags/{tag}", "delete_repo_tag"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/{tag}/references", "list_references"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/{tag}/accessories", "list_repo_accessories"),
    ("POST", "/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains", "create_repo_domains"),
    ("GET", "/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains", "list_repo_domains"),
    (
        "GET",
        "/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains/{access_domain}",
        "show_access_domain",
    ),
    (
        "PATCH",
        "/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains/{access_domain}",
        "update_repo_domains",
    ),
    (
        "DELETE",
        "/v2/manage/namespaces/{namespace}/repositories/{repository}/access-domains/{access_domain}",
        "delete_repo_domains",
    ),
    ("POST", "/v2/manage/namespaces/{namespace}/repos/{repository}/access", "create_user_repository_auth"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/access", "show_user_repository_auth"),
    ("PATCH", "/v2/manage/namespaces/{namespace}/repos/{repository}/access", "update_user_repository_auth"),
    ("DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}/access", "delete_user_repository_auth"),
    ("POST", "/v2/manage/namespaces/{namespace}/repos/{repository}/retentions", "create_retention"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/retentions", "list_retentions"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/retentions/{retention_id}", "show_retention"),
    ("PATCH", "/v2/manage/namespaces/{namespace}/repos/{repository}/retentions/{retention_id}", "update_retention"),
    ("DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}/retentions/{retention_id}", "delete_retention"),
    (
        "GET",
        "/v2/manage/namespaces/{namespace}/repos/{repository}/retentions/histories",
        "list_retention_histories",
    ),
    ("POST", "/v2/manage/namespaces/{namespace}/repos/{repository}/triggers", "create_trigger"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/triggers", "list_triggers_details"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/triggers/{trigger}", "show_trigger"),
    ("PATCH", "/v2/manage/namespaces/{namespace}/repos/{repository}/triggers/{trigger}", "update_trigger"),
    ("DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}/triggers/{trigger}", "delete_trigger"),
    ("POST", "/v2/manage/namespaces/{namespace}/repos/{repository}/sync_repo", "create_image_sync_repo"),
    (
        "GET",
        "/v2/manage/namespaces/{namespace}/repos/{repository}/sync_repo",
        "list_image_auto_sync_repos_details",
    ),
    ("DELETE", "/v2/manage/namespaces/{namespace}/repos/{repository}/sync_repo", "delete_image_sync_repo"),
    ("POST", "/v2/manage/namespaces/{namespace}/repos/{repository}/sync_images", "create_manual_image_sync_repo"),
    ("GET", "/v2/manage/namespaces/{namespace}/repos/{repository}/sync_job", "show_sync_job"),
    ("GET", "/v2/manage/regions", "list_sync_regions"),
    ("POST", "/v2/manage/utils/secret", "create_secret"),
    ("POST", "/v2/manage/utils/authorizationtoken", "create_authorization_token"),
    ("GET", "/v2/manage/projects/{project_id}/quotas", "list_quotas"),
    ("GET", "/v2/manage/overview", "show_domain_overview"),
    ("GET", "/v2/manage/reports/{resource_type}/{frequency}", "show_domain_resource_reports"),
    ("GET", "/v2/manage/projects/{project_id}/feature-gates", "show_share_feature_gates"),
    ("GET", "/", "list_api_versions"),
    ("GET", "/{api_version}", "show_api_version"),
    ("GET", "/v2/manage/agency", "check_agency"),
    ("POST", "/v2/manage/agency", "create_agency"),
)

_NOT_SIMULATED = re.compile(r";\s*not simulated:\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    operation: str
    method: str
    path: str
    route: Route | None  # None: no route serves this method and path for this operation

    @property
    def status(self) -> str:
        return str(self.route.status) if self.route is not None else "—"

    def description(self) -> tuple[str, str]:
        """``(simulated, not simulated)`` from the handler's docstring."""
        if self.route is None:
            return "not served: the fake answers 404 `SVCSTG.SWR.4040083`", "everything"
        text = " ".join((inspect.getdoc(self.route.handler) or "").split()).rstrip(".")
        found = _NOT_SIMULATED.search(text)
        if found is None:
            return text, "—"
        return text[: found.start()], text[found.end() :]


def rows() -> list[Row]:
    routes = {(r.method, r.template, r.operation): r for r in ROUTER.routes}
    return [
        Row(number, operation, method, path, routes.get((method, path, operation)))
        for number, (method, path, operation) in enumerate(SHARED_OPERATIONS, start=1)
    ]


def unrouted() -> list[str]:
    """The shared-edition operations no route serves (with the SDK's method and path)."""
    return [row.operation for row in rows() if row.route is None]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """``docs/coverage.md`` (``swr-fake coverage --markdown``)."""
    table = rows()
    served = sum(1 for row in table if row.route is not None)
    lines = [
        "# Coverage of the shared-edition SWR API",
        "",
        "Generated by `swr-fake coverage --markdown` from the route table and each handler's docstring; do not edit",
        "by hand (`tests/test_coverage.py` regenerates it and fails if this file is stale).",
        "",
        f"{served} of the {len(table)} shared-edition operations of `huaweicloudsdkswr` are served.",
        "",
        "| # | operation | method | path | success | simulated | not simulated |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in table:
        simulated, missing = row.description()
        cells = [str(row.number), f"`{row.operation}`", row.method, f"`{row.path}`", row.status, simulated, missing]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    documented = {(method, path) for method, path, _ in SHARED_OPERATIONS}
    aliases = [r for r in ROUTER.routes if r.api != "v1" and (r.method, r.template) not in documented]
    if aliases:
        lines += ["", "## Other paths real clients use", "", "| operation | method | path |", "|---|---|---|"]
        lines += [f"| `{r.operation}` | {r.method} | `{r.template}` |" for r in aliases]
    lines += [
        "",
        "## The v1 repository API (seed 002)",
        "",
        "Served from the same state as v2; see `docs/v1-api.md`.",
        "",
        "| operation | method | path | success | simulated | not simulated |",
        "|---|---|---|---|---|---|",
    ]
    for row in _v1_rows():
        simulated, missing = row.description()
        cells = [f"`{row.operation}`", row.method, f"`{row.path}`", row.status, simulated, missing]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _v1_rows() -> list[Row]:
    routes = sorted((r for r in ROUTER.routes if r.api == "v1"), key=lambda r: (r.template, r.method))
    return [Row(0, route.operation, route.method, route.template, route) for route in routes]


def render_text() -> str:
    """What ``swr-fake coverage`` prints: one line per operation (method and path), and the
    gaps under the operations that have some."""
    from . import __version__

    table, v1 = rows(), _v1_rows()
    served = sum(1 for row in table if row.route is not None)
    width = max(len(row.operation) for row in (*table, *v1)) + 2
    lines = [
        f"swr-fake {__version__} answers {served} of the {len(table)} operations of the official SDK "
        f"(huaweicloudsdkswr, shared edition) and {len(v1)} of the v1 API.",
        "",
    ]
    for title, group in (("SDK operations", table), ("v1 API (docs/v1-api.md)", v1)):
        lines += [title, ""]
        for row in group:
            lines.append(f"  {row.operation:<{width}}{row.method:<7}{row.path}")
            missing = row.description()[1]
            if missing != "—":
                lines.append(f"  {'':<{width}}not simulated: {missing}")
        lines.append("")
    lines += [
        "An operation the fake does not serve is answered 404 SVCSTG.SWR.4040083, like an unknown URL.",
        "Details of an operation: swr-fake coverage OPERATION. The whole table: swr-fake coverage --markdown.",
    ]
    return "\n".join(lines) + "\n"


def render_details(operations: list[str]) -> str:
    """What ``swr-fake coverage OPERATION...`` prints: route, success status, what is simulated
    and what is not. Raises ``LookupError`` (with a did-you-mean) for an unknown name."""
    import difflib

    known = {row.operation: row for row in (*rows(), *_v1_rows())}
    blocks = []
    for operation in operations:
        row = known.get(operation)
        if row is None:
            close = _word_matches(operation, known) + difflib.get_close_matches(operation, known, n=3)
            close = list(dict.fromkeys(close))[:4]
            hint = f"; did you mean {', '.join(close)}?" if close else " (see `swr-fake coverage` for the list)"
            raise LookupError(f"unknown operation {operation!r}{hint}")
        simulated, missing = row.description()
        blocks.append(
            "\n".join(
                [
                    row.operation,
                    f"  {row.method} {row.path} -> {row.status}",
                    f"  simulated:     {simulated}",
                    f"  not simulated: {missing}",
                ]
            )
        )
    return "\n\n".join(blocks) + "\n"


def _word_matches(query: str, names: dict[str, Row]) -> list[str]:
    """The names that have, for each ``_``-separated word of the query, a word starting with it
    (``list_tag`` -> ``list_repository_tag``, ``list_repository_tags``, ``v1_list_tags``)."""
    words = [word for word in query.lower().split("_") if word]
    return sorted(
        name for name in names if words and all(any(part.startswith(w) for part in name.split("_")) for w in words)
    )
