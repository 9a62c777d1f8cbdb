"""The registry surface: the OCI distribution API (Docker Registry HTTP API v2) that SWR serves
on ``swr.{region}.myhuaweicloud.com`` (``.eu`` for eu-west-101, and the OTC registry hosts),
on the same model as the management API.

The front door resolves a registry host to a region and calls `RegistrySurface.handle`;
faults it injects are rendered by `RegistrySurface.error_response`. One handler per endpoint
lives in a module per resource (base, blobs, uploads, manifests, tags, referrers); routing
and auth happen once, here and in `auth`. Model changes run under ``backend.lock``.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import rules
from ..auth import Gateway
from ..backend import DEFAULT_REGION, SwrBackend, oci
from ..backend.manifests import swr_to_oci
from ..backend.oci import OciError
from ..errors import SwrError
from ..wire import WireRequest, WireResponse
from . import auth, base, blobs, manifests, referrers, tags, uploads
from .context import Context, error_answer
from .routes import KINDS, Route, parse, suggest

__all__ = ["OPERATIONS", "RegistrySurface", "create_surface"]

Handler = Callable[[Context], WireResponse]

# (route kind, method) -> (operation name for the call log, handler)
HANDLERS: dict[tuple[str, str], tuple[str, Handler]] = {
    ("base", "GET"): ("registry_ping", base.ping),
    ("base", "HEAD"): ("registry_ping", base.ping),
    ("catalog", "GET"): ("registry_catalog", base.catalog),
    ("tags", "GET"): ("registry_list_tags", tags.list_tags),
    ("manifest", "GET"): ("registry_get_manifest", manifests.get_manifest),
    ("manifest", "HEAD"): ("registry_head_manifest", manifests.head_manifest),
    ("manifest", "PUT"): ("registry_put_manifest", manifests.put_manifest),
    ("manifest", "DELETE"): ("registry_delete_manifest", manifests.delete_manifest),
    ("blob", "GET"): ("registry_get_blob", blobs.get_blob),
    ("blob", "HEAD"): ("registry_head_blob", blobs.head_blob),
    ("blob", "DELETE"): ("registry_delete_blob", blobs.delete_blob),
    ("uploads", "POST"): ("registry_start_upload", uploads.start_upload),
    ("upload", "GET"): ("registry_upload_status", uploads.upload_status),
    ("upload", "PATCH"): ("registry_patch_upload", uploads.patch_upload),
    ("upload", "PUT"): ("registry_finish_upload", uploads.finish_upload),
    ("upload", "DELETE"): ("registry_cancel_upload", uploads.cancel_upload),
    ("referrers", "GET"): ("registry_list_referrers", referrers.list_referrers),
}

# The registry's operation names (call log, fault injection).
OPERATIONS = frozenset({name for name, _ in HANDLERS.values()} | {"registry_token"})


class RegistrySurface:
    """Answers one registry request at a time; safe to share between threads (the model's
    lock serialises changes)."""

    def __init__(self, backend: SwrBackend, gateway: Gateway) -> None:
        self.backend = backend
        self.gateway = gateway
        # Defects of the fake (an exception a handler did not expect), for tests to assert on.
        self.internal_errors: list[str] = []

    def reset(self) -> None:
        self.internal_errors.clear()

    def locate(self, request: WireRequest) -> tuple[str | None, dict[str, str]]:
        """The operation and path parameters of a request (for faults and the call log), without
        running it: ``namespace``, ``repository`` and ``reference`` where the path has them."""
        route = parse(request.path)
        if route is None:
            return None, {}
        if route.kind == "token":
            return "registry_token", {}
        found = HANDLERS.get((route.kind, request.method))
        params = {}
        if route.name:
            params = {"namespace": route.namespace, "repository": route.repository}
            if route.reference:
                params["reference"] = route.reference
        return (found[0] if found else None), params

    def handle(self, request: WireRequest, region: str | None, request_id: str) -> WireResponse:
        """The answer to ``request`` sent to the registry host of ``region``. A ``HEAD`` gets the
        ``GET``'s body: the front door sends its length and drops it."""
        region = region or DEFAULT_REGION
        route = parse(request.path)
        operation = None
        try:
            if route is None:
                raise OciError(oci.NOT_FOUND, f"no registry endpoint at {request.path}{suggest(request.path)}")
            if route.kind == "token":
                operation = "registry_token"
                with self.backend.lock:
                    response = auth.token_endpoint(self.backend, request, region, request_id)
            else:
                operation, handler = self._handler(route, request.method)
                with self.backend.lock:
                    if route.name:
                        check_name(route)  # before the challenge: no token makes a bad name good
                    caller = auth.authorize(self.backend, request, route, region)
                    response = handler(Context(request, route, region, request_id, self.backend, caller))
        except OciError as error:
            response = error_answer(error, request_id)
        except SwrError as error:
            response = error_answer(swr_to_oci(error), request_id)
        except Exception as exc:  # a defect in the fake must never escape as a traceback
            self.internal_errors.append(f"{request.method} {request.url}: {exc!r}")
            response = error_answer(OciError(oci.UNKNOWN, detail=repr(exc)), request_id)
        response.operation = operation
        response.path, response.query = request.path, request.query
        return response

    @staticmethod
    def _handler(route: Route, method: str) -> tuple[str, Handler]:
        found = HANDLERS.get((route.kind, method))
        if found is None:
            allowed = ", ".join(KINDS[route.kind])
            raise OciError(
                oci.UNSUPPORTED,
                f"{method} is not served on this registry endpoint (it answers {allowed})",
                headers={"Allow": allowed},
            )
        return found

    def error_response(self, error: SwrError, request: WireRequest, request_id: str) -> WireResponse:
        """An injected fault in the spec's error form: the code of the matching situation
        (``TOOMANYREQUESTS`` for 429, ``NAME_UNKNOWN`` for a missing repository, ...), or the
        fault's own code when it is one of the spec's."""
        route = parse(request.path)
        spec = fault_spec(error, route)
        message = error.message if error.message != error.spec.message or spec.status >= 500 else spec.message
        oci_error = OciError(oci.OciSpec(error.status, spec.code, spec.message), message)
        if error.status == 401 and route is not None:
            oci_error.headers.update(auth.challenge(request, route))
        return error_answer(oci_error, request_id)


