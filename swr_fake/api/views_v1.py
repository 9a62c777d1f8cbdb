"""The v1 repository API (seed 002): model objects → its JSON shapes, and its error form.

The v1 API spells the same facts differently from v2: ``repo_name``/``repo_path``, three
spellings of the creation time (``creation_time`` when created, ``creation_at`` in lists,
``created_at`` when shown), millisecond timestamps, and registry counters ``download`` /
``upload``. Its errors are ``{"code": <int>, "message": "<text>"}`` where the HTTP status is
the code's first three digits. ``V1_ERRORS`` is the one table translating the model's error
specs into those codes (see docs/v1-api.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import errors
from ..errors import ErrorSpec, SwrError
from ..model import Manifest, Repository, Tag
from .times import millis

LOGO = "default-icon.jpg"
LOGO_FILE = "/static/images/user/default-logo.png"


def v1_time(stored: str | None) -> str | None:
    """``2026-01-01T10:00:00.123456Z`` → ``2026-01-01T10:00:00.123Z`` (the v1 form)."""
    return None if stored is None else millis(stored)


def _common(repo: Repository) -> dict[str, Any]:
    return {
        "repo_name": repo.name,
        "namespace": repo.namespace.name,
        "repo_path": f"{repo.namespace.name}/{repo.name}",
        "description": repo.description,
        "is_public": repo.is_public,
        "logo": LOGO,
    }


def _registry(repo: Repository) -> dict[str, Any]:
    return {
        "download": repo.num_download,
        "upload": repo.num_upload,
        "pulled_at": v1_time(repo.pulled_at),
        "pushed_at": v1_time(repo.pushed_at),
    }


def created_repository(repo: Repository) -> dict[str, Any]:
    """``v1_create_repository``."""
    return {
        **_common(repo),
        "is_automated": False,
        "creation_time": v1_time(repo.created),
        "updated_time": v1_time(repo.updated),
    }


def repository_item(repo: Repository) -> dict[str, Any]:
    """An item of ``v1_list_repositories``."""
    return {
        **_common(repo),
        "is_automated": False,
        "creation_at": v1_time(repo.created),
        "updated_at": v1_time(repo.updated),
        "repo_starred_count": 0,
        "full_description": "",
        **_registry(repo),
    }


def repository_detail(repo: Repository) -> dict[str, Any]:
    """``v1_show_repository``."""
    return {
        **_common(repo),
        "logo_file": LOGO_FILE,
        "full_description": "",
        "repo_starred_count": 0,
        "created_at": v1_time(repo.created),
        "updated_at": v1_time(repo.updated),
        "is_automated": False,
        **_registry(repo),
        "is_repo_starred": False,
    }


def updated_repository(repo: Repository) -> dict[str, Any]:
    """``v1_update_repository``."""
    return _common(repo)


def tag_item(repo: Repository, tag: Tag) -> dict[str, Any]:
    """An item of ``v1_list_tags``: the image id is the config digest's hex part."""
    manifest: Manifest = repo.manifests[tag.digest]
    return {"image_id": manifest.image_id, "tag": tag.name}


# --- errors -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class V1Error:
    code: int
    message: str

    @property
    def status(self) -> int:
        return self.code // 10000


AUTH_REQUIRED = V1Error(4010001, "Authentication required")
INVALID_PARAMETER = V1Error(4000002, "Invalid parameter")
NO_SUCH_NAMESPACE = V1Error(4040003, "No such namespace")
NO_SUCH_REPOSITORY = V1Error(4040004, "No such repository")
DUPLICATE_REPOSITORY = V1Error(4090005, "Duplicate repository name")
NO_SUCH_TAG = V1Error(4040006, "No such tag")
INVALID_REPOSITORY_NAME = V1Error(4000007, "Invalid repository name")
PERMISSION_DENIED = V1Error(4030008, "Permission denied")
NOT_FOUND = V1Error(4040009, "Not found")
TOO_MANY_REQUESTS = V1Error(4290010, "Too many requests")
INTERNAL_ERROR = V1Error(5000000, "Internal server error")

# The model's error specs → v1 codes. A spec not listed keeps its status (code = status·10⁴)
# and its own message.
V1_ERRORS: dict[ErrorSpec, V1Error] = {
    errors.UNAUTHENTICATED: AUTH_REQUIRED,
    errors.INVALID_PARAMETER: INVALID_PARAMETER,
    errors.INVALID_BODY: INVALID_PARAMETER,
    errors.INVALID_PAGE: INVALID_PARAMETER,
    errors.INVALID_FILTER: INVALID_PARAMETER,
    errors.INVALID_ORDER_COLUMN: INVALID_PARAMETER,
    errors.NAMESPACE_NOT_FOUND: NO_SUCH_NAMESPACE,
    errors.REPOSITORY_NOT_FOUND: NO_SUCH_REPOSITORY,
    errors.REPOSITORY_EXISTS: DUPLICATE_REPOSITORY,
    errors.TAG_NOT_FOUND: NO_SUCH_TAG,
    errors.INVALID_REPOSITORY: INVALID_REPOSITORY_NAME,
    errors.FORBIDDEN: PERMISSION_DENIED,
    errors.CROSS_ACCOUNT: PERMISSION_DENIED,
    errors.URL_NOT_FOUND: NOT_FOUND,
    errors.THROTTLED: TOO_MANY_REQUESTS,
    errors.INTERNAL_ERROR: INTERNAL_ERROR,
}


def v1_error(error: SwrError) -> tuple[int, dict[str, Any]]:
    """``(status, body)`` of an error in the v1 form. The message keeps what the request got
    wrong: ``<v1 message>: <detail>`` (the field, the naming rule broken), else the error's own
    specific message (e.g. ``Invalid page: 'x'``), else the v1 message alone."""
    found = V1_ERRORS.get(error.spec) or V1Error(error.status * 10000, error.spec.message)
    if error.detail:
        message = f"{found.message}: {error.detail}"
    elif error.message != error.spec.message:
        message = error.message
    else:
        message = found.message
    return found.status, {"code": found.code, "message": message}
