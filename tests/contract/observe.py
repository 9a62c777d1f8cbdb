"""What a contract step observed, how two observations differ, and the report of differences.

Values are not compared (ids, times and request ids differ between any two runs); what is
compared is what client code depends on: the status, the error code, every field's name and
JSON type (a timestamp's type includes its form: ``time:seconds``, ``time:fraction``,
``time:millis``), and the presence of the headers clients read.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import requests

from swr_fake.api.times import PATTERNS

HEADERS = (
    "Content-Type",
    "Content-Range",
    "Content-Length",
    "X-Request-Id",
    "Date",
    "Server",
    "Strict-Transport-Security",
    "X-Swr-Dockerlogin",
    "X-Swr-Expireat",
)
_TIMES = [(form, re.compile(pattern)) for form, pattern in PATTERNS.items()]


@dataclass
class Observation:
    step: str
    request: str  # "METHOD /path" with the run's names replaced by placeholders
    status: int
    error_code: str | None
    fields: dict[str, str]  # JSON path -> type
    headers: list[str]  # the names of HEADERS present
    expected_status: int | None = None
    expected_code: str | None = None

    def unexpected(self) -> list[str]:
        """How this observation departs from what the scenario documents."""
        problems = []
        if self.expected_status is not None and self.status != self.expected_status:
            problems.append(f"status {self.status}, documented {self.expected_status}")
        if self.expected_code is not None and self.error_code != self.expected_code:
            problems.append(f"error code {self.error_code}, documented {self.expected_code}")
        return problems


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        for form, pattern in _TIMES:
            if pattern.match(value):
                return f"time:{form}"
        return "string"
    return "array" if isinstance(value, list) else "object"


def shape(value: Any, path: str = "$") -> dict[str, str]:
    """Every JSON path of ``value`` with its type; array items merge under ``path[]`` (a path
    whose items disagree lists all their types, sorted, joined by ``|``)."""
    found: dict[str, set[str]] = {}
    pending = [(path, value)]
    while pending:
        where, node = pending.pop()
        found.setdefault(where, set()).add(json_type(node))
        if isinstance(node, dict):
            pending.extend((f"{where}.{key}", item) for key, item in node.items())
        elif isinstance(node, list):
            pending.extend((f"{where}[]", item) for item in node)
    return {where: "|".join(sorted(types)) for where, types in sorted(found.items())}


def error_code(body: Any) -> str | None:
    """The SWR error code in any of its documented places (new, old, top-level legacy)."""
    if isinstance(body, list) and body and isinstance(body[0], dict):
        body = body[0]  # the legacy bare-array form
    if not isinstance(body, dict):
        return None
    for key in ("error_code", "errorCode"):
        if isinstance(body.get(key), str):
            return str(body[key])
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        code = errors[0].get("errorCode")
        return code if isinstance(code, str) else None
    return None


def observe(step: str, request: str, response: requests.Response) -> Observation:
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = response.text
    return Observation(
        step=step,
        request=request,
        status=response.status_code,
        error_code=error_code(body) if response.status_code >= 400 else None,
        fields=shape(body) if response.status_code < 400 else {},
        headers=[name for name in HEADERS if name in response.headers],
    )


def differences(target: Observation, reference: Observation) -> list[str]:
    """What differs between the target's and the reference's answer to the same step."""
    found = []
    if target.status != reference.status:
        found.append(f"status {target.status} vs {reference.status}")
    if target.error_code != reference.error_code:
        found.append(f"error code {target.error_code} vs {reference.error_code}")
    for where in sorted(set(target.fields) | set(reference.fields)):
        mine, theirs = target.fields.get(where), reference.fields.get(where)
        if mine != theirs:
            found.append(f"field {where}: {mine or 'absent'} vs {theirs or 'absent'}")
    for name in HEADERS:
        if (name in target.headers) != (name in reference.headers):
            found.append(f"header {name}: {'present' if name in target.headers else 'absent'} vs "
                         f"{'present' if name in reference.headers else 'absent'}")  # fmt: skip
    return found


@dataclass
class Report:
    """Every scenario's differences, written as JSON and Markdown at the end of the session."""

    target: str
    reference: str
    scenarios: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, scenario: str, pairs: list[tuple[Observation, Observation | None]]) -> list[str]:
        """Record a scenario; returns its differences as lines (empty when it matched)."""
        rows, lines = [], []
        for mine, theirs in pairs:
            found = differences(mine, theirs) if theirs is not None else []
            found += [f"{problem} ({self.target})" for problem in mine.unexpected()]
            rows.append({"observed": asdict(mine), "differences": found})
            lines += [f"{mine.step} [{mine.request}]: {problem}" for problem in found]
        self.scenarios[scenario] = rows
        return lines

    def write(self, path: Path) -> None:
        path.with_suffix(".json").write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        out = [f"# Contract report: {self.target} compared with {self.reference}", ""]
        total = 0
        for scenario, rows in self.scenarios.items():
            found = [(row["observed"], problem) for row in rows for problem in row["differences"]]
            total += len(found)
            out.append(f"## {scenario}: {'matches' if not found else f'{len(found)} differences'}")
            out += [f"- `{obs['step']}` `{obs['request']}`: {problem}" for obs, problem in found]
            out.append("")
        out.insert(2, f"{total} differences in {len(self.scenarios)} scenarios.\n")
        path.with_suffix(".md").write_text("\n".join(out), encoding="utf-8")
