"""The in-memory SWR service: pure state and rules, no HTTP.

``SwrBackend`` composes one mixin per resource; each public method is one SDK operation
(or, like ``push_image``, what the registry side does). No operation is overridden across
mixins: what follows a push or a pull is a tuple of hooks, in the order ``SwrBackend`` states.
Callers hold ``backend.lock`` around an operation so that it is atomic; every method
validates before it mutates.
"""

from __future__ import annotations

from .accessories import AccessoryOps
from .account import AccountOps
from .base import DEFAULT_REGION, KNOWN_REGIONS, AccessKey, PullHook, PushHook, TagSetHook, registry_host
from .identity import IdentityOps
from .namespaces import NamespaceOps
from .permissions import PermissionOps
from .registry_access import RegistryAccessOps
from .retention import RetentionOps
from .shares import ShareOps
from .sync import SyncOps
from .tags import TagOps
from .triggers import TriggerOps


class SwrBackend(
    RegistryAccessOps,
    SyncOps,
    AccountOps,
    AccessoryOps,
    RetentionOps,
    TriggerOps,
    NamespaceOps,
    TagOps,
    ShareOps,
    PermissionOps,
    IdentityOps,
):
    """Every operation of the shared-edition SWR service."""

    def _tag_set_hooks(self) -> tuple[TagSetHook, ...]:
        # Wherever a manifest lands, the registry links the blobs it names.
        return (self._link_blobs_of,)

    def _post_push_hooks(self) -> tuple[PushHook, ...]:
        # The one statement of the order: automatic sync rules copy the tag first (each copy is a
        # push in its region, with these same hooks there), then triggers fire, then the
        # retention policy trims the repository (so triggers see the tag even if it is trimmed).
        return (self._sync_pushed_tag, self._fire_triggers, self._retain_after_push)

    def _post_pull_hooks(self) -> tuple[PullHook, ...]:
        return (self._count_downflow,)


__all__ = ["DEFAULT_REGION", "KNOWN_REGIONS", "AccessKey", "SwrBackend", "registry_host"]
