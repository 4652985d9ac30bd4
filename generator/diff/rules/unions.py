"""Rules about unions (`oneOf`/`anyOf`), compared variant by variant, in requests and in responses."""

from __future__ import annotations

from generator.diff.model import rule
from generator.diff.rules.common import delta_findings


def _request(d):
    return d.request_deltas if d.matched else []


def _response(d):
    return d.response_deltas if d.matched else []


def _in_request(delta) -> str:
    return f"request body ({delta.root})" if delta.root else "request body"


def _in_response(delta) -> str:
    return f"{delta.root} response" if delta.root else "response"


@rule("request-union-variant-added", "additive", "a request union (oneOf/anyOf) accepts a new variant",
      mirrors=("request-union-variant-removed",))
def request_union_variant_added(d):
    return delta_findings(_request(d), "variant-added",
                          lambda x: f"{x.where()} in the {_in_request(x)} now also accepts "
                                    f"the variant {x.new}")


@rule("request-union-variant-removed", "breaking",
      "a request union (oneOf/anyOf) no longer accepts a variant",
      mirrors=("request-union-variant-added",))
def request_union_variant_removed(d):
    return delta_findings(_request(d), "variant-removed",
                          lambda x: f"{x.where()} in the {_in_request(x)} no longer accepts "
                                    f"the variant {x.old}")


@rule("response-union-variant-added", "warning",
      "a response union (oneOf/anyOf) may hold a new variant (clients that switch on it meet a new case)",
      mirrors=("response-union-variant-removed",))
def response_union_variant_added(d):
    return delta_findings(_response(d), "variant-added",
                          lambda x: f"{x.where()} in the {_in_response(x)} may now be the variant {x.new}")


@rule("response-union-variant-removed", "info", "a response union (oneOf/anyOf) no longer holds a variant",
      mirrors=("response-union-variant-added",))
def response_union_variant_removed(d):
    return delta_findings(_response(d), "variant-removed",
                          lambda x: f"{x.where()} in the {_in_response(x)} is no longer the variant {x.old}")


@rule("discriminator-changed", "breaking",
      "a union's discriminator names its variants differently (another property, or other values)")
def discriminator_changed(d):
    def message(x, where):
        return f"the discriminator of {x.where()} in the {where(x)} changed from {x.old} to {x.new}"
    yield from delta_findings(_request(d), "discriminator-changed", lambda x: message(x, _in_request))
    yield from delta_findings(_response(d), "discriminator-changed", lambda x: message(x, _in_response))


@rule("const-changed", "breaking", "a value fixed by `const` is fixed to another value")
def const_changed(d):
    def message(x, where):
        now, before = ", ".join(sorted(x.new)), ", ".join(sorted(x.old))
        return f"{x.where()} in the {where(x)} is now {now}, no longer {before}"
    yield from delta_findings(_request(d), "const-changed", lambda x: message(x, _in_request))
    yield from delta_findings(_response(d), "const-changed", lambda x: message(x, _in_response))
