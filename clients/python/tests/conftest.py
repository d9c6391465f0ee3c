"""The real stack for the tests: the proxy and the sandbox that `cargo xtask test --layer
clients` started (their addresses and the merchant secret in the environment), a client of
it, a local endpoint that receives the proxy's webhooks, and a flaky hop in front of the
proxy that loses answers."""

from __future__ import annotations

import contextlib
import http.server
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import httpx
import pytest

from orkestra_checkout import Client
from orkestra_checkout.types import CheckoutSession, CreateCheckoutSession, PayerInput

T = TypeVar("T")


@dataclass(frozen=True)
class Stack:
    proxy: str
    sandbox: str
    secret: str
    # What webhooks and the signed return are signed with (PROXY_WEBHOOK_SIGNING_SECRET).
    webhook_secret: str


@pytest.fixture(scope="session")
def stack() -> Stack:
    missing = [n for n in ("ORKESTRA_PROXY_URL", "ORKESTRA_SANDBOX_URL", "ORKESTRA_MERCHANT_SECRET", "ORKESTRA_WEBHOOK_SECRET") if not os.environ.get(n)]
    if missing:
        pytest.fail(f"{missing} not set: run these tests through `cargo xtask test --layer clients`")
    return Stack(
        os.environ["ORKESTRA_PROXY_URL"], os.environ["ORKESTRA_SANDBOX_URL"], os.environ["ORKESTRA_MERCHANT_SECRET"],
        os.environ["ORKESTRA_WEBHOOK_SECRET"],
    )


@pytest.fixture
def client(stack: Stack) -> Iterator[Client]:
    with Client(stack.proxy, stack.secret) as c:
        yield c


def order_id() -> str:
    return f"py-{uuid.uuid4().hex[:16]}"


PAYER: PayerInput = {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"}


def eventually(check: Callable[[], T | None], timeout: float = 20.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.2)


def settle(stack: Stack, client: Client, session: CheckoutSession, outcome: str = "paid") -> CheckoutSession:
    """Settles the session's PIX payment in the sandbox and waits for the proxy to know."""
    orkestra_id = session["transactions"][-1]["orkestraId"]
    assert orkestra_id, session
    response = httpx.post(f"{stack.sandbox}/_sandbox/transactions/{orkestra_id}/simulate", json={"outcome": outcome})
    response.raise_for_status()

    def reached() -> CheckoutSession | None:
        now = client.sessions.retrieve(session["id"])
        return now if now["status"] == outcome else None

    return eventually(reached)


def pay_by_pix(client: Client, webhook_url: str | None = None, return_url: str | None = None) -> CheckoutSession:
    body: CreateCheckoutSession = {"merchantOrderId": order_id(), "country": "BR", "currency": "BRL", "amount": "150.00"}
    if webhook_url:
        body["webhookUrl"] = webhook_url
    if return_url:
        body["returnUrl"] = return_url
    session = client.sessions.create(body)
    return client.sessions.pay(session["id"], {"method": "PIX", "payer": PAYER})


class QuietHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(handler: type[QuietHandler]) -> Iterator[str]:
    """Serves `handler` on a free port of 127.0.0.1 in a thread; yields its origin."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Received:
    body: bytes
    signature: str | None


@dataclass
class Endpoint:
    url: str
    received: queue.Queue[Received] = field(default_factory=queue.Queue)

    def next(self, wanted: Callable[[Received], bool], timeout: float = 30.0) -> Received:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("no such webhook in time")
            try:
                item = self.received.get(timeout=remaining)
            except queue.Empty:
                continue
            if wanted(item):
                return item


@pytest.fixture
def webhooks() -> Iterator[Endpoint]:
    """An endpoint on 127.0.0.1 that keeps each webhook's raw body and signature."""
    endpoint = Endpoint("")

    class Handler(QuietHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            endpoint.received.put(Received(body, self.headers.get("Orkestra-Signature")))
            self.send_response(204)
            self.end_headers()

    with serving(Handler) as origin:
        endpoint.url = f"{origin}/webhooks"
        yield endpoint


@dataclass
class Flaky:
    """A hop in front of the real proxy that forwards every request, and answers the first
    `lose` of them with a 503 instead of the proxy's answer (the answer was lost)."""

    url: str
    lose: int
    seen: list[tuple[str, str | None]] = field(default_factory=list)


@pytest.fixture
def flaky(stack: Stack) -> Iterator[Flaky]:
    hop = Flaky("", lose=1)

    class Handler(QuietHandler):
        def _forward(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")}
            hop.seen.append((self.path, self.headers.get("idempotency-key")))
            answer = httpx.request(self.command, f"{stack.proxy}{self.path}", headers=headers, content=body)
            if len(hop.seen) <= hop.lose:
                self.send_response(503)
                self.send_header("content-type", "application/json")
                payload = b'{"error":{"code":"upstream_unavailable","message":"lost on the way back"}}'
            else:
                self.send_response(answer.status_code)
                self.send_header("content-type", answer.headers.get("content-type", "application/json"))
                payload = answer.content
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = _forward
        do_POST = _forward

    with serving(Handler) as origin:
        hop.url = origin
        yield hop
