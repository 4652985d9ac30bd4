"""The mock Aviato server the overview's examples (and generated clients) run against: routes and
answers from the spec, every exchange checked by openapi-core and recorded."""

import httpx
import pytest

from tests.mockserver import MockAviato
from tests.overview_support import OVERVIEW_FIXTURES

LIBRARY = "4f1c2a7e-9b3d-4c8e-a6f2-1d5e7b9c0a31"


@pytest.fixture(scope="module")
def server():
    with MockAviato(OVERVIEW_FIXTURES / "minimal.json") as mock:
        yield mock


@pytest.fixture
def client(server):
    server.clear()
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {server.api_key}"}) as http:
        yield http


def test_a_conforming_exchange_gets_the_spec_example_and_no_findings(server, client):
    response = client.post(f"/api/libraries/{LIBRARY}/scan", json={"full": True})
    assert (response.status_code, response.json()["status"]) == (202, "queued")
    (exchange,) = server.exchanges
    assert (exchange.method, exchange.operation_id, exchange.status, exchange.problems) == \
        ("POST", "scanLibrary", 202, [])
    assert exchange.request_body == b'{"full":true}'


@pytest.mark.parametrize("method, path, body, status, finding", [
    # a path parameter that is not a uuid
    ("POST", "/api/libraries/movies/scan", None, 400, "'movies' is not a 'uuid'"),
    # a body property of the wrong type
    ("POST", f"/api/libraries/{LIBRARY}/scan", {"full": "yes"}, 400, "'yes' is not of type 'boolean'"),
    # a route the spec does not have
    ("GET", "/api/v1/libraries", None, 404, "no operation of the spec"),
    # a method the path does not have
    ("DELETE", "/api/libraries", None, 404, "no operation of the spec"),
])
def test_a_request_the_spec_rejects_is_answered_and_recorded_as_a_finding(
        server, client, method, path, body, status, finding):
    assert client.request(method, path, json=body).status_code == status
    (problem,) = server.problems()
    assert problem.startswith(f"{method} {path}: ") and finding in problem


def test_a_wrong_key_gets_the_spec_401_and_a_missing_one_is_a_finding(server):
    server.clear()
    base = server.base_url
    wrong = httpx.get(f"{base}/api/libraries", headers={"Authorization": "Bearer avt_0000"})
    assert (wrong.status_code, wrong.json()) == (401, {"error": "invalid or expired token"})
    assert server.problems() == []  # a wrong key is a request the spec allows
    assert httpx.get(f"{base}/api/libraries").status_code == 401
    assert "SecurityValidationError" in server.problems()[0]


def test_public_and_token_routes_need_no_header(server):
    server.clear()
    assert httpx.get(f"{server.base_url}/api/info").status_code == 200
    assert httpx.get(f"{server.base_url}/api/events", params={"token": server.api_key}).status_code == 200
    assert [e.operation_id for e in server.exchanges] == ["getServerInfo", "subscribeEvents"]


def test_the_server_listens_on_loopback_only_and_stops():
    mock = MockAviato(OVERVIEW_FIXTURES / "minimal.json", api_key="avt_" + "0" * 40)
    base = mock.start()
    assert base.startswith("http://127.0.0.1:")
    mock.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base}/api/info")
    with pytest.raises(RuntimeError):
        mock.base_url
