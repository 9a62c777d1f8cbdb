"""Triggers (``…/repos/{repository}/triggers``): CCE/CCI workload updates fired by pushes."""

from __future__ import annotations

from ..request import ApiRequest, Reply
from ..routing import route
from ..views import trigger_item

_TRIGGERS = "/v2/manage/namespaces/{namespace}/repos/{repository}/triggers"


@route("POST", _TRIGGERS, "create_trigger", status=201)
def create_trigger(req: ApiRequest) -> Reply:
    """Stored and fired on matching pushes (history rows); not simulated: CCE/CCI workloads."""
    body = req.body
    req.backend.create_trigger(
        req.caller,
        req.namespace,
        req.repository,
        body["name"],
        trigger_type=body["trigger_type"],
        condition=body["condition"],
        enable=body["enable"] == "true",
        action=body["action"],
        app_type=body["app_type"],
        application=body["application"],
        cluster_ns=body["cluster_ns"],
        cluster_id=body.get("cluster_id") or "",
        cluster_name=body.get("cluster_name") or "",
        container=body.get("container") or "",
        trigger_mode=body.get("trigger_mode") or "cce",
    )
    return Reply()


@route("GET", _TRIGGERS, "list_triggers_details")
def list_triggers_details(req: ApiRequest) -> Reply:
    """The repository's triggers with their histories, in creation order."""
    triggers = req.backend.list_triggers_details(req.caller, req.namespace, req.repository)
    return Reply([trigger_item(trigger) for trigger in triggers])


@route("GET", _TRIGGERS + "/{trigger}", "show_trigger")
def show_trigger(req: ApiRequest) -> Reply:
    """One trigger with its history; a missing one is 404 `SVCSTG.SWR.4040126`."""
    return Reply(
        trigger_item(req.backend.show_trigger(req.caller, req.namespace, req.repository, req.params["trigger"]))
    )


@route("PATCH", _TRIGGERS + "/{trigger}", "update_trigger", status=201)
def update_trigger(req: ApiRequest) -> Reply:
    """Only `enable` changes; other settings are fixed at creation."""
    # Only ``enable`` is read: every other setting is fixed when the trigger is created.
    req.backend.update_trigger(
        req.caller, req.namespace, req.repository, req.params["trigger"], req.body["enable"] == "true"
    )
    return Reply()


@route("DELETE", _TRIGGERS + "/{trigger}", "delete_trigger", status=204)
def delete_trigger(req: ApiRequest) -> Reply:
    """Deletes the trigger and its history."""
    req.backend.delete_trigger(req.caller, req.namespace, req.repository, req.params["trigger"])
    return Reply()
