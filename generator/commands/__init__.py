"""The commands: one plain function per verb, which the CLI (generator.verbs) and the tests call.

    build     pins -> checks -> facts and history -> diff -> render -> site   (commands.build)
    pull      source.fetch -> spec.load -> check_release -> pins.pin          (commands.pull)
    publish   pull -> build; the pin is undone if the build fails             (commands.publish)
    releases  the pinned releases beside what the source offers               (commands.releases)
    validate  source -> spec -> checks, every finding located                 (commands.validate)
    diff      source -> spec -> diff.compare, or the pinned history           (commands.diff)
    clients   source -> spec -> typed clients generated and compiled          (commands.clients)

This layer is the only one that calls several stages: each stage takes the previous one's values
and imports none of the stages after it. What one version's pages need from facts, diff and render
is wired here (commands.versions) and handed to the site stage as plain values and callables.
"""
