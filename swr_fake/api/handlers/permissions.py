"""Organization and repository permissions (bodies are bare JSON arrays)."""

from __future__ import annotations

from typing import Any

from ...backend.permissions import GrantInput
from ...hosts import cloud_of
from ..request import ApiRequest, Reply
from ..routing import route
from ..views import user_auth

_NS_ACCESS = "/v2/manage/namespaces/{namespace}/access"
_REPO_ACCESS = "/v2/manage/namespaces/{namespace}/repos/{repository}/access"


def _grants(body: list[dict[str, Any]]) -> list[GrantInput]:
    return [(item["user_id"], item["user_name"], item["auth"]) for item in body]


@route("POST", _NS_ACCESS, "create_namespace_auth", status=200)
def create_namespace_auth(req: ApiRequest) -> Reply:
    """Adds organization grants (1/3/7), 409 if present (OTC answers 201); not simulated: checking IAM user ids."""
    req.backend.create_namespace_auth(req.caller, req.namespace, _grants(req.body))
    # OTC's reference said 201 until 2024 and its Go SDK, which accepts only 201/202, passes
    # its acceptance tests against the real service (otc.md row 5).
    return Reply(status=201 if cloud_of(req.caller.region) == "otc" else None)


@route("GET", _NS_ACCESS, "show_namespace_auth")
def show_namespace_auth(req: ApiRequest) -> Reply:
    """The caller's own right (`self_auth`) and the organization's other grants."""
    ns, mine, others = req.backend.show_namespace_auth(req.caller, req.namespace)
    return Reply(
        {
            "id": ns.id,
            "name": ns.name,
            "creator_name": ns.creator_name,
            "self_auth": user_auth(mine),
            "others_auths": [user_auth(grant) for grant in others],
        }
    )


@route("PATCH", _NS_ACCESS, "update_namespace_auth", status=201)
def update_namespace_auth(req: ApiRequest) -> Reply:
    """Changes existing organization grants (404 if one is missing), all or nothing."""
    req.backend.update_namespace_auth(req.caller, req.namespace, _grants(req.body))
    return Reply()


@route("DELETE", _NS_ACCESS, "delete_namespace_auth", status=204)
def delete_namespace_auth(req: ApiRequest) -> Reply:
    """Removes organization grants by user id (404 if one is missing), all or nothing."""
    req.backend.delete_namespace_auth(req.caller, req.namespace, req.body)
    return Reply()


@route("POST", _REPO_ACCESS, "create_user_repository_auth", status=201)
def create_user_repository_auth(req: ApiRequest) -> Reply:
    """Adds repository grants (1/3/7), 409 if present; not simulated: checking IAM user ids."""
    req.backend.create_user_repository_auth(req.caller, req.namespace, req.repository, _grants(req.body))
    return Reply()


@route("GET", _REPO_ACCESS, "show_user_repository_auth")
def show_user_repository_auth(req: ApiRequest) -> Reply:
    """The caller's own right (`self_auth`) and the repository's other grants."""
    repo, mine, others = req.backend.show_user_repository_auth(req.caller, req.namespace, req.repository)
    return Reply(
        {
            "id": repo.id,
            "name": repo.name,
            "self_auth": user_auth(mine),
            "others_auths": [user_auth(grant) for grant in others],
        }
    )


@route("PATCH", _REPO_ACCESS, "update_user_repository_auth", status=201)
def update_user_repository_auth(req: ApiRequest) -> Reply:
    """Changes existing repository grants (404 if one is missing), all or nothing."""
    req.backend.update_user_repository_auth(req.caller, req.namespace, req.repository, _grants(req.body))
    return Reply()


@route("DELETE", _REPO_ACCESS, "delete_user_repository_auth", status=204)
def delete_user_repository_auth(req: ApiRequest) -> Reply:
    """Removes repository grants by user id (404 if one is missing), all or nothing."""
    req.backend.delete_user_repository_auth(req.caller, req.namespace, req.repository, req.body)
    return Reply()
