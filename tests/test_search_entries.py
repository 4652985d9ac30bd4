"""The site search's entries (generator.render.search_fields): what they hold and how a version's field
entries share their budget, on the project's releases and tiny specs."""

import json
import re
from collections import Counter
from html import unescape

import orjson
import pytest

from generator.layout import OPERATIONS_DIR, PAGES_FILE
from generator.render import search_fields
from generator.render.page_files import DESCRIPTION_LIMIT
from generator.render.urls import SCHEMAS_DIR
from tests.conftest import FIXTURES, PROJECT
from tests.test_build import build
from tests.test_operations import release, stamped, write

TAGS = ("v1.0.0", "v1.1.0", "v1.2.0")
LISTING = re.compile(r"<p>Fields: ([^<]*)</p>")


def entries(tmp_path, tag="v1.2.0") -> list[dict]:
    releases = [release(PROJECT / "specs" / f"{t}.json", t) for t in TAGS]
    return json.loads((write(tmp_path, releases, tag) / PAGES_FILE).read_text())["search"]


def shares(found: list[dict]) -> tuple[dict, dict, int]:
    """({location: path} of the fields' own entries, {page: the paths its entry lists}, their bytes)."""
    own = {e["location"]: unescape(e["title"]) for e in found if "#field-" in e["location"]}
    listed = {e["location"]: unescape(m.group(1)).split() for e in found if (m := LISTING.search(e["text"]))}
    size = sum(len(orjson.dumps(e).decode()) + 1 for e in found if e["location"] in own)  # as in the index
    size += sum(len(LISTING.search(e["text"]).group(0)) for e in found if e["location"] in listed)
    return own, listed, size


def every_field(tmp_path) -> dict[str, str]:
    """{location: path} of every field the search has an entry for when the budget holds them all."""
    return shares(entries(tmp_path / "all"))[0]


def test_within_the_budget_every_field_has_an_entry_titled_by_its_dotted_path_that_lands_on_it(tmp_path):
    found = {e["location"]: e for e in entries(tmp_path)}
    entry = found[f"{OPERATIONS_DIR}/getLibrary/#field-response-200.stats.totalSizeBytes"]
    assert (entry["title"], entry["text"]) == ("stats.totalSizeBytes",
                                               "<code>totalSizeBytes</code> integer · response 200")
    assert not any(LISTING.search(e["text"]) for e in found.values()), "nothing is only listed"


def test_over_the_budget_the_rarest_fields_keep_their_entries_and_the_rest_are_listed(tmp_path, monkeypatch):
    fields = every_field(tmp_path)
    monkeypatch.setattr(search_fields, "FIELD_ENTRY_BUDGET", 20_000)
    own, listed, size = shares(entries(tmp_path / "over"))
    assert size <= 20_000 and own, "some fields keep their own entries, within the budget"
    only_listed = {location: path for location, path in fields.items() if location not in own}
    assert only_listed and all(
        path in listed[location.partition("#")[0]] for location, path in only_listed.items()
    ), "every other field is listed in its operation's entry, dotted paths too"
    seen = Counter(fields.values())
    assert max(seen[path] for path in own.values()) <= min(seen[path] for path in only_listed.values()), (
        "the rarest first"
    )
    page = f"{OPERATIONS_DIR}/getLibrary/"
    assert f"{page}#field-response-200.stats.totalSizeBytes" in own or "stats.totalSizeBytes" in listed[page]


def test_far_over_the_budget_the_most_common_fields_are_the_ones_left_out(tmp_path, monkeypatch):
    fields = every_field(tmp_path)
    monkeypatch.setattr(search_fields, "FIELD_ENTRY_BUDGET", 1_500)
    own, listed, size = shares(entries(tmp_path / "far"))
    searched = {location: path for location, path in fields.items()
                if location in own or path in listed.get(location.partition("#")[0], [])}
    left_out = [path for location, path in fields.items() if location not in searched]
    assert size <= 1_500 and not own and searched and left_out
    seen = Counter(fields.values())
    assert max(seen[path] for path in searched.values()) <= min(seen[path] for path in left_out)


