"""The diff rules, one small function each, registered in `generator.diff.model.RULES` on import.

Each rule has a stable kebab-case id, a level, a one-line description and a fixture pair in
`tests/fixtures/diff/<id>/{old,new}.json`; `tests/test_diff_rules.py` fails when one is missing.
"""

from generator.diff.rules import document, operations, parameters, requests, responses, unions, webhooks  # noqa: F401
