"""Helpers for the server tests: SDK clients and raw sockets pointed at a running server."""

from __future__ import annotations

import socket
from typing import Any

from swr_fake import FakeSwr


def sdk_client(server: Any, *, project_id: str | None = None, region: str | None = None, **http: Any) -> Any:
    """The official SDK's ``SwrClient`` sending to the server over a real socket."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkswr.v2 import SwrClient

    fake: FakeSwr = server.fake
    if project_id is None:
        project_id = fake.project_id(region)
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    for name, value in http.items():
        setattr(config, name, value)
    credentials = BasicCredentials(fake.access_key, fake.secret_key, project_id)
    return (
        SwrClient.new_builder()
        .with_credentials(credentials)
        .with_endpoints([server.url])
        .with_http_config(config)
        .build()
    )


def raw_exchange(server: Any, data: bytes, *, timeout: float = 5.0) -> bytes:
    """Send bytes on a fresh connection and read until the server closes it."""
    host, _, port = server.registry.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as conn:
        conn.sendall(data)
        chunks = []
        try:
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except ConnectionResetError:
            pass
        return b"".join(chunks)
