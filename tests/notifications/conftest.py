"""A stand-in for the GOV.UK Notify HTTP API on the loopback (the real service cannot be reached from tests):
it checks each request's signed token and keeps what it was sent."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"coproduce_test-{SERVICE_ID}-{SECRET}"


class StandIn:
    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        self.fail_next = 0  # answer this many requests with a server error first

    def handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                except jwt.InvalidTokenError:
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                if claims.get("iss") != SERVICE_ID:
                    return self._answer(403, {"errors": [{"error": "AuthError"}]})
                if stand_in.fail_next:
                    stand_in.fail_next -= 1
                    return self._answer(500, {"errors": [{"error": "Exception", "message": "Internal"}]})
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.received.append((self.path, body))
                return self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference")})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def notify_stand_in(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    stand_in = StandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), stand_in.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GOVUK_NOTIFY = {
        "API_KEY": API_KEY,
        "BASE_URL": f"http://127.0.0.1:{server.server_address[1]}",
        "TEMPLATE_IDS": {"email": "e-template", "text": "t-template", "letter": "l-template"},
        "CALLBACK_TOKEN": "a-long-callback-token",
    }
    yield stand_in
    server.shutdown()
    server.server_close()
