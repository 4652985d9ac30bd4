"""The diff rules, one small function each, registered in `generator.diff.model.RULES` on import.

Each rule has a stable kebab-case id, a level, a one-line description and a fixture pair in
`tests/fixtures/diff/<id>/{old,new}.json` (with a `policy.json` when the rule needs a release date or
two releases: `{"date": "2026-12-01"}`, `{"releases": true}`); `tests/test_diff_rules.py` fails when
one is missing.
"""

from generator.diff.rules import (  # noqa: F401
    constraints,
    document,
    media,
    operations,
    parameters,
    policy,
    requests,
    responses,
    unions,
    webhooks,
)
