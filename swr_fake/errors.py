"""The error catalogue: every error the fake can answer, in one place.

Codes and statuses come from the SWR error-code appendix (``SVCSTG.SWR.`` + 7 digits whose
first three digits are the HTTP status) and from behaviour observed against the real service
(see ``docs/decisions.md``). Where the appendix offers several codes for one situation the
choice is made here once, so changing it is a one-line edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Family = Literal["swr", "apigw"]


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    """One catalogue entry: HTTP status, wire code and default message."""

    status: int
    code: str
    message: str
    family: Family = "swr"


class SwrError(Exception):
    """A rejected request. Raised by the model before it changes anything."""

    def __init__(
        self,
        spec: ErrorSpec,
        message: str | None = None,
        *,
        detail: str = "",
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.spec = spec
        self.message = message or spec.message
        self.detail = detail
        self.extra = extra or {}
        super().__init__(f"{spec.status} {spec.code}: {self.message}")

    @property
    def status(self) -> int:
        return self.spec.status

    @property
    def code(self) -> str:
        return self.spec.code


def _swr(status: int, number: str, message: str) -> ErrorSpec:
    return ErrorSpec(status, f"SVCSTG.SWR.{number}", message)


# --- generic request errors -------------------------------------------------------------
INVALID_PARAMETER = _swr(400, "4000014", "Invalid API parameters.")
INVALID_BODY = _swr(400, "4001018", "Invalid request body type.")
INVALID_FILTER = _swr(400, "4001035", "Invalid filtering criteria.")
MISSING_PARAMETER = _swr(400, "4001014", "Mandatory parameters must be configured.")
INVALID_PAGE = _swr(400, "4000056", "Invalid page size.")
INVALID_ORDER_COLUMN = _swr(400, "4001096", "Invalid order column.")
URL_NOT_FOUND = _swr(404, "4040083", "The requested URL was not found.")
DESCRIPTION_TOO_LONG = _swr(413, "4131012", "The description exceeds the maximum length allowed.")
INTERNAL_ERROR = _swr(500, "5000007", "ISE: Obtain failed.")

# --- organizations (namespaces) ---------------------------------------------------------
INVALID_NAMESPACE = _swr(400, "4001028", "Invalid organization name.")
NAMESPACE_EXISTS = _swr(409, "4090060", "The organization already exists.")
NAMESPACE_NOT_FOUND = _swr(404, "4040058", "The organization was not found.")
NAMESPACE_NOT_EMPTY = _swr(406, "4060074", "The organization cannot be deleted because there are images in it.")
NAMESPACE_QUOTA_EXCEEDED = _swr(400, "4000097", "The maximum number of organizations has been exceeded.")

# --- repositories, tags -----------------------------------------------------------------
INVALID_REPOSITORY = _swr(400, "4001029", "Invalid image name.")
REPOSITORY_EXISTS = _swr(409, "4090006", "The image already exists.")
REPOSITORY_NOT_FOUND = _swr(404, "4040010", "The image was not found.")
REPOSITORY_QUOTA_EXCEEDED = _swr(400, "4000098", "The maximum number of images has been exceeded.")
INVALID_TAG = _swr(400, "4009021", "Invalid image tag.")
TAG_NOT_FOUND = _swr(404, "4040048", "The image tag was not found.")
TAG_EXISTS = _swr(409, "4090006", "The image tag already exists.")
TAG_QUOTA_EXCEEDED = _swr(400, "4000099", "The maximum number of image tags has been exceeded.")
INVALID_DIGEST = _swr(400, "4000013", "Invalid digest.")

# --- shares (access domains) ------------------------------------------------------------
# The real service answers a missing share with 400 and this code (observed, not documented).
SHARE_NOT_FOUND = _swr(400, "4001090", "The shared account does not exist.")
SHARE_EXISTS = _swr(409, "4090089", "The permission already exists.")
SHARE_LIMIT_EXCEEDED = _swr(400, "4000014", "An image can be shared with at most 500 accounts.")
INVALID_DOMAIN = _swr(400, "4001041", "The domain parameter is invalid.")

# --- permissions --------------------------------------------------------------------------
NAMESPACE_AUTH_EXISTS = _swr(409, "4090076", "The organization permission already exists.")
NAMESPACE_AUTH_NOT_FOUND = _swr(404, "4040078", "The organization permission was not found.")
REPOSITORY_AUTH_EXISTS = _swr(409, "4090089", "The permission already exists.")
REPOSITORY_AUTH_NOT_FOUND = _swr(404, "4040091", "The permission was not found.")
INVALID_NAMESPACE_AUTH = _swr(400, "4001065", "Invalid organization permissions.")
INVALID_AUTH = _swr(400, "4001066", "Invalid permissions.")
INVALID_USERNAME = _swr(400, "4001067", "Invalid username.")
FORBIDDEN = _swr(403, "4030170", "Insufficient permissions")
CROSS_ACCOUNT = _swr(
    401,
    "4011064",
    "Cross-account error. You do not have permission to access or operate resources of other accounts.",
)

# --- retention, triggers, sync ------------------------------------------------------------
RETENTION_NOT_FOUND = _swr(400, "4000306", "The retention policy does not exist.")
RETENTION_EXISTS = _swr(409, "4090089", "A retention policy already exists for this image.")
TRIGGER_NOT_FOUND = _swr(404, "4040126", "Not found trigger")
TRIGGER_EXISTS = _swr(409, "4090089", "The trigger already exists.")
SYNC_RULE_NOT_FOUND = _swr(400, "4001158", "The image synchronization task does not exist.")
SYNC_RULE_EXISTS = _swr(409, "4090089", "The image synchronization task already exists.")
INVALID_REGION = _swr(400, "4000014", "Invalid API parameters: unknown remote region.")

# --- API gateway (before SWR is reached) ----------------------------------------------------
UNAUTHENTICATED = ErrorSpec(
    401,
    "APIGW.0301",
    "Incorrect IAM authentication information: verify aksk signature fail",
    "apigw",
)
# A path (or method) the gateway does not publish, or a path parameter holding "/" (literally or
# as "%2F"): captured from the real service; two SDK bug reports show `repository="web/app"` failing so.
API_NOT_PUBLISHED = ErrorSpec(
    404, "APIGW.0101", "The API does not exist or has not been published in the environment", "apigw"
)
THROTTLED = ErrorSpec(429, "APIGW.0308", "The throttling threshold has been reached", "apigw")
# The gateway refuses bodies over its limit (12 MB) before SWR sees them (APIG error table).
BODY_TOO_LARGE = ErrorSpec(413, "APIGW.0201", "Request entity too large", "apigw")
# The gateway's own answers when SWR behind it fails (APIG error table); used by fault injection.
BACKEND_UNAVAILABLE = ErrorSpec(502, "APIGW.0202", "Backend unavailable", "apigw")
BACKEND_TIMEOUT = ErrorSpec(504, "APIGW.0203", "Backend timeout", "apigw")
