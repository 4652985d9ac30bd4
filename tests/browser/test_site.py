"""What a person sees on the built site, served as Netlify serves it."""

import re

from tests.browser.conftest import PROJECT, operations, public_operations, wait_for_scalar

OPERATION_ENTRY = re.compile(r"^[^/]+/tag/[^/]+/(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE)(/.*)$")


def sidebar_operations(page) -> set[str]:
    """Expand every tag group of Scalar's sidebar and read the operations it lists."""
    tags = page.eval_on_selector_all(
        "[data-sidebar-id]",
        "els => els.map(e => e.getAttribute('data-sidebar-id')).filter(id => /^[^/]+\\/tag\\/[^/]+$/.test(id))")
    for tag in tags:
        page.locator(f'[data-sidebar-id="{tag}"] a').first.click()
    ids = page.eval_on_selector_all("[data-sidebar-id]", "els => els.map(e => e.getAttribute('data-sidebar-id'))")
    return {f"{m.group(1)} {m.group(2)}" for m in map(OPERATION_ENTRY.match, ids) if m}


def test_the_overview_of_each_version_shows_that_versions_public_routes(page, releases):
    everywhere = set().union(*(public_operations(spec) for _, spec in releases))
    for tag, spec in releases:
        page.goto(f"/{tag}/docs/developer/")
        text = page.locator("article").inner_text()
        public = public_operations(spec)
        assert public, f"{tag} has public routes to show"
        for route in public:
            assert route in text, f"{tag}: the overview does not show the public route {route}"
        for route in everywhere - public:
            assert route not in text, f"{tag}: the overview shows {route}, public only in another release"


def test_the_reference_lists_every_operation_of_the_spec(page, releases):
    for tag, spec in (releases[0], releases[-1]):
        page.goto(f"/{tag}/docs/developer/api/")
        wait_for_scalar(page)
        assert sidebar_operations(page) == operations(spec), tag


def test_a_deep_link_opens_the_reference_on_that_operation(page, latest, releases):
    spec = dict(releases)[latest]
    operation = spec["paths"]["/api/libraries/{id}/scan"]["post"]
    page.goto(f"/{latest}/docs/developer/api/#tag/libraries/POST/api/libraries/{{id}}/scan")
    wait_for_scalar(page)
    heading = page.get_by_role("heading", name=operation["summary"], exact=True)
    heading.wait_for(state="visible")
    box = heading.bounding_box()
    header = page.locator(".md-header").bounding_box()
    viewport = page.viewport_size
    assert header["y"] + header["height"] <= box["y"] < viewport["height"], "the operation is in view, below the header"


