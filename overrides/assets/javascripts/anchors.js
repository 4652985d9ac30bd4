// Old anchors of operation and schema pages. An operation page shows one level of each named schema
// and links to the schema's page for the rest (generator/render/operation_page.py); a link to an
// anchor it no longer holds would land on the top of the page. This script shows a note there
// instead, with a link to where the anchor went:
// - `#field-response-200.data.account.email`: the longest start of the path the page still shows
//   (`field-response-200.data.account`) names a schema, on whose page the rest of the path is the
//   field's id (`schemas/account/#field-email`; the same script goes on from there if need be);
// - `#schema-account`: the schema's own page (`schemas/account/`).
// Pages say where their version's schema pages are (`data-aviato-schemas`); other pages are left
// alone. The hash is the reader's: it is shown as text and only ever ends up in a link's fragment.
(function () {
  "use strict";

  var marker = document.querySelector("[data-aviato-schemas]");
  if (!marker) {
    return;
  }
  var schemas = new URL(marker.getAttribute("data-aviato-schemas"), window.location.href);
  var SEGMENT = /^[A-Za-z0-9_-]+$/; // generator/render/urls.py url_segment's characters
  var NOTE = "aviato-moved";

  function wanted() {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return "";
    }
  }

  function ownLinks(field) {
    // The schema links in a field's own line (its type), and else in its options' lines (a union).
    var heads = field.querySelectorAll(":scope > details > summary, :scope > .aviato-field");
    var links = [];
    heads.forEach(function (head) {
      links = links.concat(Array.prototype.slice.call(head.querySelectorAll("a.aviato-schema-link")));
    });
    if (links.length) {
      return links;
    }
    field.querySelectorAll(":scope > details > ul > li:not([id]) > details > summary a.aviato-schema-link")
      .forEach(function (link) { links.push(link); });
    return links;
  }

  function fieldTarget(id) {
    var path = id.slice("field-".length).split(".");
    for (var shown = path.length - 1; shown >= 1; shown--) {
      var field = document.getElementById("field-" + path.slice(0, shown).join("."));
      if (!field) {
        continue;
      }
      var rest = path.slice(shown).join(".");
      var links = ownLinks(field);
      if (links.length === 1) {
        var url = new URL(links[0].href);
        url.hash = "field-" + rest;
        return { title: "On its schema's page", text: [["code", path.join(".")],
          ["", " is a field of "], ["a", links[0].textContent, url.href], ["", ", shown on its own page."]] };
      }
      return { title: "Not shown on this page", text: [["code", path.join(".")],
        ["", " is not on this page. The nearest field it shows is "],
        ["a", path.slice(0, shown).join("."), "#" + field.id], ["", "."]] };
    }
    return null;
  }

  function schemaTarget(id) {
    var segment = id.slice("schema-".length);
    if (!SEGMENT.test(segment)) {
      return null;
    }
    return { title: "On its own page", text: [["", "The schema "], ["code", segment], ["", " has its own page: "],
      ["a", segment, new URL(segment + "/", schemas).href], ["", "."]] };
  }

  function note(id, found) {
    var box = document.createElement("div");
    box.className = "admonition info " + NOTE;
    box.id = id;
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = found.title;
    var text = document.createElement("p");
    found.text.forEach(function (piece) {
      var node = piece[0] ? document.createElement(piece[0]) : document.createTextNode(piece[1]);
      if (piece[0]) {
        node.textContent = piece[1];
      }
      if (piece[0] === "a") {
        node.href = piece[2];
      }
      text.appendChild(node);
    });
    box.appendChild(title);
    box.appendChild(text);
    return box;
  }

  function show() {
    var old = document.querySelector("." + NOTE);
    var id = wanted();
    if (old && old.id !== id) {
      old.remove();
    }
    if (!id || document.getElementById(id)) {
      return;
    }
    var found = id.indexOf("field-") === 0 ? fieldTarget(id) : id.indexOf("schema-") === 0 ? schemaTarget(id) : null;
    var heading = document.querySelector("article h1");
    if (!found || !heading) {
      return;
    }
    var box = note(id, found);
    heading.parentNode.insertBefore(box, heading.nextSibling);
    box.scrollIntoView();
  }

  window.addEventListener("hashchange", show);
  show();
})();