def spec_with_descriptions(tmp_path, summary: str, description: str):
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}}
    operation = {"operationId": "getX", "summary": summary, "description": description,
                 "responses": {"200": {"description": "ok", "content": body}}}
    schema = {"type": "object", "description": description, "properties": {"id": {"type": "string"}}}
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1.0.0"},
                "paths": {"/x": {"get": operation}}, "components": {"schemas": {"X": schema}}}
    path = tmp_path / "descriptions.json"
    path.write_text(json.dumps(document))
    return {e["location"]: e for e in json.loads((write(tmp_path / "tree", [release(path)], "v1.0.0")
                                                  / PAGES_FILE).read_text())["search"]}


def test_an_entry_holds_the_opening_of_a_long_description_as_the_page_s_meta_description_does(tmp_path):
    words = " ".join(f"word{i}" for i in range(300))
    found = spec_with_descriptions(tmp_path, "Get an x", words)
    for location in (f"{OPERATIONS_DIR}/getX/", f"{SCHEMAS_DIR}/X/"):
        paragraphs = re.findall(r"<p>([^<]*)</p>", found[location]["text"])
        opening = next(p for p in paragraphs if p.startswith("word0 word1"))
        assert len(opening) <= DESCRIPTION_LIMIT and opening.endswith("…"), location
        assert "word299" not in found[location]["text"]


def test_names_in_a_description_keep_their_underscores_in_the_entry_and_the_meta_description(tmp_path):
    text = "Expands `payment_intent` and _this_ one: setup_intent_payment_method_options_mandate_options_blik."
    shown = "Expands payment_intent and this one: setup_intent_payment_method_options_mandate_options_blik."
    found = spec_with_descriptions(tmp_path, "Get an x", text)
    values = stamped(tmp_path / "tree")
    for location in (f"{OPERATIONS_DIR}/getX/", f"{SCHEMAS_DIR}/X/"):
        assert f"<p>{shown}</p>" in found[location]["text"], location
        assert values[location]["description"].endswith(shown), location


@pytest.mark.parametrize("text, shown", [
    ("<p>Retrieves the <code>id</code> of an <a href=\"/docs/x\">account</a>.</p><p>Then more.</p>",
     "Retrieves the id of an account. Then more."),  # a payments API writes its descriptions in HTML
    ("Pass the <currency> of the <BRANCH>; issue #14 in C#, a -> b.",  # no element of HTML, no heading
     "Pass the &lt;currency&gt; of the &lt;BRANCH&gt;; issue #14 in C#, a -&gt; b."),
    ("# Heading\n\n> Quoted.", "Heading Quoted."),
], ids=["html", "placeholders", "markdown"])
def test_an_entry_and_the_meta_description_have_the_words_of_a_description_and_not_its_markup(
        tmp_path, text, shown):
    found = spec_with_descriptions(tmp_path, "Get an x", text)
    values = stamped(tmp_path / "tree")
    for location in (f"{OPERATIONS_DIR}/getX/", f"{SCHEMAS_DIR}/X/"):
        assert f"<p>{shown}</p>" in found[location]["text"], location
        assert values[location]["description"].endswith(shown), location  # as the page writes it


def test_a_description_that_only_repeats_the_title_is_not_repeated_in_the_entry(tmp_path):
    found = spec_with_descriptions(tmp_path, "Get an x", "Get an x")
    assert "Get an x" not in found[f"{OPERATIONS_DIR}/getX/"]["text"]
    assert found[f"{OPERATIONS_DIR}/getX/"]["title"] == "Get an x"


def test_the_reference_page_s_list_for_readers_without_javascript_is_not_in_the_search_index(tmp_path):
    site = tmp_path / "site"
    assert build(FIXTURES / "pinned", site) == 0
    docs = json.loads((site / "v1.1.0/search/search_index.json").read_text())["docs"]
    reference = [d for d in docs if d["location"].startswith("docs/developer/api/#") or
                 d["location"] == "docs/developer/api/"]
    routes = re.compile(r"<code>(GET|POST|PUT|PATCH|DELETE) /")
    assert reference and not any(routes.search(d["text"]) for d in reference), "its operations have their own"
