"""The parts of a large spec without the `x-` extensions Scalar never reads.

A spec's own extensions are for its own tools: a payments API's schemas carry `x-expandableFields`,
`x-expansionResources`, `x-resourceId` and `x-stripeBypassValidation`, its info `x-origin` and
`x-logo`, 170 KB in the documents Scalar loads for it (its parts, their shared components and the
Models document), which Scalar fetches and processes without showing any of it. Scalar shows an
extension only when the configuration lists it in `showExtensions` or a plugin renders it; the site
sets neither. So the documents Scalar loads for a spec cut into parts keep, of the schemas', the
operations', the info's and the document's own extensions, those Scalar's code names (READ, checked
against the installed bundle by tests/test_extensions.py) and its own `x-scalar-*`; the published spec
stays as written, byte for byte.

Only those objects lose extensions: in a map of names (headers, properties, components) a key that
starts with `x-` is a name (`x-request-id`), not an extension.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.spec import Resolver, operations
from generator.spec.lines import Pointer, join
from generator.spec.shared_copy import SharedCopy
from generator.spec.walk import SCHEMA, SCHEMA_ROOT, objects

# Every `x-` name in Scalar's browser bundle (node_modules/@scalar/api-reference/dist/browser), some
# of them header names: what Scalar may read of a document. Its own start with OWN.
READ = frozenset({
    "x-additionalPropertiesName", "x-badges", "x-cloud-trace-context", "x-code-samples", "x-codeSamples",
    "x-content-type-options", "x-custom-examples", "x-default-scopes", "x-disabled", "x-displayName",
    "x-dns-prefetch-control", "x-draft-examples", "x-enum-descriptions", "x-enum-varnames",
    "x-enumDescriptions", "x-enumNames", "x-example", "x-examples", "x-ext", "x-ext-urls",
    "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-frame-options", "x-global", "x-height",
    "x-internal", "x-mixed-replace", "x-nullable", "x-order", "x-original-aas-version",
    "x-original-oas-version", "x-post-response", "x-pre-request", "x-readme", "x-stainless-examples",
    "x-stainless-snippets", "x-tagGroups", "x-tags", "x-tokenName", "x-usePkce", "x-variable", "x-webhooks",
    "x-xss-protection", "x-yaml",
})
OWN = "x-scalar-"


def for_scalar(document: dict) -> dict:
    """`document` with its schemas, operations, info and root keeping only the extensions Scalar reads
    (each object with others copied, every other value shared), or `document` itself when none has
    another."""
    found = [(pointer, node, unread) for pointer, node in _holders(document) if (unread := _unread(node))]
    if not found:
        return document
    copy = SharedCopy(document)
    for pointer, node, unread in found:  # an object before the objects in it: they are met depth first
        kept = {key: value for key, value in node.items() if key not in unread}
        if pointer:
            copy.set(str(pointer), kept)  # spelled out only for the objects that lose something
        else:
            copy = SharedCopy(kept)
    return copy.document


def _holders(document: dict) -> Iterator[tuple[Pointer | str, dict]]:
    """(pointer, object) of each object whose `x-` keys are extensions, as far as Scalar is concerned
    here: the root, the info, the operations where they are written, the schemas."""
    yield "", document
    if isinstance(document.get("info"), dict):
        yield "/info", document["info"]
    yield from ((join(op.item_written_at, op.method), op.operation) for op in operations(Resolver(document)))
    yield from ((pointer, node) for pointer, node, kind in objects(document)
                if kind in (SCHEMA, SCHEMA_ROOT) and type(node) is dict)


def _unread(node: dict) -> set[str]:
    return {key for key in node if type(key) is str and key.startswith("x-") and key not in READ
            and not key.startswith(OWN)}
