"""URLs on other hosts that the shipped vendor bundles hold, and why this site never loads them.

The third-party audit (`generator/site/audit.py`) excuses a URL only when it is listed here for the
file it is in, and only while the setting that keeps it off holds in what the build shipped: Scalar's
configuration in each reference page, mkdocs.yml, the published specs. Upgrading Scalar or Material
may add URLs; the audit then fails the build at the file and line, and the new URL is either switched
off and listed here with its setting, or the feature is dropped. A test fails when an entry no longer
matches anything in the bundles, so the list stays exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch

SCALAR = "_shared/scalar/*/*.js"  # the entry module and its chunks
MATERIAL = "*/assets/javascripts/bundle.*.min.js"


@dataclass(frozen=True)
class Shipped:
    """What the build shipped, for the conditions below to check."""

    mkdocs: dict  # mkdocs.yml
    scalar: list[dict]  # the configuration of every reference page


Condition = Callable[[Shipped], "str | None"]  # None while the URL stays unused, else what turned it on


def scalar_setting(key: str, value: object) -> Condition:
    def check(shipped: Shipped) -> str | None:
        wrong = [c.get(key) for c in shipped.scalar if c.get(key) != value]
        if not wrong:
            return None
        return f"Scalar's `{key}` is {wrong[0]!r} in a reference page; it must be {value!r}"
    return check


def scalar_unset(key: str) -> Condition:
    def check(shipped: Shipped) -> str | None:
        return f"a reference page sets Scalar's `{key}`" if any(key in c for c in shipped.scalar) else None
    return check


def scalar_agent_off(shipped: Shipped) -> str | None:
    on = [c for c in shipped.scalar if (c.get("agent") or {}).get("disabled") is not True]
    return "a reference page leaves Scalar's `agent` enabled" if on else None


def same_origin_documents(shipped: Shipped) -> str | None:
    # A large spec is published as one document per tag (Scalar's `sources`): each must be local too.
    urls = [c.get("url") for c in shipped.scalar if "url" in c]
    urls += [source.get("url") for c in shipped.scalar for source in c.get("sources", [])]
    far = [url for url in urls if "://" in str(url) or url is None]
    return f"a reference page loads its document from {far[0]!r}, not from beside the page" if far else None


def mkdocs_unset(key: str) -> Condition:
    def check(shipped: Shipped) -> str | None:
        return f"mkdocs.yml sets `{key}`" if shipped.mkdocs.get(key) else None
    return check


def no_mermaid(shipped: Shipped) -> str | None:
    extensions = shipped.mkdocs.get("markdown_extensions") or []
    return "mkdocs.yml turns on Mermaid diagrams" if "mermaid" in repr(extensions) else None


def never(shipped: Shipped) -> str | None:
    return None


@dataclass(frozen=True)
class KnownUrl:
    file: str  # shell pattern of the file, from the site root
    url: str  # the URL, or the start of the URLs, as written in the file
    why: str  # what it is for, and what keeps it from being loaded
    keeps_off: Condition = field(default=never)

    def matches(self, file: str, url: str) -> bool:
        return fnmatch(file, self.file) and url.startswith(self.url)

    def broken(self, shipped: Shipped) -> str | None:
        return self.keeps_off(shipped)


KNOWN: tuple[KnownUrl, ...] = (
    KnownUrl(SCALAR, "https://fonts.scalar.com/", "Scalar's default fonts (@font-face in its CSS)",
             scalar_setting("withDefaultFonts", False)),
    KnownUrl(SCALAR, "https://api.scalar.com/request-proxy",
             "an old proxy address Scalar rewrites `proxyUrl` from", scalar_unset("proxyUrl")),
    KnownUrl(SCALAR, "https://proxy.scalar.com",
             "Scalar's request proxy, used for try-it only when `proxyUrl` is set "
             "(or in Scalar's own web client)",
             scalar_unset("proxyUrl")),
    KnownUrl(SCALAR, "https://api.scalar.com", "the service behind Scalar's agent", scalar_agent_off),
    KnownUrl(SCALAR, "https://client.scalar.com", "the 'Open API Client' button",
             scalar_setting("hideClientButton", True)),
    KnownUrl(SCALAR, "https://app.cal.com/embed/embed.js", "a booking widget in Scalar's developer tools",
             scalar_setting("showDeveloperTools", "never")),
    KnownUrl(SCALAR, "https://scalar.cal.com", "a booking link in Scalar's developer tools",
             scalar_setting("showDeveloperTools", "never")),
    KnownUrl(SCALAR, "https://dashboard.scalar.com",
             "Scalar's registry, for documents named by registry slug", same_origin_documents),
    KnownUrl(SCALAR, "https://registry.scalar.com", "Scalar's registry, for documents named by registry slug",
             same_origin_documents),
    # Scalar's OAuth2.vue (api-client, scalar-auth-selector-block): the three are `placeholder` texts of
    # the form's URL inputs (authorize, token, and the refresh URL shown when a flow has no tokenUrl);
    # its requests go to the flow's own authorizationUrl, tokenUrl and refreshUrl, which a spec declares
    # and the CSP allows only when listed. tests/test_audit.py checks each use is still a placeholder.
    KnownUrl(SCALAR, "https://galaxy.scalar.com/",
             "placeholder text in the OAuth 2 form's URL fields: shown, never requested"),
    KnownUrl(SCALAR, "https://scalar.com", "links (<a href>) in Scalar's interface: followed, never loaded"),
    KnownUrl(SCALAR, "https://www.scalar.com", "a link (<a href>) in Scalar's interface"),
    KnownUrl(SCALAR, "https://docs.scalar.com", "a link (<a href>) in Scalar's interface"),
    KnownUrl(SCALAR, "https://editor.scalar.com", "a link (<a href>) in Scalar's interface"),
    KnownUrl(MATERIAL, "https://api.github.com/",
             "repository facts in the header, fetched only with `repo_url`", mkdocs_unset("repo_url")),
    KnownUrl(MATERIAL, "https://unpkg.com/mermaid",
             "Mermaid, loaded only for diagrams (a `mermaid` superfence)", no_mermaid),
    KnownUrl(MATERIAL, "https://unpkg.com/resize-observer-polyfill",
             "a polyfill loaded only by browsers without ResizeObserver (none that Material supports)"),
)
