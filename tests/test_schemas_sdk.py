"""The JSON Schemas under ``schemas/`` against the official SDK's models and the documented examples.

Request schemas must agree with the SDK's request-body models (keys, JSON types, mandatory fields);
response schemas must list exactly the JSON keys the SDK's response models map, recursively.
"""

from __future__ import annotations

import ast
import csv
import inspect
import json
import pathlib
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from swr_fake.schemas import (
    load_schema,
    operations_with_schemas,
    request_validator,
    request_violation,
    response_validator,
    schema_dir,
)

M = pytest.importorskip("huaweicloudsdkswr.v2.model")

# --------------------------------------------------------------------------------------- the operations

SHARED_OPERATIONS = [
    "check_agency",
    "create_agency",
    "create_authorization_token",
    "create_image_sync_repo",
    "create_manual_image_sync_repo",
    "create_namespace",
    "create_namespace_auth",
    "create_repo",
    "create_repo_domains",
    "create_repo_tag",
    "create_retention",
    "create_secret",
    "create_trigger",
    "create_user_repository_auth",
    "delete_image_sync_repo",
    "delete_namespace_auth",
    "delete_namespaces",
    "delete_repo",
    "delete_repo_domains",
    "delete_repo_tag",
    "delete_retention",
    "delete_trigger",
    "delete_user_repository_auth",
    "list_image_auto_sync_repos_details",
    "list_namespaces",
    "list_quotas",
    "list_references",
    "list_repo_accessories",
    "list_repo_details",
    "list_repo_domains",
    "list_repos_details",
    "list_repository_tag",
    "list_repository_tags",
    "list_retention_histories",
    "list_retentions",
    "list_shared_repo_details",
    "list_shared_repos_details",
    "list_sync_regions",
    "list_triggers_details",
    "show_access_domain",
    "show_domain_overview",
    "show_domain_resource_reports",
    "show_namespace",
    "show_namespace_auth",
    "show_repo_tag",
    "show_repository",
    "show_retention",
    "show_share_feature_gates",
    "show_sync_job",
    "show_trigger",
    "show_user_repository_auth",
    "update_namespace_auth",
    "update_repo",
    "update_repo_domains",
    "update_retention",
    "update_trigger",
    "update_user_repository_auth",
    "list_api_versions",
    "show_api_version",
]

OPERATIONS_TSV = pathlib.Path(__file__).resolve().parents[2] / "shared" / "reference" / "sdk-operations.tsv"

# Keys a real response may carry beyond the SDK model (read by other clients); declared, not required.
EXTRA_KEYS = {
    "ShowNamespace": {"access_user_count", "repo_count"},
    "ShowNamespaceResponse": {"access_user_count", "repo_count"},
}
# Pagination keys that are absent on the last page.
OPTIONAL_RESPONSE_KEYS = {"nextMarker", "next_marker", "has_more"}
# (model, JSON key) pairs the SDK marks mandatory that the real service lets a request omit
# (docs/decisions.md: otcextensions' functional test updates a repository without `is_public`).
OPTIONAL_IN_PRACTICE = {("UpdateRepoRequestBody", "is_public")}
# (model, JSON key) pairs that are null in real responses.
NULLABLE = {("ShowReposTagResp", "deleted")}

SIMPLE_TYPES = {"str": "string", "int": "integer", "bool": "boolean", "float": "number", "object": "object"}
HEADER_KEY = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")  # 'Content-Range', 'X-Swr-Dockerlogin', 'x-swr-expireat'


def test_operation_list_matches_reference() -> None:
    if not OPERATIONS_TSV.is_file():
        pytest.skip("shared/reference/sdk-operations.tsv is not beside the checkout")
    with OPERATIONS_TSV.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["edition"] == "shared"]
    assert sorted(row["sdk_operation"] for row in rows) == sorted(SHARED_OPERATIONS)
    assert len(SHARED_OPERATIONS) == 59


def sdk_schemas(kind: str) -> set[str]:
    """The operations of the SDK that have a schema of this kind (the v1 API's are not the SDK's)."""
    return {op for op in operations_with_schemas()[kind] if not op.startswith("v1_")}


def camel(operation: str) -> str:
    return "".join(part.capitalize() for part in operation.split("_"))


def request_model(operation: str) -> type:
    cls: type = getattr(M, camel(operation) + "Request")
    return cls


def response_model(operation: str) -> type:
    cls: type = getattr(M, camel(operation) + "Response")
    return cls


def header_attrs(cls: type) -> set[str]:
    return {attr for attr, key in cls.attribute_map.items() if HEADER_KEY.fullmatch(key)}  # type: ignore[attr-defined]


