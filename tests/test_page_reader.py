"""loads.PageReader: the pages of a site read with what recurs across them parsed once, element for
element and line for line what html.parser reads in each page alone, whatever a page puts around a
piece of markup another page had (a comment, a <script>, an attribute's value)."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site import audit, loads
from generator.site.scan import Element


class _WholePage(HTMLParser):
    """The oracle: the page fed to html.parser at once, its elements as the audit reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.raw: tuple[str, dict, int, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        if tag in ("script", "style"):
            self.raw = (tag, values, self.getpos()[0], [])
        else:
            self.elements.append(Element(tag, values, self.getpos()[0]))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.raw:
            self.raw[3].append(data)

    def handle_endtag(self, tag):
        if self.raw and tag == self.raw[0]:
            name, values, line, text = self.raw
            self.elements.append(Element(name, values, line, "".join(text), line))
            self.raw = None

    @classmethod
    def read(cls, html: str) -> list[Element]:
        parser = cls()
        parser.feed(html)
        parser.close()
        parser.handle_endtag(parser.raw[0] if parser.raw else "")
        return parser.elements


IMAGE = '<img src="https://img.example.net/a.png" alt="">'


@pytest.mark.parametrize("around", [
    "<!-- {} -->",  # a comment
    "<!--\n{}\n-->",
    "<script>var s = '{}';</script>",  # the text of a script or a style
    "<script>\nif (a < b) document.write('{}')\n</script>",
    "<style>/* {} */</style>",
    "<a title='{}' href='#x'>x</a>",  # an attribute's value
    '<a title="x\n{}\n" href="#x">x</a>',
    "<![CDATA[ {} ]]>",
    "<!DOCTYPE {}>",
    "<? {} ?>",
    "<div {} ",  # a tag left open at the end of the page
])
def test_a_piece_read_before_is_read_again_in_what_surrounds_it(around):
    reader = loads.PageReader()
    plain = f"<html><body>\n<p>{IMAGE}</p>\n</body></html>\n"
    for _ in range(3):  # read twice before, so that it is known
        assert reader.read(plain).elements == _WholePage.read(plain)
    hostile = "<html><body>\n<p>" + around.format(IMAGE) + "</p>\n<p>after</p>\n</body></html>\n"
    assert reader.read(hostile).elements == _WholePage.read(hostile)


def test_a_piece_known_from_another_page_keeps_its_line_in_this_one():
    reader = loads.PageReader()
    for lines in range(1, 6):
        html = "<p>\n" * lines + IMAGE + "\n<a href='#x'>x</a>\n"
        elements = reader.read(html).elements
        assert elements == _WholePage.read(html)
        assert [e.line for e in elements if e.tag == "img"] == [lines + 1]


def test_a_script_inlined_in_every_page_is_read_whole_in_each():
    lines = "".join(f"if (a{i} < b) x = '<div id=\"d{i}\">';\n" for i in range(2000))
    script = f"<script>\n{lines}</script>"
    reader = loads.PageReader()
    for before in ("", "<p>x</p>\n", "<p>\n"):
        html = f"<html>{before}{script}<p>{IMAGE}</p></html>"
        elements = reader.read(html).elements
        assert elements == _WholePage.read(html)
        assert [e.tag for e in elements[-3:]] == ["script", "p", "img"]
        assert elements[-3].text.count("<div") == 2000


_PIECES = st.sampled_from([
    "<p>", "</p>", "<a href='#x'>", "</a>", IMAGE, "<img src=x>", "<br/>", "<script>", "</script>",
    "<script/>", "<style>", "</style>", "<!--", "-->", "--!>", "<!", ">", "<", "&lt;", "&amp", "'", '"',
    "<a title='", "<a title=\"", " ", "\n", "x", "<![CDATA[", "]]>", "<?", "</", "<div\n id=d>", "=",
    "<p class=a", "</scr", "ipt>", "<SCRIPT>", "</SCRIPT >",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=40).map("".join), min_size=1, max_size=6))
def test_any_pages_are_read_as_html_parser_reads_each_alone(pages):
    reader = loads.PageReader()
    for html in pages + pages:  # each page twice: the second time, its pieces are known
        assert reader.read(html).elements == _WholePage.read(html)


def test_the_audit_finds_a_load_in_a_page_after_pages_that_had_it_in_a_comment(tmp_path):
    commented = f"<html><body>\n<!-- {IMAGE} -->\n</body></html>\n"
    loading = f"<html><body>\n<p>x</p>\n{IMAGE}\n</body></html>\n"
    paths = []
    for index, html in enumerate([commented, commented, commented, loading, commented]):
        paths.append(Path(tmp_path, f"{index}.html"))
        paths[-1].write_text(html)
    found = list(audit._html(paths))
    assert [(f.file.name, f.line, f.url) for f in found] == [("3.html", 3, "https://img.example.net/a.png")]


def test_a_reader_that_remembers_no_more_pieces_reads_on_as_html_parser_does(monkeypatch):
    monkeypatch.setattr(loads.PageReader, "REMEMBERED", 3)
    reader = loads.PageReader()
    pages = [f"<html><body>\n<p id=p{i}>{IMAGE}</p>\n<!-- {IMAGE} -->\n</body></html>\n" for i in range(6)]
    for html in pages + pages:
        assert reader.read(html).elements == _WholePage.read(html)
    assert len(reader._known) == 3
