"""Operator commands of the demo back-end.

python -m litige.backoffice reset            rebuild the demo database from its seeds
python -m litige.backoffice show CMD-482913  print what the system knows of an order
python -m litige.backoffice list             the demo orders and accounts
python -m litige.backoffice serve --port N   serve the demo as the HTTP API a real system
                                             offers (to try BACKOFFICE_URL end to end)
"""

from __future__ import annotations

import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import List, Optional
from urllib.parse import parse_qs, unquote, urlparse

from litige import clock
from litige.backoffice import get_backoffice
from litige.backoffice.demo import BackOfficeUnavailable, DemoBackOffice, build
from litige.backoffice.model import BackOfficeError
from litige.config import get_settings


def _demo() -> DemoBackOffice:
    s = get_settings()
    return DemoBackOffice(s.backoffice_demo_db, s.backoffice_demo_seeds, clock.today(), s.regional_holidays)


class _Handler(BaseHTTPRequestHandler):
    backoffice: DemoBackOffice

    def log_message(self, *args) -> None:  # quiet: the test output stays readable
        return

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        try:
            if url.path.startswith("/orders/"):
                found = self.backoffice.order(unquote(url.path[len("/orders/") :]))
            elif url.path == "/accounts":
                found = self.backoffice.account(email=query.get("email"), phone=query.get("phone"))
            else:
                return self._send(404, {"error": "not found"})
        except BackOfficeUnavailable as exc:
            return self._send(503, {"error": str(exc)})
        if found is None:
            return self._send(404, {"error": "not found"})
        return self._send(200, found.as_json())


def serve(backoffice: DemoBackOffice, port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"backoffice": backoffice})
    return ThreadingHTTPServer((host, port), handler)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m litige.backoffice", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("reset", help="rebuild the demo database from its seeds, dated from today")
    show = sub.add_parser("show", help="what the system knows of an order (JSON)")
    show.add_argument("order_id")
    sub.add_parser("list", help="the demo orders and accounts")
    serving = sub.add_parser("serve", help="serve the demo back-end as an HTTP API")
    serving.add_argument("--port", type=int, default=5020)
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        if args.command == "reset":
            count = build(
                settings.backoffice_demo_db,
                settings.backoffice_demo_seeds,
                clock.today(),
                settings.regional_holidays,
            )
            print(f"{settings.backoffice_demo_db}: {count} orders and accounts, dated from {clock.today()}")
        elif args.command == "show":
            order = get_backoffice().order(args.order_id)
            if order is None:
                print(f"{args.order_id}: unknown to the order system", file=sys.stderr)
                return 1
            print(json.dumps(order.as_json(), ensure_ascii=False, indent=2))
        elif args.command == "list":
            demo = _demo()
            for order_id in demo.order_ids():
                order = demo.order(order_id)
                first = order.items[0].name if order.items else ""
                print(f"{order.id}\t{order.status}\t{order.total:.2f} €\t{first}")
            for account in demo.accounts():
                kinds = ", ".join(s.service for s in account.subscriptions)
                print(f"{account.id}\t{account.email}\t{account.phone}\t{kinds}")
        else:
            server = serve(_demo(), args.port)
            print(f"demo back-end on http://127.0.0.1:{args.port}", flush=True)
            server.serve_forever()
    except (BackOfficeError, BackOfficeUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