def json_attrs(cls: type) -> dict[str, str]:
    """attribute -> JSON key, without the header-mapped attributes."""
    skip = header_attrs(cls)
    return {attr: key for attr, key in cls.attribute_map.items() if attr not in skip}  # type: ignore[attr-defined]


def mandatory_attrs(cls: type) -> set[str]:
    """The SDK assigns mandatory fields unconditionally, optional ones under ``if x is not None:``."""
    source = inspect.getsource(cls.__init__)  # type: ignore[misc]
    body_indent = re.search(r"^( +)self\.discriminator = None$", source, re.M)
    assert body_indent is not None, cls
    pad = body_indent.group(1)
    attrs: dict[str, str] = cls.openapi_types  # type: ignore[attr-defined]
    return {attr for attr in attrs if re.search(rf"^{pad}self\.{attr} = {attr}$", source, re.M)}


def test_header_attributes_are_the_documented_response_headers() -> None:
    found: dict[str, set[str]] = {}
    for op in SHARED_OPERATIONS:
        cls = response_model(op)
        found[op] = {cls.attribute_map[attr].lower() for attr in header_attrs(cls)}  # type: ignore[attr-defined]
    expected = {
        "create_authorization_token": {"x-swr-dockerlogin", "x-swr-expireat"},
        "create_secret": {"x-swr-dockerlogin", "x-swr-expireat"},
        **{
            op: {"content-range"}
            for op in (
                "list_repos_details",
                "list_repository_tags",
                "list_retention_histories",
                "list_shared_repos_details",
                "show_sync_job",
            )
        },
    }
    assert {op: keys for op, keys in found.items() if keys} == expected


# --------------------------------------------------------------------------------- the files themselves

ALL_FILES = sorted(path for kind in ("requests", "responses") for path in (schema_dir() / kind).glob("*.json"))


def test_schema_dir_holds_both_kinds() -> None:
    assert (schema_dir() / "requests").is_dir() and (schema_dir() / "responses").is_dir()
    assert {path.parent.name for path in ALL_FILES} == {"requests", "responses"}


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_file_is_a_valid_2020_12_schema(path: pathlib.Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    refs = set(re.findall(r'"\$ref": "([^"]+)"', path.read_text(encoding="utf-8")))
    defs = set(schema.get("$defs", {}))
    assert {ref.removeprefix("#/$defs/") for ref in refs} == defs, "every $ref is local and every $def is used"
    assert load_schema(path.parent.name, path.stem) == schema  # type: ignore[arg-type]


def test_sdk_operations_with_a_request_body_have_a_request_schema() -> None:
    with_body = {op for op in SHARED_OPERATIONS if "body" in request_model(op).openapi_types}  # type: ignore[attr-defined]
    assert sdk_schemas("requests") == with_body
    assert len(with_body) == 19


def test_sdk_operations_with_a_json_response_have_a_response_schema() -> None:
    with_json = {op for op in SHARED_OPERATIONS if json_attrs(response_model(op))}
    assert sdk_schemas("responses") == with_json
    assert len(with_json) == 35


def test_operations_without_a_body_have_no_validator() -> None:
    assert load_schema("requests", "list_namespaces") is None
    assert request_validator("list_namespaces") is None
    assert response_validator("create_namespace") is None
    assert request_violation("list_namespaces", {"anything": 1}) is None
    with pytest.raises(ValueError):
        load_schema("other", "create_namespace")  # type: ignore[arg-type]


def test_loader_reads_nothing_at_import() -> None:
    """Module level of swr_fake.schemas: no jsonschema import outside TYPE_CHECKING, no file access."""
    import swr_fake.schemas as module

    tree = ast.parse(pathlib.Path(module.__file__).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.If):  # the TYPE_CHECKING block
            assert ast.unparse(node.test) == "TYPE_CHECKING"
            continue
        for sub in ast.walk(node):
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                break
            if isinstance(sub, ast.ImportFrom | ast.Import):
                names = [sub.module] if isinstance(sub, ast.ImportFrom) else [a.name for a in sub.names]
                assert not any(str(name).startswith("jsonschema") for name in names)
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute):
                assert sub.func.attr not in {"read_text", "open", "glob", "loads"}


def test_validators_are_cached() -> None:
    assert request_validator("create_repo") is request_validator("create_repo")
    assert response_validator("show_repository") is response_validator("show_repository")


# --------------------------------------------------------------------------- agreement with the SDK models


