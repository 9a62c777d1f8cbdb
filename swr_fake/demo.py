"""An offline tour: a team's registry workflow driven through the official SDK."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from .clock import FrozenClock
from .fake import FakeSwr, mock_swr


def _step(title: str, call: Callable[[], Any], show: Callable[[Any], str] | None = None) -> Any:
    from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException

    try:
        result = call()
    except ClientRequestException as error:
        print(f"  ✗ {title}: HTTP {error.status_code} {error.error_code} — {error.error_msg}")
        return None
    status = getattr(result, "status_code", None)
    extra = f" — {show(result)}" if show is not None else ""
    print(f"  ✓ {title}: HTTP {status}{extra}")
    return result


@contextlib.contextmanager
def _throwaway_home() -> Iterator[None]:
    """``HOME`` points to a temporary directory inside the block, removed afterwards.

    The SDK writes ``~/.huaweicloud/application_id`` when it is first imported: the demo keeps
    that out of the user's home, and leaves nothing behind."""
    saved = os.environ.get("HOME")
    with tempfile.TemporaryDirectory(prefix="swr-fake-demo-") as home:
        os.environ["HOME"] = home
        try:
            yield
        finally:
            if saved is None:
                del os.environ["HOME"]
            else:
                os.environ["HOME"] = saved


def run_demo() -> int:
    """Prints the tour; 0 on success, 1 when the SDK (the ``sdk`` extra) is not installed."""
    with _throwaway_home():
        try:
            from huaweicloudsdkswr.v2 import model as m
        except ImportError:
            print("The demo drives the official SDK: pip install 'swr-fake[sdk]'")
            return 1

        with mock_swr(seed=7, clock=FrozenClock(tick=timedelta(seconds=1))) as swr:
            _tour(swr, m)
    return 0


