"""Image synchronization across regions (``…/sync_repo``, ``…/sync_images``, ``…/sync_job``) and
the regions list."""

from __future__ import annotations

from ... import errors
from ...errors import SwrError
from ..pagination import content_range, offset_limit, page
from ..request import ApiRequest, Reply, parse_filter
from ..routing import route
from ..views import sync_job_item, sync_rule_item

_REPO = "/v2/manage/namespaces/{namespace}/repos/{repository}"


def _domain_name(req: ApiRequest, domain_id: str) -> str:
    return req.backend.tenants[domain_id].domain_name


@route("GET", "/v2/manage/regions", "list_sync_regions")
def list_sync_regions(req: ApiRequest) -> Reply:
    """Every SDK region except the caller's; not simulated: regions closed to some accounts."""
    return Reply([{"regionID": region} for region in req.backend.list_sync_regions(req.caller)])


@route("POST", _REPO + "/sync_repo", "create_image_sync_repo", status=200)
def create_image_sync_repo(req: ApiRequest) -> Reply:
    """Rule stored (target region checked, duplicate 409); `syncAuto` rules copy every later push."""
    body = req.body
    req.backend.create_image_sync_repo(
        req.caller,
        req.namespace,
        req.repository,
        body["remoteRegionId"],
        body["remoteNamespace"],
        bool(body.get("syncAuto", False)),
        bool(body.get("override", False)),
    )
    return Reply()


@route("GET", _REPO + "/sync_repo", "list_image_auto_sync_repos_details")
def list_image_auto_sync_repos_details(req: ApiRequest) -> Reply:
    """The repository's rules (automatic or not), oldest first, camelCase keys."""
    repo, rules = req.backend.list_image_auto_sync_repos_details(req.caller, req.namespace, req.repository)
    domain = _domain_name(req, repo.domain_id)
    return Reply([sync_rule_item(repo, rule, domain) for rule in rules])


@route("DELETE", _REPO + "/sync_repo", "delete_image_sync_repo", status=200)
def delete_image_sync_repo(req: ApiRequest) -> Reply:
    """Rule removed; a missing rule is the observed 400 `SVCSTG.SWR.4001158`."""
    body = req.body
    req.backend.delete_image_sync_repo(
        req.caller, req.namespace, req.repository, body["remoteRegionId"], body["remoteNamespace"]
    )
    return Reply()


@route("POST", _REPO + "/sync_images", "create_manual_image_sync_repo", status=200)
def create_manual_image_sync_repo(req: ApiRequest) -> Reply:
    """Tags copied to the remote region, one job each, body = failed tags; not simulated: delay (jobs end at once)."""
    body = req.body
    jobs = req.backend.create_manual_image_sync_repo(
        req.caller,
        req.namespace,
        req.repository,
        body["remoteRegionId"],
        body["remoteNamespace"],
        body["imageTag"],
        bool(body.get("override", False)),
    )
    return Reply([job.tag for job in jobs if job.status == "failed"])


@route("GET", _REPO + "/sync_job", "show_sync_job")
def show_sync_job(req: ApiRequest) -> Reply:
    """Jobs paged by the mandatory `filter` (limit, offset, order); not simulated: waiting/running/timeout jobs."""
    raw = req.q_str("filter")
    if not raw:
        raise SwrError(errors.MISSING_PARAMETER, "Mandatory parameters must be configured: filter", detail="filter")
    terms = parse_filter(raw, ("limit", "offset", "order"))
    if "limit" not in terms or "offset" not in terms:
        raise SwrError(errors.INVALID_FILTER, f"Invalid filter: {raw!r} (limit and offset are required)")
    order = terms.get("order") or "desc"
    if order not in ("asc", "desc"):
        raise SwrError(errors.INVALID_FILTER, f"Invalid filter: {raw!r} (order is asc or desc)")
    offset, limit = offset_limit(terms)
    repo, jobs = req.backend.show_sync_job(req.caller, req.namespace, req.repository)
    if order == "desc":
        jobs.reverse()
    domain = _domain_name(req, repo.domain_id)
    items = [sync_job_item(repo, job, domain) for job in page(jobs, offset, limit)]
    return Reply(items, headers={"Content-Range": content_range(offset, len(items), len(jobs))})