class Comparer:
    """Walks a schema alongside an SDK type string and collects disagreements."""

    def __init__(self, root: dict[str, Any], kind: str) -> None:
        self.root = root
        self.kind = kind
        self.problems: list[str] = []

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/$defs/"), ref
            node = self.root["$defs"][ref.removeprefix("#/$defs/")]
        return node

    @staticmethod
    def types(node: dict[str, Any]) -> set[str]:
        kind = node.get("type")
        return set(kind) if isinstance(kind, list) else {kind} if kind else set()

    def check(self, node: dict[str, Any], sdk_type: str, where: str, nullable: bool = False) -> None:
        node = self.resolve(node)
        types = self.types(node)
        if "null" in types and not nullable:
            self.problems.append(f"{where}: allows null")
        types.discard("null")
        if sdk_type in SIMPLE_TYPES:
            expected = SIMPLE_TYPES[sdk_type]
            if types != {expected}:
                self.problems.append(f"{where}: SDK {sdk_type} but schema type {sorted(types)}")
        elif sdk_type.startswith("list["):
            if types != {"array"}:
                self.problems.append(f"{where}: SDK {sdk_type} but schema type {sorted(types)}")
            else:
                self.check(node["items"], sdk_type[5:-1], f"{where}[]")
        elif sdk_type.startswith("dict(str, "):
            if types != {"object"} or not isinstance(node.get("additionalProperties"), dict):
                self.problems.append(f"{where}: SDK {sdk_type} needs an object with additionalProperties")
            else:
                self.check(node["additionalProperties"], sdk_type[len("dict(str, ") : -1], f"{where}{{}}")
        else:
            self.model(node, getattr(M, sdk_type), where)

    def model(self, node: dict[str, Any], cls: type, where: str) -> None:
        node = self.resolve(node)
        name = cls.__name__
        if self.types(node) != {"object"}:
            self.problems.append(f"{where}: SDK model {name} but schema type {self.types(node)}")
            return
        attrs = json_attrs(cls)
        keys = set(attrs.values())
        extras = EXTRA_KEYS.get(name, set())
        properties: dict[str, Any] = node.get("properties", {})
        if set(properties) != keys | extras:
            missing, unknown = sorted(keys - set(properties)), sorted(set(properties) - keys - extras)
            self.problems.append(f"{where} ({name}): missing {missing}, unknown {unknown}")
        # A conditional shape (show_access_domain: the full share when `exist` is true) lists its
        # required keys under `then`.
        required = set(node.get("required", [])) | set(node.get("then", {}).get("required", []))
        if self.kind == "requests":
            expected_required = {attrs[a] for a in mandatory_attrs(cls)} - {
                key for model, key in OPTIONAL_IN_PRACTICE if model == name
            }
            closed = node.get("additionalProperties") is not True
        else:
            expected_required = keys - OPTIONAL_RESPONSE_KEYS
            closed = node.get("additionalProperties") is not False
        if required != expected_required:
            self.problems.append(f"{where} ({name}): required {sorted(required)} != {sorted(expected_required)}")
        if closed:
            self.problems.append(f"{where} ({name}): additionalProperties must be {self.kind == 'requests'}")
        for attr, key in attrs.items():
            if key in properties:
                sdk_type = cls.openapi_types[attr]  # type: ignore[attr-defined]
                self.check(properties[key], sdk_type, f"{where}.{key}" if where else key, (name, key) in NULLABLE)
        for key in extras & set(properties):
            if self.resolve(properties[key]).get("type") != "integer":
                self.problems.append(f"{where}.{key}: extra key must be an integer")


@pytest.mark.parametrize("operation", sorted(sdk_schemas("requests")))
def test_request_schema_agrees_with_sdk(operation: str) -> None:
    schema = load_schema("requests", operation)
    assert schema is not None
    comparer = Comparer(schema, "requests")
    comparer.check(schema, request_model(operation).openapi_types["body"], "")  # type: ignore[attr-defined]
    assert comparer.problems == []


@pytest.mark.parametrize("operation", sorted(sdk_schemas("responses")))
def test_response_schema_agrees_with_sdk(operation: str) -> None:
    schema = load_schema("responses", operation)
    assert schema is not None
    cls = response_model(operation)
    comparer = Comparer(schema, "responses")
    if "body" in cls.openapi_types:  # type: ignore[attr-defined]
        comparer.check(schema, cls.openapi_types["body"], "")  # type: ignore[attr-defined]
    else:
        comparer.model(schema, cls, "")
    assert comparer.problems == []


# ---------------------------------------------------------------------------------- documented examples

