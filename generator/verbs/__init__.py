"""One module per CLI verb: `configure(parser)` adds its options, `run(args) -> exit code` does it.

Parsing only: each `run` calls plain functions of the library (`generator.commands` and the stages),
which the tests call directly too.
"""
