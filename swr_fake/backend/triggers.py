"""Triggers: a push of a matching tag updates a CCE/CCI workload.

The fake cannot reach a cluster, so firing a trigger means recording what the update would
have been: one ``TriggerHistory`` (result ``success``) per enabled trigger the tag matches.
"""

from __future__ import annotations

from .. import errors, regex, rules
from ..errors import SwrError
from ..model import AUTH_MANAGE, AUTH_READ, Caller, Repository, Trigger, TriggerHistory
from ..validate import TEXT_MAX_LEN, too_long
from .base import BackendBase

# The documented value sets of the fields the fake does not otherwise interpret.
CHOICES: dict[str, tuple[str, ...]] = {
    "action": ("update",),
    "app_type": ("deployments", "statefulsets"),
    "trigger_mode": ("cce", "cci"),
    "trigger_type": ("all", "tag", "regular"),
}
ALL_TAGS = ".*"


def _invalid(message: str) -> SwrError:
    return SwrError(errors.INVALID_PARAMETER, f"Invalid API parameters: {message}", detail=message)


def condition_tags(condition: str) -> list[str]:
    """A ``tag`` trigger's condition: one tag name or several separated by ``;``."""
    return [part.strip() for part in condition.split(";") if part.strip()]


def check_condition(trigger_type: str, condition: str) -> None:
    if len(condition) > regex.PATTERN_MAX_LEN:  # decided, as for expressions: one bound for every type
        raise _invalid(f"the condition is at most {regex.PATTERN_MAX_LEN} characters")
    if trigger_type == "all" and condition != ALL_TAGS:
        raise _invalid(f"the condition of an 'all' trigger is {ALL_TAGS!r}")
    if trigger_type == "tag":
        names = condition_tags(condition)
        if not names or not all(rules.is_valid_tag(name) for name in names):
            raise _invalid("the condition of a 'tag' trigger is one or more tag names separated by ';'")
    if trigger_type == "regular":
        problem = rules.regex_violation(condition)
        if problem is not None:
            raise _invalid(f"the condition is not a valid regular expression: {problem}")


def fires(trigger: Trigger, tag: str) -> bool:
    """Whether pushing ``tag`` fires the trigger (a regular expression may match anywhere in the
    name unless it anchors itself, like the retention selectors: Go's ``regexp.MatchString``)."""
    if not trigger.enabled:
        return False
    if trigger.trigger_type == "tag":
        return tag in condition_tags(trigger.condition)
    if trigger.trigger_type == "regular":
        return regex.search(trigger.condition, tag)
    return True


class TriggerOps(BackendBase):
    def _trigger(self, repo: Repository, name: str) -> Trigger:
        trigger = repo.triggers.get(name)
        if trigger is None:
            raise SwrError(errors.TRIGGER_NOT_FOUND)
        return trigger

    def create_trigger(
        self,
        caller: Caller,
        namespace: str,
        repository: str,
        name: str,
        *,
        trigger_type: str,
        condition: str,
        enable: bool,
        app_type: str,
        application: str,
        cluster_ns: str,
        action: str = "update",
        cluster_id: str = "",
        cluster_name: str = "",
        container: str = "",
        trigger_mode: str = "cce",
    ) -> Trigger:
        if not rules.is_valid_trigger_name(name):
            raise _invalid("a trigger name starts with a letter, then letters, digits, '_' or '-' (1-64 characters)")
        given = {"action": action, "app_type": app_type, "trigger_mode": trigger_mode, "trigger_type": trigger_type}
        for field_name, value in given.items():
            if value not in CHOICES[field_name]:
                raise _invalid(f"{field_name} must be one of {', '.join(CHOICES[field_name])}")
        if not application.strip() or not cluster_ns.strip():
            raise _invalid("application and cluster_ns are required")
        if too_long(application, cluster_ns, cluster_id, cluster_name, container):
            raise _invalid(
                f"application, cluster_ns, cluster_id, cluster_name and container: at most {TEXT_MAX_LEN} characters"
            )
        check_condition(trigger_type, condition)
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        if name in repo.triggers:
            raise SwrError(errors.TRIGGER_EXISTS)
        trigger = Trigger(
            name=name,
            trigger_type=trigger_type,
            condition=condition,
            enabled=enable,
            action=action,
            app_type=app_type,
            application=application,
            cluster_ns=cluster_ns,
            cluster_id=cluster_id,
            cluster_name=cluster_name,
            container=container,
            trigger_mode=trigger_mode,
            creator_name=caller.user.user_name,
            created_at=self.now(),
        )
        repo.triggers[name] = trigger
        return trigger

    def list_triggers_details(self, caller: Caller, namespace: str, repository: str) -> list[Trigger]:
        """The repository's triggers in the order they were created."""
        return list(self._repository(caller, namespace, repository, AUTH_READ).triggers.values())

    def show_trigger(self, caller: Caller, namespace: str, repository: str, name: str) -> Trigger:
        return self._trigger(self._repository(caller, namespace, repository, AUTH_READ), name)

    def update_trigger(self, caller: Caller, namespace: str, repository: str, name: str, enable: bool) -> Trigger:
        """Only ``enable`` can change; every other setting is fixed at creation."""
        trigger = self._trigger(self._repository(caller, namespace, repository, AUTH_MANAGE), name)
        trigger.enabled = enable
        return trigger

    def delete_trigger(self, caller: Caller, namespace: str, repository: str, name: str) -> None:
        repo = self._repository(caller, namespace, repository, AUTH_MANAGE)
        self._trigger(repo, name)
        del repo.triggers[name]

    def _fire_triggers(self, caller: Caller, repo: Repository, tag: str) -> None:
        """Post-push hook: each enabled trigger the tag matches records one firing."""
        for trigger in repo.triggers.values():
            if fires(trigger, tag):
                trigger.history.append(TriggerHistory(tag=tag, result="success", detail="", created_at=self.now()))