REPO_DETAIL = {
    "id": 379367, "ns_id": 7, "name": "test", "category": "other", "description": "",
    "creator_id": "ff4f44473a1d4ab3847906410af2d152", "creator_name": "test",
    "size": 1304902, "is_public": True, "num_images": 1, "num_download": 3, "url": "",
    "path": "swr.cn-north-4.myhuaweicloud.com/group/test",
    "internal_path": "swr.cn-north-4.myhuaweicloud.com/group/test",
    "created": "2020-10-30T11:35:02.939134Z", "updated": "2020-10-30T11:47:46.084808Z",
    "domain_id": "8b1e***********************b633fb", "priority": 0,
}  # fmt: skip
REPO_ITEM = {
    "name": "nginx", "category": "linux", "description": "", "size": 200977474, "is_public": False,
    "num_images": 2, "num_download": 0,
    "created_at": "2017-01-01T00:00:00Z", "updated_at": "2017-09-11T03:00:02.542841141Z",
    "logo": "", "url": "", "path": "swr.cn-north-4.myhuaweicloud.com/root/nginx",
    "internal_path": "10.125.0.198:20202/root/nginx", "domain_name": "root", "namespace": "root",
    "tags": ["latest", "log"], "status": False, "total_range": 4,
}  # fmt: skip
TAG_ITEM = {
    "id": 0, "repo_id": 0, "Tag": "latest",
    "image_id": "741f24a795d6d93d7c6edd11780d63c13e16c39615dd9d223378a57a836f2ee6",
    "manifest": '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json"}',
    "digest": "sha256:57b605845a6367c34bfb6ea6477f16852f59aa1861a2b51d10ab77ae0a1dc9c3",
    "schema": 2, "path": "swr.cn-north-4.myhuaweicloud.com/namespace/busybox:latest",
    "internal_path": "10.125.0.198:20202/namespace/busybox:latest", "size": 1304902, "is_trusted": False,
    "created": "2018-07-06T06:18:55Z", "updated": "2018-07-06T06:18:55Z", "deleted": None,
    "domain_id": "050*****************6d70a960", "scanned": False, "tag_type": 0,
}  # fmt: skip
TAG_V3 = {
    "id": 11, "repo_id": 379367, "tag": "v1", "image_id": "741f", "manifest": "", "digest": "sha256:57b6", "schema": 2,
    "path": "swr.cn-north-4.myhuaweicloud.com/group/test:v1",
    "internal_path": "swr.cn-north-4.myhuaweicloud.com/group/test:v1", "size": 1304902, "is_trusted": False,
    "created": "2020-10-30T11:47:46Z", "updated": "2020-10-30T11:47:46Z", "domain_id": "8b1e", "tag_type": 0,
}  # fmt: skip
HISTORIES = {
    "retention_log": [
        {
            "created_at": "2020-04-17T08:01:09.658309Z", "id": 9088, "namespace": "hwstaff_l00283074",
            "repo": "experience_2048", "retention_id": 91,
            "rule_type": '{"template":"tag_rule","params":{"num":"7"},"tag_selectors":[]}', "tag": "4",
        }
    ],
    "total": 1,
}  # fmt: skip
RETENTION = {
    "algorithm": "or", "id": 222, "scope": "",
    "rules": [
        {
            "params": {"days": "30"}, "template": "date_rule",
            "tag_selectors": [{"kind": "label", "pattern": "v5"}, {"kind": "regexp", "pattern": "^123$"}],
        }
    ],
}  # fmt: skip
TRIGGER = {
    "name": "test", "action": "update", "app_type": "deployments", "application": "nginx",
    "cluster_id": "0b3e4f7c-xxxx", "cluster_name": "cce-test", "cluster_ns": "default", "condition": ".*",
    "container": "", "created_at": "2021-06-10T08:14:42Z", "creator_name": "user01", "enable": "true",
    "trigger_mode": "cce", "trigger_type": "all",
    "trigger_history": [
        {
            "action": "update", "app_type": "deployments", "application": "nginx", "cluster_id": "0b3e4f7c-xxxx",
            "cluster_name": "cce-test", "cluster_ns": "default", "condition": ".*", "container": "",
            "created_at": "2021-06-11T01:00:00Z", "creator_name": "user01", "detail": "", "result": "success",
            "tag": "v1",
        }
    ],
}  # fmt: skip
SYNC_REPO = {
    "createdAt": "2024-05-01T08:00:00Z", "domainID": "8b1e", "domainName": "tenant-a", "id": 12, "namespace": "group",
    "override": False, "remoteNamespace": "group-dev", "remoteRegionId": "cn-east-3", "repoName": "test",
    "syncAuto": True, "updatedAt": "2024-05-01T08:00:00Z",
}  # fmt: skip
SYNC_JOB = {
    "createdAt": "2024-05-01T08:00:00Z", "domainID": "8b1e", "domainName": "tenant-a", "id": 101, "namespace": "group",
    "override": False, "remoteNamespace": "group-dev", "remoteRegionId": "cn-east-3", "repoName": "test",
    "status": "success", "syncOperatorId": "ff4f", "syncOperatorName": "user01", "tag": "v1",
    "updatedAt": "2024-05-01T08:01:00Z",
}  # fmt: skip
SHARE = {
    "namespace": "demo", "repository": "paas", "access_domain": "swr", "permit": "read",
    "deadline": "2018-10-01T16:00:00.000Z", "description": "description",
    "creator_id": "fb3f175c1fd146ab8cdae3272be6107b", "creator_name": "user1",
    "created": "2017-04-08T14:12:23Z", "updated": "2017-04-13T21:01:11Z", "status": False,
}  # fmt: skip
VERSION = {
    "id": "v2", "links": {"href": "https://swr-api.cn-north-4.myhuaweicloud.com/v2/", "rel": "self"},
    "min_version": "2.0", "status": "CURRENT", "updated": "2020-07-09T00:00:00Z", "version": "2.26",
}  # fmt: skip
AUTHS = {"auths": {"swr.cn-north-4.myhuaweicloud.com": {"auth": "Y24tbm9ydGgtNEBBSzpwYXNzd29yZA=="}}}
USER_AUTHS = {
    "self_auth": {"user_id": "3059e6b5562241fda3fa441cca6f228b", "user_name": "user", "auth": 7},
    "others_auths": [{"user_id": "fb3f175c1fd146ab8cdae3272be6107b", "user_name": "user01", "auth": 7}],
}
GATES = dict.fromkeys(
    [
        "enable_experience",
        "enable_hss_service",
        "enable_image_scan",
        "enable_sm3",
        "enable_image_sync",
        "enable_cci_service",
        "enable_image_label",
        "enable_pipeline",
        "enable_authorization_token",
        "enable_resource",
        "enable_list_v3",
        "enable_image_quota",
    ],
    True,
)
REPO_V3 = {
    k: REPO_DETAIL[k]
    for k in ("id", "name", "category", "description", "size", "is_public", "num_images", "num_download")
}
REPO_V3 |= {"created_at": "2020-10-30T11:35:02.939134Z", "updated_at": "2020-10-30T11:47:46.084808Z",
            "domain_name": "tenant-a", "namespace_name": "group", "status": False}  # fmt: skip
