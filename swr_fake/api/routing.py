"""The route table: (method, path template) → operation handler.

Handlers register themselves with ``@route``. Matching works on path *segments*: the raw
path is split on ``/`` before unquoting, because a repository name containing ``/``
arrives as ``%2F`` (from the SDK) or ``$`` (as the API docs spell it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .request import ApiRequest, Reply

Handler = Callable[["ApiRequest"], "Reply | None"]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str
    operation: str
    handler: Handler
    status: int
    api: str = "v2"
    # The template's segments; ``None`` stands for a parameter, named in ``params``.
    segments: tuple[str | None, ...] = field(default=())
    params: tuple[str, ...] = field(default=())

    @property
    def specificity(self) -> int:
        return sum(1 for segment in self.segments if segment is not None)


def split_template(template: str) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
    segments: list[str | None] = []
    params: list[str] = []
    for part in template.strip("/").split("/") if template.strip("/") else []:
        if part.startswith("{") and part.endswith("}"):
            segments.append(None)
            params.append(part[1:-1])
        else:
            segments.append(part)
    return tuple(segments), tuple(params)


# A route as matched: the route, its literal segments by position, the positions of its parameters.
_Entry = tuple[Route, tuple[tuple[int, str], ...], tuple[int, ...]]


class Router:
    def __init__(self) -> None:
        self._by_shape: dict[tuple[str, int], list[_Entry]] = {}
        self.routes: list[Route] = []
        self.by_operation: dict[str, Route] = {}

    def add(self, route: Route) -> None:
        bucket = self._by_shape.setdefault((route.method, len(route.segments)), [])
        literals = tuple((index, part) for index, part in enumerate(route.segments) if part is not None)
        holes = tuple(index for index, part in enumerate(route.segments) if part is None)
        bucket.append((route, literals, holes))
        # Literal segments win over parameters (``retentions/histories`` before ``retentions/{id}``);
        # between equally specific routes, the earlier literal wins (``…/tags/{tag}`` before
        # ``…/{tag}/references``), as in a prefix tree, whatever order modules register in.
        bucket.sort(key=lambda candidate: (-candidate[0].specificity, [s is None for s in candidate[0].segments]))
        self.routes.append(route)
        self.by_operation.setdefault(route.operation, route)

    def match(self, method: str, segments: list[str]) -> tuple[Route, dict[str, str]] | None:
        for route, literals, holes in self._by_shape.get((method, len(segments)), ()):
            for index, part in literals:
                if segments[index] != part:
                    break
            else:
                return route, {name: segments[index] for name, index in zip(route.params, holes, strict=True)}
        return None

    def knows_path(self, segments: list[str]) -> bool:
        """Whether any method serves this path (to tell 'wrong method' from 'no such URL')."""
        return any(self.match(method, segments) is not None for method in ("GET", "POST", "PUT", "PATCH", "DELETE"))


ROUTER = Router()


def route(
    method: str, template: str, operation: str, *, status: int = 200, api: str = "v2"
) -> Callable[[Handler], Handler]:
    """Register a handler for one SDK operation and its success status."""

    def register(handler: Handler) -> Handler:
        segments, params = split_template(template)
        ROUTER.add(Route(method, template, operation, handler, status, api, segments, params))
        return handler

    return register
