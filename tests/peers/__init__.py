"""Local stand-ins for the places releases live, for the source tests: all on 127.0.0.x, started per test.

- `http.Peer`: a threaded HTTP server answering scripted responses per path (status, body, redirect,
  a body cut off halfway) and recording every request with its headers;
- `github.FakeGitHub`: the Releases API on one peer, the asset storage it redirects to on another;
- `aviato.fake_aviato`: /api/info and /api/docs/openapi.json of a running Aviato server;
- `git.tagged_repo`: a bare git repository with the tags and files a test asks for.
"""