ACCESSORY = {
    "id": 1, "domain_id": "8b1e", "namespace_name": "group", "repo_name": "test", "sig_tag": "sha256-57b6.sig",
    "sig_digest": "sha256:aaaa", "target_digest": "sha256:57b6", "size": 1024, "type": "signature",
    "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
}  # fmt: skip

VALID_EXAMPLES: list[tuple[str, Any]] = [
    ("show_repository", REPO_DETAIL),
    ("list_repos_details", [REPO_ITEM]),
    ("list_repos_details", []),
    ("list_shared_repos_details", [REPO_ITEM | {"status": True, "total_range": 1}]),
    ("list_repo_details", {"repos": [REPO_V3], "nextMarker": 379367}),
    ("list_repo_details", {"repos": []}),
    ("list_shared_repo_details", {"repos": [REPO_V3 | {"status": True}]}),
    ("list_repository_tags", [TAG_ITEM]),
    ("list_repository_tags", [TAG_ITEM | {"deleted": "2018-07-07T00:00:00Z"}]),
    ("list_repository_tag", {"tags": [TAG_V3], "nextMarker": "v1", "has_more": True}),
    ("list_repository_tag", {"tags": [TAG_V3], "has_more": False}),
    ("show_repo_tag", TAG_V3),
    ("list_retention_histories", HISTORIES),
    ("list_retentions", [RETENTION]),
    ("show_retention", RETENTION),
    ("create_retention", {"id": 34}),
    ("list_triggers_details", [TRIGGER]),
    ("show_trigger", TRIGGER | {"trigger_history": []}),
    ("list_image_auto_sync_repos_details", [SYNC_REPO]),
    ("show_sync_job", [SYNC_JOB]),
    ("list_sync_regions", [{"regionID": "cn-east-3"}, {"regionID": "cn-south-1"}]),
    ("create_manual_image_sync_repo", []),
    ("list_namespaces", {"namespaces": [{"id": 1422, "name": "group", "creator_name": "username", "auth": 7}]}),
    (
        "list_namespaces",
        {
            "namespaces": [
                {"id": 7, "name": "g", "creator_name": "t", "auth": 7, "access_user_count": 1, "repo_count": 0}
            ]
        },
    ),
    ("show_namespace", {"id": 1422, "name": "demo", "creator_name": "lgp", "auth": 7}),
    ("show_namespace_auth", {"id": 1422, "name": "test", "creator_name": "user01", **USER_AUTHS}),
    ("show_user_repository_auth", {"id": 1422, "name": "group", **USER_AUTHS}),
    ("list_repo_domains", [SHARE]),
    ("show_access_domain", {"exist": True, **SHARE, "deadline": "forever", "status": True}),
    ("create_secret", AUTHS),
    ("create_authorization_token", AUTHS),
    ("list_quotas", {"quotas": [{"quota_limit": 15, "quota_key": "namespace", "unit": "", "used": 1}]}),
    (
        "show_domain_overview",
        {
            "domain_id": "08d35",
            "domain_name": "",
            "namspace_num": 36,
            "repo_num": 20,
            "image_num": 36,
            "store_space": 99.21,
            "downflow_size": 0,
        },
    ),  # fmt: skip
    ("show_domain_resource_reports", [{"date": "2024-09-01", "value": 0}, {"date": "2024-09-02", "value": 1.5}]),
    ("show_share_feature_gates", GATES),
    ("list_api_versions", {"versions": [VERSION]}),
    ("show_api_version", {"version": VERSION | {"updated": "2017-12-09T00:00:00Z"}}),
    ("check_agency", {"domain_id": "8b1e", "is_agency": True}),
    ("list_references", {"tags": ["v1", "v2"], "next_marker": "v2", "has_more": False}),
    ("list_references", {"tags": []}),
    ("list_repo_accessories", {"total": 1, "accessories": [ACCESSORY]}),
]


