"""The in-memory SWR service: pure state and rules, no HTTP.

``SwrBackend`` composes one mixin per resource; each public method is one SDK operation
(or, like ``push_image``, what the registry side does). Callers hold ``backend.lock``
around an operation so that it is atomic; every method validates before it mutates.
"""

from __future__ import annotations

from .accessories import AccessoryOps
from .account import AccountOps
from .base import DEFAULT_REGION, KNOWN_REGIONS, AccessKey, registry_host
from .identity import IdentityOps
from .namespaces import NamespaceOps
from .permissions import PermissionOps
from .registry_access import RegistryAccessOps
from .retention import RetentionOps
from .shares import ShareOps
from .sync import SyncOps
from .tags import TagOps
from .triggers import TriggerOps


# RegistryAccessOps (the registry: blobs, manifests, tokens) comes first: its `_set_tag` links
# blobs wherever a manifest lands, and its `push_image` stores real blobs for made-up images.
# RetentionOps extends TagOps (it deletes tags), so it comes before it; so do SyncOps (it copies
# tags, and its push reaction runs before triggers and retention), AccountOps (it counts pulls)
# and AccessoryOps.
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


__all__ = ["DEFAULT_REGION", "KNOWN_REGIONS", "AccessKey", "SwrBackend", "registry_host"]