def test_the_version_selector_lists_every_release_and_switching_keeps_the_page(page, releases, latest):
    oldest = releases[-1][0]
    page.goto(f"/{oldest}/docs/developer/")
    page.locator(".md-version__current").hover(force=True)
    links = page.locator(".md-version__link")
    assert [href.rstrip("/").rsplit("/", 1)[1] for href in links.evaluate_all("els => els.map(e => e.href)")] == \
        [tag for tag, _ in releases]
    assert links.filter(has_text=latest).locator(".md-version__alias").inner_text() == "latest"
    page.locator(".md-version__link", has_text=latest).click()
    page.wait_for_url(f"**/{latest}/docs/developer/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("API overview")


def test_an_older_release_says_it_is_outdated_and_the_latest_does_not(page, releases, latest):
    # Material decides once it has read versions.json, which also fills the version selector.
    page.goto(f"/{releases[-1][0]}/docs/developer/")
    page.get_by_text("older Aviato release").wait_for(state="visible")
    page.goto(f"/{latest}/docs/developer/")
    page.locator(".md-version__current").wait_for(state="visible")
    assert not page.get_by_text("older Aviato release").is_visible()


def test_the_unversioned_reference_url_serves_the_latest_release(page, latest, releases):
    response = page.goto("/docs/developer/api")
    assert response.ok
    assert page.url.endswith("/docs/developer/api/"), "the slash is added so relative links resolve"
    wait_for_scalar(page)
    version = dict(releases)[latest]["info"]["version"]
    page.locator(".scalar-app").get_by_text(f"v{version}", exact=True).first.wait_for(state="visible")
    document = page.request.get("/docs/developer/api/openapi.json")
    assert document.body() == (PROJECT / "specs" / f"{latest}.json").read_bytes()


def test_latest_and_the_site_root_lead_to_the_newest_release(page, latest):
    page.goto("/")
    page.wait_for_url("**/latest/docs/developer/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("API overview")
    assert latest in page.locator(".md-version__current").inner_text()


def test_each_release_serves_its_own_document_byte_for_byte(page, releases):
    for tag, _ in releases:
        response = page.request.get(f"/{tag}/docs/developer/api/openapi.json")
        assert response.ok
        assert response.body() == (PROJECT / "specs" / f"{tag}.json").read_bytes()


def test_scalar_follows_materials_dark_mode_toggle(page, latest):
    page.goto(f"/{latest}/docs/developer/api/")
    wait_for_scalar(page)
    before = page.evaluate("() => getComputedStyle(document.querySelector('.scalar-app')).backgroundColor")
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("() => document.body.classList.contains('dark-mode')")
    page.wait_for_function(
        "before => getComputedStyle(document.querySelector('.scalar-app')).backgroundColor !== before", arg=before)
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"


def test_scalars_sidebar_sits_below_materials_header(page, latest):
    page.goto(f"/{latest}/docs/developer/api/")
    wait_for_scalar(page)
    header = page.locator(".md-header").bounding_box()
    sidebar = page.locator(".scalar-app aside").first.bounding_box()
    assert sidebar["y"] >= header["y"] + header["height"] - 1


def test_the_reference_offers_no_links_to_scalars_hosted_services(page, latest):
    page.goto(f"/{latest}/docs/developer/api/")
    wait_for_scalar(page)
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => [e.href, e.innerText])")
    # The one link to scalar.com is the "Powered by Scalar" credit, a plain outbound link.
    assert [href for href, text in links if "scalar.com" in href and "Powered by" not in text] == []
    assert page.get_by_text("Open API Client").count() == 0


def test_materials_icons_are_drawn_from_their_files_in_light_and_dark_mode(page, latest):
    """Each page holds an empty <svg> per icon (mkdocs.yml theme.icon: overrides/.icons/aviato/), which
    the stylesheet masks with the icon's own file: every one loads, in the colour Material gives it."""
    loaded: dict[str, int] = {}
    page.on("response", lambda r: loaded.__setitem__(r.url.rpartition("/")[2], r.status)
            if "/assets/images/icons/" in r.url else None)
    page.goto(f"/{latest}/docs/developer/api/operations/listItems/")
    assert page.locator("svg path").count() == 0, "no icon is written out in the page"
    for scheme in ("light", "dark"):
        icons = page.locator("header .aviato-icon:visible")
        assert icons.count() >= 3, "the logo, the palette toggle and the search icon"
        for icon in icons.all():
            style = icon.evaluate("e => { const s = getComputedStyle(e);"
                                  " return [s.webkitMaskImage || s.maskImage, s.backgroundColor, s.color]; }")
            mask, fill, colour = style
            assert re.fullmatch(r'url\(".*/assets/images/icons/[a-z-]+\.svg"\)', mask), mask
            assert fill == colour, f"{scheme}: the icon is drawn in the colour Material gives it"
            box = icon.bounding_box()
            assert box["width"] >= 16 and box["height"] >= 16
        if scheme == "light":
            page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_load_state("networkidle")
    assert loaded and set(loaded.values()) == {200}, loaded
    assert {"api.svg", "magnify.svg", "weather-night.svg", "weather-sunny.svg"} <= set(loaded)
