"""An operation page's example: the request as curl (with the API key variable when the operation
needs one) and its first success response, from the spec's examples or built from the schema."""

from __future__ import annotations

from html import escape

from generator.facts import Operation
from generator.render import examples
from generator.render.schemas import deref
from generator.spec import Spec

JSON_TYPES = ("application/json",)


def media_types(node: dict) -> list[tuple[str, object]]:
    content = node.get("content")
    return [(str(k), v) for k, v in content.items()] if isinstance(content, dict) else []


def example_html(
    spec: Spec, operation: Operation, node: dict, parameters: list[dict], body: object, server_url: str | None
) -> str:
    """The page's example: a request as curl, and the first success response with an example of its body."""
    request = _request(spec, operation, node, parameters, body, server_url)
    parts = ["<p><strong>Request</strong></p>", code_block(request.curl())]
    response = _success(spec, node)
    if response is None:
        return "".join(parts)
    status, media_type, example = response
    if media_type is None:
        parts.append(f"<p><strong>Response</strong> <code>{escape(status)}</code>, without a body</p>")
    elif example is None:
        parts.append(
            f"<p><strong>Response</strong> <code>{escape(status)}</code>, a <code>{escape(media_type)}</code>"
            " body</p>"
        )
    else:
        note = " (built from the schema: the API description gives no example)" if example.generated else ""
        parts.append(
            f"<p><strong>Response</strong> <code>{escape(status)}</code> "
            f"<code>{escape(media_type)}</code>{note}</p>"
        )
        value = example.value
        parts.append(
            code_block(
                value if isinstance(value, str) and not _is_json(media_type) else examples.pretty(value)
            )
        )
    return "".join(parts)


def _request(
    spec: Spec, operation: Operation, node: dict, parameters: list[dict], body: object, server_url: str | None
) -> examples.Request:
    path, query, headers = operation.path, [], []
    for parameter in parameters:
        name, place = str(parameter["name"]), parameter.get("in")
        value = examples.sample_value(spec, parameter)
        if place == "path" and value is not None:
            path = path.replace("{" + name + "}", value)
        elif place == "query" and parameter.get("required") and name != "token":
            query.append(f"{name}={value if value is not None else '{' + name + '}'}")
        elif place == "header" and parameter.get("required"):
            headers.append((name, value if value is not None else f"<{name}>"))
    url = examples.server_base(server_url) + path + ("?" + "&".join(query) if query else "")
    if _needs_key(spec, node):
        headers.insert(0, ("Authorization", f"Bearer {examples.API_KEY_VARIABLE}"))
    media_type, text = _request_body(spec, body)
    return examples.Request(operation.method, url, tuple(headers), media_type, text)


def _needs_key(spec: Spec, node: dict) -> bool:
    security = node.get("security", spec.document.get("security"))
    return isinstance(security, list) and bool(security) and {} not in security


def _request_body(spec: Spec, body: object) -> tuple[str | None, str | None]:
    if not isinstance(body, dict):
        return None, None
    content = media_types(body)
    media_type, media = next(
        ((t, m) for t, m in content if _is_json(t)), content[0] if content else (None, None)
    )
    if media_type is None:
        return None, None
    example = examples.media_example(spec, media) if _is_json(media_type) else None
    return media_type, (examples.pretty(example.value) if example is not None else None)


def _success(spec: Spec, node: dict) -> tuple[str, str | None, examples.Example | None] | None:
    """The first 2xx response: (status, its first content type or None, an example of it or None)."""
    responses = node.get("responses")
    responses = responses if isinstance(responses, dict) else {}
    status = min((str(s) for s in responses if str(s).startswith("2")), default=None)
    if status is None:
        return None
    response, _, _ = deref(spec, next(v for k, v in responses.items() if str(k) == status), schema=False)
    content = media_types(response if isinstance(response, dict) else {})
    if not content:
        return status, None, None
    media_type, media = next(((t, m) for t, m in content if _is_json(t)), content[0])
    explicit = examples.media_example(spec, media, generate=_is_json(media_type))
    return status, media_type, explicit


def _is_json(media_type: str) -> bool:
    return media_type.split(";")[0].strip() in JSON_TYPES or media_type.split(";")[0].endswith("+json")


def code_block(text: str) -> str:
    return f'<div class="highlight"><pre><code>{escape(text, quote=False)}</code></pre></div>'
