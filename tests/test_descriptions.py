"""What a description loads once Scalar renders it: the same verdict, without rendering the ones that
cannot load anything."""

import pytest

from generator.site import descriptions


@pytest.mark.parametrize("text, urls", [
    ("![logo](https://img.example.net/a.png)", ["https://img.example.net/a.png"]),  # a Markdown image
    ("![logo][l]\n\n[l]: https://img.example.net/b.png", ["https://img.example.net/b.png"]),  # by reference
    ('<img src="https://img.example.net/c.png">', ["https://img.example.net/c.png"]),  # raw HTML
    ('<p>see ![x](https://img.example.net/d.png)</p>', ["https://img.example.net/d.png"]),  # inline in HTML
    ("[a link](https://example.net/page) and https://example.net/x.png", []),  # links load nothing
    ("&lt;img src=https://img.example.net/e.png&gt;", []),  # a character reference is text
    ("`![code](https://img.example.net/f.png)`", []),  # code is text
])
def test_a_description_loads_its_images_and_nothing_else(text, urls):
    assert [load.url for load in descriptions.description_loads(text)] == urls


def test_a_description_without_image_or_html_syntax_is_not_rendered(monkeypatch):
    """Graph's 63,000 descriptions are mostly plain sentences: rendering each made the build slow."""
    def rendered(text):
        raise AssertionError(f"rendered {text!r}")

    monkeypatch.setattr(descriptions, "scalar_html", rendered)
    plain = "Get the *properties* of a [user](https://example.net/user) with `$select` (see https://x.example)."
    assert descriptions.description_loads(plain) == []
