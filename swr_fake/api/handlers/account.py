"""Account-wide operations: temporary login commands, quotas, overview, reports, feature gates, agency."""

from __future__ import annotations

import base64
from datetime import datetime

from ...backend import registry_host
from ...clock import parse_time
from ...model import DockerLogin
from ..request import ApiRequest, Reply
from ..routing import route
from ..views import megabytes

# What the shared edition turns on (the first eight as in the API reference's example).
FEATURE_GATES = {
    "enable_experience": True,
    "enable_hss_service": True,
    "enable_image_scan": True,
    "enable_sm3": True,
    "enable_image_sync": True,
    "enable_cci_service": True,
    "enable_image_label": False,
    "enable_pipeline": False,
    "enable_authorization_token": True,
    "enable_resource": True,
    "enable_list_v3": True,
    "enable_image_quota": False,
}


def expires_header(login: DockerLogin) -> str:
    """The expiry as the headers spell it: milliseconds and ``Z`` (``2024-12-26T11:22:50.769Z``)."""
    moment = parse_time(login.expires) or datetime.min
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _login_reply(login: DockerLogin, expire_header_name: str) -> Reply:
    auth = base64.b64encode(f"{login.username}:{login.password}".encode()).decode()
    return Reply(
        {"auths": {registry_host(login.region): {"auth": auth}}},
        headers={
            "X-Swr-Dockerlogin": f"docker login -u {login.username} -p {login.password}",
            expire_header_name: expires_header(login),
        },
    )


@route("POST", "/v2/manage/utils/secret", "create_secret", status=200)
def create_secret(req: ApiRequest) -> Reply:
    """6-hour `{project}@{AK}` login the registry's token realm accepts until it expires."""
    login = req.backend.create_secret(req.caller, req.access_key, req.q_str("projectname") or None)
    return _login_reply(login, "X-Swr-Expireat")


@route("POST", "/v2/manage/utils/authorizationtoken", "create_authorization_token", status=200)
def create_authorization_token(req: ApiRequest) -> Reply:
    """12-hour `bearertoken@{AK}` login the registry's token realm accepts; not simulated: the IAM permission check."""
    login = req.backend.create_authorization_token(req.caller, req.access_key)
    return _login_reply(login, "x-swr-expireat")


@route("GET", "/v2/manage/projects/{project_id}/quotas", "list_quotas")
def list_quotas(req: ApiRequest) -> Reply:
    """Namespace quota with real usage (`set_quota` changes it); not simulated: other quota keys."""
    quotas = req.backend.list_quotas(req.caller)
    return Reply(
        {"quotas": [{"quota_key": key, "quota_limit": limit, "used": used, "unit": ""} for key, limit, used in quotas]}
    )


@route("GET", "/v2/manage/overview", "show_domain_overview")
def show_domain_overview(req: ApiRequest) -> Reply:
    """Counts, stored and pulled MB computed from the region's state; not simulated: layers shared across images."""
    tenant = req.caller.tenant
    overview = req.backend.show_domain_overview(req.caller)
    return Reply(
        {
            "domain_id": tenant.domain_id,
            "domain_name": tenant.domain_name,
            "namspace_num": overview.namespaces,  # (sic: the SDK's key)
            "repo_num": overview.repositories,
            "image_num": overview.images,
            "store_space": megabytes(overview.stored_bytes),
            "downflow_size": megabytes(overview.pulled_bytes),
        }
    )


@route("GET", "/v2/manage/reports/{resource_type}/{frequency}", "show_domain_resource_reports")
def show_domain_resource_reports(req: ApiRequest) -> Reply:
    """30 daily MB values (downflow: pulls; store: current images); not simulated: storage of deleted images."""
    report = req.backend.show_domain_resource_reports(req.caller, req.params["resource_type"], req.params["frequency"])
    return Reply([{"date": day, "value": megabytes(size)} for day, size in report])


@route("GET", "/v2/manage/projects/{project_id}/feature-gates", "show_share_feature_gates")
def show_share_feature_gates(req: ApiRequest) -> Reply:
    """The 12 flags, fixed (image sync and the v3 lists on, image quota off); not simulated: per-region flags."""
    return Reply(dict(FEATURE_GATES))


@route("GET", "/v2/manage/agency", "check_agency")
def check_agency(req: ApiRequest) -> Reply:
    """Whether the account created the SWR agency (false until `create_agency`)."""
    tenant = req.caller.tenant
    return Reply({"domain_id": tenant.domain_id, "is_agency": req.backend.check_agency(req.caller)})


@route("POST", "/v2/manage/agency", "create_agency", status=204)
def create_agency(req: ApiRequest) -> Reply:
    """Marks the agency created (again: no change); not simulated: the IAM agency itself."""
    req.backend.create_agency(req.caller)
    return Reply()