def fault_spec(error: SwrError, route: Route | None) -> oci.OciSpec:
    """The spec's error for an injected fault: its own code when it is one of the spec's, else
    the code of the situation its status stands for on this route."""
    if error.code in oci.CODES:
        return oci.CODES[error.code]
    kind = route.kind if route is not None else ""
    not_found = {"manifest": oci.MANIFEST_UNKNOWN, "blob": oci.BLOB_UNKNOWN, "upload": oci.BLOB_UPLOAD_UNKNOWN}
    by_status = {
        401: oci.UNAUTHORIZED,
        403: oci.DENIED,
        404: not_found.get(kind, oci.NAME_UNKNOWN),
        429: oci.TOOMANYREQUESTS,
    }
    if error.status in by_status:
        return by_status[error.status]
    mapped = swr_to_oci(error).spec
    if mapped not in (oci.UNSUPPORTED, oci.UNKNOWN):
        return mapped
    return oci.UNKNOWN if error.status >= 500 else oci.UNSUPPORTED


def check_name(route: Route) -> None:
    """SWR's names: ``{organization}/{repository}``, each by the management API's rules."""
    namespace, repository = route.namespace, route.repository
    problem = None
    if not repository:
        problem = "a repository name is {organization}/{repository}"
    elif not rules.is_valid_namespace(namespace):
        problem = f"organization {namespace!r}: {rules.namespace_violation(namespace)}"
    elif not rules.is_valid_repository(repository):
        problem = f"repository {repository!r}: {rules.repository_violation(repository)}"
    if problem is not None:
        raise OciError(
            oci.NAME_INVALID, f"invalid repository name {route.name!r}: {problem}", detail={"name": route.name}
        )


def create_surface(backend: SwrBackend, gateway: Gateway) -> RegistrySurface:
    """The registry surface the front door routes ``swr.{region}…`` hosts to."""
    return RegistrySurface(backend, gateway)
