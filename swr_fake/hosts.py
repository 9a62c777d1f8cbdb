"""Every host name the fake knows, and the one place a host becomes a surface and a region.

Huawei Cloud: ``swr-api.{region}.myhuaweicloud.com`` (management and v1 API),
``swr.{region}.myhuaweicloud.com`` (the registry), ``iam[.{region}].myhuaweicloud.com`` (IAM);
``eu-west-101`` ends in ``.eu`` instead (the SDK's region table). Open Telekom Cloud:
``swr-api.{region}.otc.t-systems.com``, ``swr.{region}.otc.t-systems.com`` and
``iam.{region}.otc.t-systems.com`` for ``eu-de`` and ``eu-nl`` (OTC regions-and-endpoints
table); the Swiss ``eu-ch2`` lives under ``sc.otc.t-systems.com`` with ``iam-pub``.
Sources: ``shared/reference/otc.md`` §1.1, ``registry-and-server.md`` §1.1, the SDK's
``SwrRegion`` table.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CLOUD_DOMAINS",
    "HUAWEI_REGIONS",
    "OTC_REGIONS",
    "Cloud",
    "Surface",
    "Target",
    "cloud_of",
    "is_cloud_host",
    "known_region",
    "management_host",
    "registry_host",
    "resolve",
    "suggest_region",
]

Cloud = Literal["huaweicloud", "otc"]
Surface = Literal["swr", "registry", "iam"]

# The regions of the SDK's `SwrRegion` table (huaweicloudsdkswr 3.1).
HUAWEI_REGIONS: tuple[str, ...] = (
    "af-south-1", "af-north-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-southeast-4", "ap-southeast-5", "cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5",
    "cn-north-1", "cn-north-2", "cn-north-4", "cn-north-9", "cn-north-11", "cn-north-12",
    "cn-south-1", "cn-south-2", "cn-south-4", "cn-southwest-2", "cn-southwest-3",
    "ru-northwest-2", "ru-moscow-1", "la-south-2", "la-north-2", "sa-brazil-1", "sa-peru-1",
    "na-mexico-1", "tr-west-1", "ae-ad-1", "eu-west-0", "eu-west-101", "my-kualalumpur-1",
    "me-east-1",
)  # fmt: skip
# Open Telekom Cloud's regions (its regions-and-endpoints table lists eu-de and eu-nl; eu-ch2 is
# the Swiss cloud under its own domain).
OTC_REGIONS: tuple[str, ...] = ("eu-de", "eu-nl", "eu-ch2")
ALL_REGIONS: tuple[str, ...] = HUAWEI_REGIONS + OTC_REGIONS

# Hosts under these domains never reach the network while a fake is active.
CLOUD_DOMAINS: tuple[str, ...] = ("myhuaweicloud.com", "myhuaweicloud.eu", "otc.t-systems.com")

_HOST = re.compile(
    r"^(?P<service>swr-api|swr|iam|iam-pub)(?:\.(?P<region>[a-z0-9-]+))?"
    r"\.(?P<domain>myhuaweicloud\.com|myhuaweicloud\.eu|otc\.t-systems\.com|sc\.otc\.t-systems\.com)$"
)
_SURFACES: dict[str, Surface] = {"swr-api": "swr", "swr": "registry", "iam": "iam", "iam-pub": "iam"}


@dataclass(frozen=True, slots=True)
class Target:
    """What a host is: which surface answers it, for which region (``None``: IAM's global
    endpoint), of which cloud, and whether the region exists there."""

    surface: Surface
    region: str | None
    cloud: Cloud
    known: bool


def cloud_of(region: str) -> Cloud:
    return "otc" if region in OTC_REGIONS else "huaweicloud"


def _domain_of(region: str) -> str:
    if region == "eu-ch2":
        return "sc.otc.t-systems.com"
    if region in OTC_REGIONS:
        return "otc.t-systems.com"
    return "myhuaweicloud.eu" if region == "eu-west-101" else "myhuaweicloud.com"


def management_host(region: str) -> str:
    """``swr-api.{region}.{domain}``: where the management and v1 API answer."""
    return f"swr-api.{region}.{_domain_of(region)}"


def registry_host(region: str) -> str:
    """``swr.{region}.{domain}``: the docker registry (``path`` fields are built on it)."""
    return f"swr.{region}.{_domain_of(region)}"


def known_region(region: str) -> bool:
    return region in ALL_REGIONS


def suggest_region(region: str) -> str:
    """`` (did you mean cn-north-4?)`` for a near miss, else an empty string."""
    close = difflib.get_close_matches(region, ALL_REGIONS, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def is_cloud_host(host: str) -> bool:
    """Whether ``host`` (lower case, no port or trailing dot) is under a domain of the clouds
    the fake stands in for: such a request must never reach the network."""
    return any(host == domain or host.endswith("." + domain) for domain in CLOUD_DOMAINS)


@functools.lru_cache(maxsize=1024)
def resolve(host: str) -> Target | None:
    """The surface and region a host name stands for, or ``None`` when the fake does not
    serve it. ``host`` must be normalised (`WireRequest.host`). A well-formed host of an
    unknown region resolves with ``known=False``: the front door refuses it like DNS would."""
    found = _HOST.match(host)
    if found is None:
        return None
    service, region, domain = found.group("service", "region", "domain")
    surface = _SURFACES[service]
    if region is None:
        # Only IAM has a global endpoint (iam.myhuaweicloud.com).
        if surface != "iam" or domain != "myhuaweicloud.com":
            return None
        return Target("iam", None, "huaweicloud", True)
    cloud: Cloud = "huaweicloud" if domain.startswith("myhuaweicloud") else "otc"
    if service == "iam-pub" and region != "eu-ch2":
        return None
    known = known_region(region) and _domain_of(region) == domain and cloud_of(region) == cloud
    return Target(surface, region, cloud, known)
