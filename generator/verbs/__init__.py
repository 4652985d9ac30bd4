"""One module per CLI verb: `configure(parser)` adds its options, `run(args) -> exit code` calls its
command and prints what it returns.

Parsing and printing only: each `run` calls one plain function of `generator.commands` (which the
tests call directly too) and keeps the CLI's text, JSON output and exit codes.
"""
