// "Copy as Markdown" on the pages that link their Markdown twin (generator/render/operation_page.py
// writes the link, which works without JavaScript): a button beside it copies the twin's text.
(function () {
  "use strict";

  function copy(href) {
    var text = fetch(href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) {
        throw new Error("the Markdown of this page did not load (" + response.status + ")");
      }
      return response.text();
    });
    if (window.ClipboardItem && navigator.clipboard.write) {
      // The item is written while the click still counts as the reader's gesture; its text follows.
      var blob = text.then(function (value) { return new Blob([value], { type: "text/plain" }); });
      return navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
    }
    return text.then(function (value) { return navigator.clipboard.writeText(value); });
  }

  function addButton(link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button aviato-copy-twin";
    button.textContent = "Copy as Markdown";
    var status = document.createElement("span");
    status.className = "aviato-copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      status.textContent = "";
      copy(link.href).then(function () {
        status.textContent = "Copied.";
      }, function (error) {
        status.textContent = "Could not copy: " + error.message;
      });
    });
    link.parentNode.insertBefore(button, link);
    link.parentNode.insertBefore(document.createTextNode(" "), link);
    link.parentNode.appendChild(status);
  }

  if (navigator.clipboard) {
    document.querySelectorAll("a.aviato-twin-link").forEach(addButton);
  }
})();