def _tour(swr: FakeSwr, m: Any) -> None:
    client = swr.client()
    print(f"Fake SWR at {swr.endpoint} (account {swr.domain_name!r}), all offline.\n")

    print("Organizations")
    _step(
        "create organization 'acme'",
        lambda: client.create_namespace(m.CreateNamespaceRequest(body=m.CreateNamespaceRequestBody(namespace="acme"))),
    )
    _step(
        "create organization 'Acme_' (bad name)",
        lambda: client.create_namespace(m.CreateNamespaceRequest(body=m.CreateNamespaceRequestBody(namespace="Acme_"))),
    )
    _step(
        "create organization 'acme' again",
        lambda: client.create_namespace(m.CreateNamespaceRequest(body=m.CreateNamespaceRequestBody(namespace="acme"))),
    )

    print("\nRepositories and images")
    _step(
        "create repository 'web/frontend'",
        lambda: client.create_repo(
            m.CreateRepoRequest(
                namespace="acme",
                body=m.CreateRepoRequestBody(repository="web/frontend", is_public=False, category="app_server"),
            )
        ),
    )
    for tag in ("1.0", "1.1", "2.0"):
        digest = swr.push_image("acme", "web/frontend", tag)
        print(f"  ✓ docker push acme/web/frontend:{tag} → {digest[:19]}…")
    _step(
        "tag 2.0 as 'stable'",
        lambda: client.create_repo_tag(
            m.CreateRepoTagRequest(
                namespace="acme",
                repository="web$frontend",
                body=m.CreateRepoTagRequestBody(source_tag="2.0", destination_tag="stable"),
            )
        ),
    )
    _step(
        "list tags, 2 per page",
        lambda: client.list_repository_tags(
            m.ListRepositoryTagsRequest(
                namespace="acme", repository="web$frontend", limit="2", offset="0", order_column="tag", order_type="asc"
            )
        ),
        lambda r: f"{[t.tag for t in r.body]}, Content-Range {r.content_range}",
    )
    _step(
        "show repository",
        lambda: client.show_repository(m.ShowRepositoryRequest(namespace="acme", repository="web$frontend")),
        lambda r: f"{r.num_images} tags, {r.size} bytes, {r.path}",
    )

    print("\nRetention, triggers and sync: what the service does after a push")
    rule = m.Rule(
        template="tag_rule", params={"num": "2"}, tag_selectors=[m.TagSelector(kind="label", pattern="stable")]
    )
    _step(
        "retention policy: keep the 2 newest tags, never 'stable'",
        lambda: client.create_retention(
            m.CreateRetentionRequest(
                namespace="acme",
                repository="web$frontend",
                body=m.CreateRetentionRequestBody(algorithm="or", rules=[rule]),
            )
        ),
        lambda r: f"policy id {r.id}",
    )
    trigger = m.CreateTriggerRequestBody(
        name="deploy-web", action="update", app_type="deployments", application="frontend", cluster_ns="default",
        cluster_id="cce-prod", cluster_name="prod", trigger_type="all", condition=".*", enable="true",
    )  # fmt: skip
    _step(
        "trigger: update deployment 'frontend' on every push",
        lambda: client.create_trigger(
            m.CreateTriggerRequest(namespace="acme", repository="web$frontend", body=trigger)
        ),
    )
    _oras_push(swr, client, m, "acme/web/frontend:3.0")
    _step(
        "retention histories",
        lambda: client.list_retention_histories(
            m.ListRetentionHistoriesRequest(namespace="acme", repository="web$frontend")
        ),
        lambda r: f"deleted {[log.tag for log in r.retention_log]}",
    )
    _step(
        "trigger history",
        lambda: client.show_trigger(
            m.ShowTriggerRequest(namespace="acme", repository="web$frontend", trigger="deploy-web")
        ),
        lambda r: ", ".join(f"{h.tag}: {h.result}" for h in r.trigger_history or []),
    )
    east = swr.client("cn-east-3")
    _step(
        "create organization 'acme' in cn-east-3",
        lambda: east.create_namespace(m.CreateNamespaceRequest(body=m.CreateNamespaceRequestBody(namespace="acme"))),
    )
    _step(
        "sync 3.0 to cn-east-3",
        lambda: client.create_manual_image_sync_repo(
            m.CreateManualImageSyncRepoRequest(
                namespace="acme",
                repository="web$frontend",
                body=m.CreateManualImageSyncRepoRequestBody(
                    remote_region_id="cn-east-3", remote_namespace="acme", image_tag=["3.0"]
                ),
            )
        ),
    )
    _step(
        "tags in cn-east-3",
        lambda: east.list_repository_tags(m.ListRepositoryTagsRequest(namespace="acme", repository="web$frontend")),
        lambda r: str([t.tag for t in r.body or []]),
    )

    print("\nSharing and permissions")
    _step(
        "share with account 'partner' until 2099-12-31",
        lambda: client.create_repo_domains(
            m.CreateRepoDomainsRequest(
                namespace="acme",
                repository="web$frontend",
                body=m.CreateRepoDomainsRequestBody(
                    access_domain="partner", permit="read", deadline="2099-12-31T00:00:00Z"
                ),
            )
        ),
    )
    _step(
        "grant user 'dev1' read on 'acme'",
        lambda: client.create_namespace_auth(
            m.CreateNamespaceAuthRequest(
                namespace="acme", body=[m.UserAuth(user_id="u-dev1", user_name="dev1", auth=1)]
            )
        ),
    )
    _step(
        "who has access to 'acme'",
        lambda: client.show_namespace_auth(m.ShowNamespaceAuthRequest(namespace="acme")),
        lambda r: ", ".join(f"{a.user_name}={a.auth}" for a in r.others_auths),
    )

    print("\nCleaning up")
    _step(
        "delete organization while it holds images",
        lambda: client.delete_namespaces(m.DeleteNamespacesRequest(namespace="acme")),
    )
    _step(
        "delete repository",
        lambda: client.delete_repo(m.DeleteRepoRequest(namespace="acme", repository="web$frontend")),
    )
    _step("delete organization", lambda: client.delete_namespaces(m.DeleteNamespacesRequest(namespace="acme")))
    print(f"\n{len(swr.calls)} API calls answered; operations: {sorted({c.operation or '?' for c in swr.calls})}")


def _oras_push(swr: FakeSwr, client: Any, m: Any, reference: str) -> None:
    """A push with a real registry client (oras-py), logged in with ``create_secret``'s command."""
    try:
        import oras.client
    except ImportError:  # the registry client is a test dependency; the SDK-only install pushes directly
        namespace, _, rest = reference.partition("/")
        repository, _, tag = rest.partition(":")
        swr.push_image(namespace, repository, tag)
        print(f"  ✓ docker push {reference} (pip install oras to push with a real registry client)")
        return
    login = _step(
        "temporary docker login (create_secret)",
        lambda: client.create_secret(m.CreateSecretRequest(projectname=swr.region)),
        lambda r: r.x_swr_dockerlogin.split(" -p ")[0],
    )
    words = login.x_swr_dockerlogin.split()
    username, password = words[words.index("-u") + 1], words[words.index("-p") + 1]
    [host] = login.auths  # {registry host: {"auth": base64(user:password)}}
    registry = oras.client.OrasClient(hostname=host, auth_backend="token")
    registry.login(username, password, hostname=host)
    with tempfile.TemporaryDirectory() as folder:
        artifact = os.path.join(folder, "site.tar")
        with open(artifact, "wb") as out:
            out.write(b"release 3.0")
        pushed = registry.push(target=f"{host}/{reference}", files=[artifact], disable_path_validation=True, quiet=True)
    digest = pushed.headers["Docker-Content-Digest"]
    print(f"  ✓ oras push {host}/{reference}: HTTP {pushed.status_code} → {digest[:19]}…")
