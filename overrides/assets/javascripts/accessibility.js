// Names for two controls of Material's own markup that axe-core finds unnamed or misnamed (see
// tests/browser/test_accessibility.py). Material writes them itself, so they are named after it does.
(function () {
  "use strict";

  // The search overlay is a dialog without a name (axe: aria-dialog-name).
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) {
    var input = search.querySelector("input[aria-label]");
    search.setAttribute("aria-label", input ? input.getAttribute("aria-label") : "Search");
  }

  // The version selector's name must contain the text it shows (axe: label-content-name-mismatch).
  // Material adds it once it has read versions.json.
  function nameVersionSelector() {
    var button = document.querySelector(".md-version__current");
    if (!button) {
      return false;
    }
    // "v1.2.0" and its alias "latest" are set apart by a margin only: a space makes them two words.
    var alias = button.querySelector(".md-version__alias");
    if (alias && alias.previousSibling && !/\s$/.test(alias.previousSibling.textContent)) {
      alias.before(document.createTextNode(" "));
    }
    button.setAttribute("aria-label", "Select version: " + button.textContent.trim());
    return true;
  }

  if (!nameVersionSelector()) {
    var observer = new MutationObserver(function () {
      if (nameVersionSelector()) {
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }
})();
