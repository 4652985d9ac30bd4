from generator.facts import extract
from generator.layout import slug


def test_public_routes_are_exactly_the_operations_marked_security_empty(mini_spec):
    facts = extract(mini_spec)
    assert [op.route for op in facts.public_operations] == ["GET /api/health"]


def test_token_routes_are_found_through_a_referenced_parameter(mini_spec):
    facts = extract(mini_spec)
    assert [op.route for op in facts.token_operations] == ["GET /api/stream/{itemId}/direct"]


def test_operations_carry_id_tag_summary_and_their_pointer(mini_spec):
    op = {o.operation_id: o for o in extract(mini_spec).operations}["listLibraries"]
    assert (op.method, op.path, op.tag, op.summary) == ("GET", "/api/libraries", "Libraries", "List libraries")
    assert op.pointer == "/paths/~1api~1libraries/get"
    assert not op.public and not op.deprecated


def test_webhooks_error_shape_and_bearer_scheme_come_from_the_spec(mini_spec):
    facts = extract(mini_spec)
    assert [(w.name, w.operation_id) for w in facts.webhooks] == [("item.added", "onItemAdded")]
    assert facts.error.fields == (("error", "string", True),)
    assert facts.security_scheme == "bearerAuth"
    assert facts.version == "1.0.0"


def test_operations_group_by_first_tag_in_name_order(mini_spec):
    groups = extract(mini_spec).by_tag()
    assert [tag for tag, _ in groups] == ["Health", "Libraries", "Streaming"]


def test_scalar_deep_link_uses_the_tag_slug_method_and_path_as_written(mini_spec):
    op = {o.operation_id: o for o in extract(mini_spec).operations}["streamDirect"]
    assert op.scalar_anchor == "tag/streaming/GET/api/stream/{itemId}/direct"
    assert slug("API Keys") == "api-keys"
