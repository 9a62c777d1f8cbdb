"""The HTTP surface: routes, handlers, dispatch."""
