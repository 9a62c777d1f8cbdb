"""Where a contract scenario runs: a base URL, a region and a way to authenticate.

``fake`` (the default) is swr-fake in this process; ``live`` is the real service and needs both
the ``--swr-live`` flag and credentials in the environment (``LIVE_ENV``). A third target (the
``swr-fake serve`` server mode) is one more `Target` with its own base URL.

Live credentials, read only when ``--swr-live`` is given:

- ``SWR_LIVE_REGION`` (required), e.g. ``cn-north-4`` or ``eu-de`` (Open Telekom Cloud);
- ``SWR_LIVE_PROJECT_ID`` (required): the project of that region;
- either ``SWR_LIVE_TOKEN`` (an IAM token, sent as ``X-Auth-Token``), or ``SWR_LIVE_AK`` and
  ``SWR_LIVE_SK`` (requests are signed ``SDK-HMAC-SHA256`` as the official SDK signs them);
- ``SWR_LIVE_ENDPOINT`` (optional): the API base URL, default the region's documented host.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import requests

from swr_fake.hosts import management_host
from swr_fake.signing import DATE_FORMAT, SignedRequest, sign

LIVE_ENV = (
    "SWR_LIVE_REGION",
    "SWR_LIVE_PROJECT_ID",
    "SWR_LIVE_TOKEN",
    "SWR_LIVE_AK",
    "SWR_LIVE_SK",
    "SWR_LIVE_ENDPOINT",
)

Authorize = Callable[[requests.PreparedRequest], None]


@dataclass
class Target:
    """One service to run scenarios against."""

    name: str
    base_url: str
    region: str
    authorize: Authorize
    session: requests.Session = field(default_factory=requests.Session)

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: Mapping[str, str] | None = None,
        raw: bytes | None = None,
    ) -> requests.Response:
        """One request; ``raw`` sends bytes as they are (for malformed bodies)."""
        headers = {"Content-Type": "application/json;charset=utf-8"}
        request = requests.Request(
            method, self.base_url + path, headers=headers, params=dict(params or {}), json=body, data=raw
        )
        prepared = self.session.prepare_request(request)
        self.authorize(prepared)
        return self.session.send(prepared, timeout=30)


def token_auth(token: str, project_id: str | None = None) -> Authorize:
    def authorize(prepared: requests.PreparedRequest) -> None:
        prepared.headers["X-Auth-Token"] = token
        if project_id:
            prepared.headers["X-Project-Id"] = project_id

    return authorize


def signed_auth(access_key: str, secret_key: str, project_id: str) -> Authorize:
    """Sign as the official SDK does: ``X-Sdk-Date`` and ``Authorization``, with ``X-Project-Id``."""

    def authorize(prepared: requests.PreparedRequest) -> None:
        prepared.headers["X-Project-Id"] = project_id
        body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        date = datetime.now(timezone.utc).strftime(DATE_FORMAT)
        signed = SignedRequest(prepared.method or "GET", prepared.url or "", dict(prepared.headers), body)
        prepared.headers.update(sign(signed, access_key, secret_key, date, ("content-type", "x-project-id")))

    return authorize


def fake_target(region: str) -> Target:
    return Target("fake", "https://" + management_host(region), region, token_auth("contract-token"))


def live_target(env: Mapping[str, str]) -> Target:
    """The real service, from ``SWR_LIVE_*`` variables; ``ValueError`` names what is missing."""
    missing = [name for name in ("SWR_LIVE_REGION", "SWR_LIVE_PROJECT_ID") if not env.get(name)]
    has_keys = bool(env.get("SWR_LIVE_AK") and env.get("SWR_LIVE_SK"))
    if not env.get("SWR_LIVE_TOKEN") and not has_keys:
        missing.append("SWR_LIVE_TOKEN or SWR_LIVE_AK + SWR_LIVE_SK")
    if missing:
        raise ValueError("--swr-live needs credentials in the environment; missing: " + ", ".join(missing))
    region, project = env["SWR_LIVE_REGION"], env["SWR_LIVE_PROJECT_ID"]
    base = env.get("SWR_LIVE_ENDPOINT") or "https://" + management_host(region)
    token = env.get("SWR_LIVE_TOKEN")
    authorize = token_auth(token, project) if token else signed_auth(env["SWR_LIVE_AK"], env["SWR_LIVE_SK"], project)
    return Target("live", base.rstrip("/"), region, authorize)
