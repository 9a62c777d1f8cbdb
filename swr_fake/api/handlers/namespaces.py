"""Organizations: ``/v2/manage/namespaces``."""

from __future__ import annotations

from ..request import ApiRequest, Reply, parse_filter
from ..routing import route
from ..views import namespace_item


@route("POST", "/v2/manage/namespaces", "create_namespace", status=201)
def create_namespace(req: ApiRequest) -> Reply:
    """Name rules, unique per region across accounts, quota per account (5); not simulated: IAM policies."""
    req.backend.create_namespace(req.caller, req.body["namespace"])
    return Reply()


@route("GET", "/v2/manage/namespaces", "list_namespaces")
def list_namespaces(req: ApiRequest) -> Reply:
    """The caller's organizations with its right; `namespace` or `filter` (incl. `mode::visible`)."""
    name = req.q_str("namespace") or None
    mode = None
    raw_filter = req.q_str("filter")
    if raw_filter:
        # ``filter`` wins over the discrete ``namespace`` parameter.
        terms = parse_filter(raw_filter, ("namespace", "mode"))
        name, mode = terms.get("namespace") or None, terms.get("mode") or None
    found = req.backend.list_namespaces(req.caller, name, mode)
    return Reply({"namespaces": [namespace_item(ns, auth) for ns, auth in found]})


@route("GET", "/v2/manage/namespaces/{namespace}", "show_namespace")
def show_namespace(req: ApiRequest) -> Reply:
    """The organization and the caller's right; another account's organization is 404."""
    ns, auth = req.backend.show_namespace(req.caller, req.namespace)
    item = namespace_item(ns, auth)
    return Reply(item)


@route("DELETE", "/v2/manage/namespaces/{namespace}", "delete_namespaces", status=204)
def delete_namespaces(req: ApiRequest) -> Reply:
    """Deletes an organization (406 while it holds repositories); needs manage (7)."""
    req.backend.delete_namespaces(req.caller, req.namespace)
    return Reply()