def _without(item: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != key}


INVALID_EXAMPLES: list[tuple[str, str, Any]] = [
    ("wrong type: size as a string", "show_repository", REPO_DETAIL | {"size": "1304902"}),
    ("missing required: priority", "show_repository", _without(REPO_DETAIL, "priority")),
    ("unknown key", "show_repository", REPO_DETAIL | {"created_at": "2020-10-30T11:35:02Z"}),
    ("bare object instead of array", "list_repos_details", REPO_ITEM),
    ("v2 list item without total_range", "list_repos_details", [_without(REPO_ITEM, "total_range")]),
    ("lower-case tag in the v2 tag list", "list_repository_tags", [_without(TAG_ITEM, "Tag") | {"tag": "latest"}]),
    ("null where the model has no null", "show_repo_tag", TAG_V3 | {"digest": None}),
    ("deleted is not part of show_repo_tag", "show_repo_tag", TAG_V3 | {"deleted": None}),
    ("total as a string", "list_retention_histories", HISTORIES | {"total": "1"}),
    (
        "snake_case key in a sync rule",
        "list_image_auto_sync_repos_details",
        [_without(SYNC_REPO, "createdAt") | {"created_at": "x"}],
    ),
    ("int marker must be an int", "list_repo_details", {"repos": [], "nextMarker": "379367"}),
    (
        "unknown key in a namespace item",
        "list_namespaces",
        {"namespaces": [{"id": 1, "name": "g", "creator_name": "u", "auth": 7, "foo": 1}]},
    ),
    ("namespaces as a bare array", "list_namespaces", [{"id": 1, "name": "g", "creator_name": "u", "auth": 7}]),
    (
        "correctly spelled namespace_num",
        "show_domain_overview",
        {
            "domain_id": "d",
            "domain_name": "",
            "namespace_num": 1,
            "repo_num": 0,
            "image_num": 0,
            "store_space": 0,
            "downflow_size": 0,
        },
    ),  # fmt: skip
    (
        "integer retention days",
        "show_retention",
        RETENTION | {"rules": [{"template": "date_rule", "params": {"days": 30}, "tag_selectors": []}]},
    ),
    (
        "date_rule without days",
        "show_retention",
        RETENTION | {"rules": [{"template": "date_rule", "params": {"num": "3"}, "tag_selectors": []}]},
    ),
    ("links as an array", "list_api_versions", {"versions": [VERSION | {"links": [VERSION["links"]]}]}),
    ("auth value not an object", "create_secret", {"auths": {"swr.x": "Y24t"}}),
    ("boolean as a string", "show_share_feature_gates", GATES | {"enable_sm3": "true"}),
    ("unknown sync status", "show_sync_job", [SYNC_JOB | {"status": "done"}]),
    ("missing has-more-independent tags", "list_repository_tag", {"nextMarker": "v1"}),
]


