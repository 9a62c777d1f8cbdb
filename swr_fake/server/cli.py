"""``swr-fake serve``: run the server until SIGINT or SIGTERM.

Prints, in this order: the base URL alone on the first line of stdout (scripts read it with
``head -1``), then ``export`` lines for the environment an SDK user sets, the CA path with
``--tls``. Exits 1 with a message on stderr when the address cannot be bound.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any


def _port(text: str) -> int:
    """A TCP port for argparse: 0 (any free one) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {port}")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, loopback only)")
    parser.add_argument("--port", type=_port, default=0, help="port to bind (default: 0, a free one)")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a certificate from a throwaway CA")
    parser.add_argument("--region", default=None, help="region for requests that name none (default: cn-north-4)")
    parser.add_argument("--state", metavar="FILE", help="load this state file (GET /_fake/state) at start")
    parser.add_argument("--seed", type=int, default=0, help="seed of the ids and random strings")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")


def serve(args: Any) -> int:
    from ..backend import DEFAULT_REGION
    from ..fake import FakeSwr
    from ..hosts import known_region, suggest_region
    from ..state import StateError, load_state
    from .listener import SwrServer

    region = args.region or DEFAULT_REGION
    if not known_region(region):
        print(f"swr-fake serve: unknown region {region!r}{suggest_region(region)}", file=sys.stderr)
        return 2
    fake = FakeSwr(region=region, seed=args.seed)
    if args.state:
        try:
            with open(args.state, encoding="utf-8") as file:
                load_state(fake, json.load(file))
        except (OSError, ValueError, StateError) as error:
            print(f"swr-fake serve: cannot load state from {args.state}: {error}", file=sys.stderr)
            return 1
    server = SwrServer(fake, host=args.host, port=args.port, tls=args.tls, region=region, quiet=not args.verbose)
    try:
        server.start()
    except OSError as error:
        print(f"swr-fake serve: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    lines = [server.url]
    lines += [f"export {name}={value}" for name, value in _user_env(server, region).items()]
    if server.ca_path:
        lines.append(f"ca: {server.ca_path}")
    print("\n".join(lines), flush=True)
    try:
        while not stop.wait(0.2):
            pass
    finally:
        server.stop()
    return 0


def _user_env(server: Any, region: str) -> dict[str, str]:
    """The variables for the default region only (`SwrServer.env` has every region)."""
    key = f"HUAWEICLOUD_SDK_REGION_SWR_{region.upper().replace('-', '_')}"
    env = server.env()
    return {key: env[key], "HUAWEICLOUD_SDK_IAM_ENDPOINT": env["HUAWEICLOUD_SDK_IAM_ENDPOINT"]}
