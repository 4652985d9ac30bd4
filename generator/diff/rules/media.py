"""Rules about request bodies and media types: what a client may send, and in which formats it is answered."""

from __future__ import annotations

from generator.diff.model import Finding, rule
from generator.spec.lines import join


def _media(body: tuple[dict, str] | None) -> dict[str, str]:
    """Media type -> pointer of a request body's or response's content."""
    if body is None:
        return {}
    content = body[0].get("content")
    return {str(media): join(body[1], "content", str(media))
            for media in (content if isinstance(content, dict) else ())}


def _pointer(body: tuple[dict, str], media: str) -> str:
    return join(body[1], "content", media)


def _request_media(d, removed: bool):
    if not d.matched or None in d.request_bodies:
        return
    old, new = d.request_bodies
    before, after = _media(old), _media(new)
    for media in sorted(before.keys() - after.keys() if removed else after.keys() - before.keys()):
        yield media, _pointer(old, media), _pointer(new, media)


def _response_media(d, removed: bool):
    if not d.matched:
        return
    old, new = d.responses
    for status in sorted(old.keys() & new.keys()):
        before, after = _media(old[status]), _media(new[status])
        for media in sorted(before.keys() - after.keys() if removed else after.keys() - before.keys()):
            yield status, media, _pointer(old[status], media), _pointer(new[status], media)


@rule("request-body-removed", "breaking",
      "the request body was removed (clients that send one may be refused)",
      mirrors=("request-body-added", "request-body-made-required"))
def request_body_removed(d):
    if d.matched and d.request_bodies[0] is not None and d.request_bodies[1] is None:
        yield Finding("the operation no longer takes a request body", d.request_bodies[0][1],
                      join(d.new_pointer, "requestBody"))


@rule("request-body-added", "additive", "an optional request body was added",
      mirrors=("request-body-removed",))
def request_body_added(d):
    if d.matched and d.request_bodies[0] is None and d.request_bodies[1] is not None \
            and d.request_bodies[1][0].get("required") is not True:
        yield Finding("the operation now takes an optional request body", join(d.old_pointer, "requestBody"),
                      d.request_bodies[1][1])


@rule("request-media-type-removed", "breaking", "the request body no longer accepts a media type",
      mirrors=("request-media-type-added",))
def request_media_type_removed(d):
    for media, old_pointer, new_pointer in _request_media(d, removed=True):
        yield Finding(f"the request body no longer accepts {media}", old_pointer, new_pointer)


@rule("request-media-type-added", "additive", "the request body accepts another media type",
      mirrors=("request-media-type-removed",))
def request_media_type_added(d):
    for media, old_pointer, new_pointer in _request_media(d, removed=False):
        yield Finding(f"the request body now also accepts {media}", old_pointer, new_pointer)


@rule("response-media-type-removed", "breaking", "a response no longer comes in a media type",
      mirrors=("response-media-type-added",))
def response_media_type_removed(d):
    for status, media, old_pointer, new_pointer in _response_media(d, removed=True):
        yield Finding(f"the {status} response no longer comes as {media}", old_pointer, new_pointer)


@rule("response-media-type-added", "additive", "a response comes in another media type",
      mirrors=("response-media-type-removed",))
def response_media_type_added(d):
    for status, media, old_pointer, new_pointer in _response_media(d, removed=False):
        yield Finding(f"the {status} response may now come as {media}", old_pointer, new_pointer)