@pytest.mark.parametrize(("operation", "body"), VALID_EXAMPLES, ids=[op for op, _ in VALID_EXAMPLES])
def test_documented_example_is_valid(operation: str, body: Any) -> None:
    validator = response_validator(operation)
    assert validator is not None
    assert [error.message for error in validator.iter_errors(body)] == []


@pytest.mark.parametrize(
    ("operation", "body"), [(op, body) for _, op, body in INVALID_EXAMPLES], ids=[why for why, _, _ in INVALID_EXAMPLES]
)
def test_broken_example_is_rejected(operation: str, body: Any) -> None:
    validator = response_validator(operation)
    assert validator is not None
    assert not validator.is_valid(body)


# ------------------------------------------------------------------------------------------ request bodies

RULE = {"template": "date_rule", "params": {"days": "30"}, "tag_selectors": [{"kind": "label", "pattern": "v5"}]}
TRIGGER_BODY = {
    "name": "deploy-1", "action": "update", "app_type": "deployments", "application": "nginx",
    "cluster_ns": "default", "condition": ".*", "enable": "true", "trigger_type": "all",
}  # fmt: skip

VALID_REQUESTS: list[tuple[str, Any]] = [
    ("create_namespace", {"namespace": "group"}),
    ("create_namespace", {"namespace": "a" * 64, "unknown": "ignored"}),
    (
        "create_repo",
        {
            "repository": "busybox",
            "category": "linux",
            "description": "this is a busybox repository",
            "is_public": True,
        },
    ),
    ("create_repo", {"repository": "a" * 128, "is_public": False}),
    ("update_repo", {"is_public": False, "category": "windows", "description": ""}),
    ("create_repo_tag", {"source_tag": "v1", "destination_tag": "v2"}),
    (
        "create_repo_domains",
        {"access_domain": "demo", "permit": "read", "deadline": "2018-10-01T16:00:00.000Z", "description": "d"},
    ),
    ("create_repo_domains", {"access_domain": "demo", "permit": "read", "deadline": "forever"}),
    ("update_repo_domains", {"permit": "read", "deadline": "2021-10-01"}),
    ("create_namespace_auth", [{"user_id": "fb3f175c1fd146ab8cdae3272be6107b", "user_name": "user01", "auth": 1}]),
    (
        "update_user_repository_auth",
        [{"user_id": "u", "user_name": "n", "auth": 7}, {"user_id": "v", "user_name": "m", "auth": 3}],
    ),
    ("delete_namespace_auth", ["fb3f175c1fd146ab8cdae3272be6107b"]),
    ("delete_user_repository_auth", ["u1", "u2"]),
    (
        "create_retention",
        {"algorithm": "or", "rules": [RULE, {"template": "tag_rule", "params": {"num": 7}, "tag_selectors": []}]},
    ),
    ("update_retention", {"algorithm": "or", "rules": [RULE]}),
    ("create_trigger", TRIGGER_BODY),
    ("create_trigger", TRIGGER_BODY | {"trigger_mode": "cci", "cluster_id": "", "cluster_name": "", "container": "c"}),
    ("update_trigger", {"enable": "false"}),
    (
        "create_image_sync_repo",
        {"remoteRegionId": "cn-east-3", "remoteNamespace": "group-dev", "syncAuto": True, "override": False},
    ),
    ("delete_image_sync_repo", {"remoteRegionId": "cn-east-3", "remoteNamespace": "group-dev"}),
    (
        "create_manual_image_sync_repo",
        {"remoteRegionId": "cn-east-3", "remoteNamespace": "group-dev", "imageTag": ["v1.0", "v2.0"]},
    ),
]


@pytest.mark.parametrize(("operation", "body"), VALID_REQUESTS, ids=[op for op, _ in VALID_REQUESTS])
def test_valid_request_has_no_violation(operation: str, body: Any) -> None:
    assert request_violation(operation, body) is None


