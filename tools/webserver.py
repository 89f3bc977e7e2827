"""The demo shop's web server (web/): the pages, their assets, the widget bundle from
the npm package, and /config.js telling the widget where the Rasa server is.

Only the listed files are served (no directory listing, no path from the URL reaches
the file system). Everything is local: no CDN, no web font.

    python -m tools.webserver --port 8080 --socket-url http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
WIDGET_BUNDLE = WEB / "node_modules" / "rasa-webchat" / "lib" / "index.js"

# The bundle's stylesheets start with `@import url(https://fonts.googleapis.com/...)`:
# the page must not call out, so these imports are dropped when the bundle is served
# (the widget then uses the shop's own font, see web/static/shop.css).
REMOTE_IMPORT = re.compile(rb"@import url\(https?://[^)]*\);?")


def without_remote_imports(bundle: bytes) -> bytes:
    return REMOTE_IMPORT.sub(b"", bundle)


ROUTES: Dict[str, Tuple[Path, str]] = {
    "/": (WEB / "index.html", "text/html; charset=utf-8"),
    "/index.html": (WEB / "index.html", "text/html; charset=utf-8"),
    "/commandes.html": (WEB / "commandes.html", "text/html; charset=utf-8"),
    "/static/shop.css": (WEB / "static" / "shop.css", "text/css; charset=utf-8"),
    "/static/chat.js": (WEB / "static" / "chat.js", "text/javascript; charset=utf-8"),
    "/static/rasa-webchat.js": (WIDGET_BUNDLE, "text/javascript; charset=utf-8"),
}


def websocket_origin(socket_url: str) -> str:
    parts = urlsplit(socket_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{parts.scheme}://{parts.netloc} {scheme}://{parts.netloc}"


def make_handler(socket_url: str):
    config_js = ("window.LITIGE_CONFIG = " + json.dumps({"socketUrl": socket_url}) + ";\n").encode()
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
        f"img-src 'self' data:; connect-src 'self' {websocket_origin(socket_url)}; "
        "frame-ancestors 'none'; base-uri 'none'"
    )

    class Handler(BaseHTTPRequestHandler):
        server_version = "LitigeDemo/1.0"

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = urlsplit(self.path).path
            if path == "/healthz":
                return self._send(HTTPStatus.OK, b"ok", "text/plain; charset=utf-8")
            if path == "/favicon.ico":
                return self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            if path == "/config.js":
                return self._send(HTTPStatus.OK, config_js, "text/javascript; charset=utf-8")
            route = ROUTES.get(path)
            if route is None:
                return self._send(HTTPStatus.NOT_FOUND, b"Page introuvable.", "text/plain; charset=utf-8")
            file, content_type = route
            try:
                body = file.read_bytes()
            except OSError:
                message = "Le widget n'est pas installé : lancez « make install »."
                return self._send(
                    HTTPStatus.SERVICE_UNAVAILABLE, message.encode(), "text/plain; charset=utf-8"
                )
            if file == WIDGET_BUNDLE:
                body = without_remote_imports(body)
            return self._send(HTTPStatus.OK, body, content_type)

        do_HEAD = do_GET

        def log_message(self, format: str, *args) -> None:  # quieter logs
            sys.stderr.write("web: " + (format % args) + "\n")

    return Handler


def serve(host: str, port: int, socket_url: str) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), make_handler(socket_url))


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the demo shop page with the chat widget.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--socket-url", default=os.environ.get("WEB_SOCKET_URL", "http://127.0.0.1:5005"))
    args = parser.parse_args(argv)
    if not WIDGET_BUNDLE.exists():
        print("web: the widget bundle is missing, run `make install`", file=sys.stderr)
        return 2
    server = serve(args.host, args.port, args.socket_url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