BAD_REQUESTS: list[tuple[str, Any, str, str]] = [
    # operation, body, expected path, a word of the message
    ("create_namespace", {}, "namespace", "required"),
    ("create_namespace", {"namespace": 5}, "namespace", "string"),
    ("create_namespace", ["group"], "body", "object"),
    ("create_repo", {"repository": "busybox"}, "is_public", "required"),
    ("create_repo", {"repository": "busybox", "is_public": "true"}, "is_public", "boolean"),
    ("create_repo", {"repository": "busybox", "is_public": True, "category": "games"}, "category", "one of"),
    ("update_repo", {"description": "d", "is_public": "yes"}, "is_public", "boolean"),
    ("create_repo_tag", {"source_tag": "v1", "destination_tag": "v2", "override": "yes"}, "override", "boolean"),
    ("create_repo_domains", {"access_domain": "d", "permit": "write", "deadline": "forever"}, "permit", "one of"),
    ("create_repo_domains", {"access_domain": "d", "permit": "read", "deadline": "next week"}, "deadline", "match"),
    ("create_repo_domains", {"access_domain": "d", "permit": "read"}, "deadline", "required"),
    ("update_repo_domains", {"permit": "read", "deadline": "forever!"}, "deadline", "match"),
    ("create_namespace_auth", {"user_id": "u", "user_name": "n", "auth": 7}, "body", "array"),
    ("create_namespace_auth", [], "body", "non-empty"),
    (
        "create_namespace_auth",
        [{"user_id": "u", "user_name": "n", "auth": 7}, {"user_id": "v", "user_name": "m", "auth": 2}],
        "[1].auth",
        "one of",
    ),
    ("create_user_repository_auth", [{"user_id": "u", "auth": 7}], "[0].user_name", "required"),
    ("update_namespace_auth", [{"user_id": "u", "user_name": "n", "auth": "7"}], "[0].auth", "'7'"),
    ("delete_namespace_auth", ["u1", 2], "[1]", "string"),
    ("create_retention", {"algorithm": "and", "rules": [RULE]}, "algorithm", "one of"),
    ("create_retention", {"algorithm": "or"}, "rules", "required"),
    ("create_retention", {"algorithm": "or", "rules": []}, "rules", "non-empty"),
    (
        "create_retention",
        {"algorithm": "or", "rules": [RULE | {"template": "size_rule"}]},
        "rules[0].template",
        "one of",
    ),
    (
        "create_retention",
        {"algorithm": "or", "rules": [_without(RULE, "tag_selectors")]},
        "rules[0].tag_selectors",
        "required",
    ),
    ("create_retention", {"algorithm": "or", "rules": [RULE | {"params": {}}]}, "rules[0].params.days", "required"),
    (
        "create_retention",
        {"algorithm": "or", "rules": [RULE | {"params": {"days": "thirty"}}]},
        "rules[0].params.days",
        "match",
    ),
    (
        "update_retention",
        {"algorithm": "or", "rules": [{"template": "tag_rule", "params": {"days": "3"}, "tag_selectors": []}]},
        "rules[0].params.num",
        "required",
    ),
    (
        "update_retention",
        {"algorithm": "or", "rules": [RULE | {"tag_selectors": [{"kind": "glob", "pattern": "v*"}]}]},
        "rules[0].tag_selectors[0].kind",
        "one of",
    ),
    ("create_trigger", _without(TRIGGER_BODY, "application"), "application", "required"),
    ("create_trigger", TRIGGER_BODY | {"enable": True}, "enable", "True"),
    ("create_trigger", TRIGGER_BODY | {"app_type": "daemonsets"}, "app_type", "one of"),
    ("create_trigger", TRIGGER_BODY | {"trigger_type": "any"}, "trigger_type", "one of"),
    ("create_trigger", TRIGGER_BODY | {"trigger_mode": "ecs"}, "trigger_mode", "one of"),
    ("update_trigger", {"enable": "yes"}, "enable", "one of"),
    ("create_image_sync_repo", {"remoteRegionId": "cn-east-3"}, "remoteNamespace", "required"),
    (
        "create_image_sync_repo",
        {"remoteRegionId": "cn-east-3", "remoteNamespace": "g", "syncAuto": "true"},
        "syncAuto",
        "boolean",
    ),
    ("delete_image_sync_repo", {"remoteNamespace": "g"}, "remoteRegionId", "required"),
    (
        "create_manual_image_sync_repo",
        {"remoteRegionId": "r", "remoteNamespace": "g", "imageTag": "v1"},
        "imageTag",
        "array",
    ),
    (
        "create_manual_image_sync_repo",
        {"remoteRegionId": "r", "remoteNamespace": "g", "imageTag": ["v1", 2]},
        "imageTag[1]",
        "string",
    ),
]


@pytest.mark.parametrize(
    ("operation", "body", "path", "word"), BAD_REQUESTS, ids=[f"{op}-{path}" for op, _, path, _ in BAD_REQUESTS]
)
def test_request_violation_names_the_field(operation: str, body: Any, path: str, word: str) -> None:
    violation = request_violation(operation, body)
    assert violation is not None
    where, message = violation
    assert where == path
    assert word in message
