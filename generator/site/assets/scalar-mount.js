// Mounts Scalar's API reference on the page's #aviato-scalar element, with the configuration the
// generator wrote into #aviato-scalar-config, and keeps its colour scheme in step with Material's.
(function () {
  "use strict";
  var element = document.getElementById("aviato-scalar");
  var configElement = document.getElementById("aviato-scalar-config");
  if (!element || !configElement || !window.Scalar) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
  // Scalar wants absolute URLs; the page names its documents relative to itself (same origin).
  function absolute(url) {
    return new URL(url, window.location.href).href;
  }
  if (config.url) {
    config.url = absolute(config.url);
  }

  // Once the first document shows, Scalar fetches every other one in the background, one after the
  // other while the browser is idle: on a spec cut into hundreds of parts that is all of them, each
  // processed with the shared components (the tab's heap past 700 MB within 30 s on Microsoft Graph),
  // and the work competes with showing the deep-linked operation. So a part's document is fetched only
  // once Scalar selects it (its source's onDocumentSelect), or before Scalar has selected any: the
  // documents it needs to start. Everything else Scalar fetches (the shared components) goes as asked.
  var held = {}; // part URL -> what releases its fetch, or true once it may go
  var started = false;
  function chosen(url) {
    started = true;
    var release = held[url];
    held[url] = true;
    if (typeof release === "function") {
      release();
    }
  }
  function partsWhenChosen(sources) {
    sources.forEach(function (source) {
      held[source.url] = false;
    });
    return function (input, init) {
      var url = absolute(typeof input === "string" ? input : input.url || String(input));
      if (!started || held[url] === undefined || held[url] === true) {
        return window.fetch(input, init);
      }
      return new Promise(function (resolve) {
        var earlier = held[url];
        held[url] = function () {
          if (typeof earlier === "function") {
            earlier();
          }
          resolve();
        };
      }).then(function () {
        return window.fetch(input, init);
      });
    };
  }
  // The part holding a deep link `#tag/<tag slug>/<METHOD><path>` (`#<METHOD><path>` untagged): the tag's own document, or for a
  // tag cut into chunks the last chunk that starts at or before (path, method).
  function partOf(hash, chunks) {
    var text;
    try {
      text = decodeURIComponent(hash);
    } catch (malformed) {
      return undefined;
    }
    // An operation without a tag is `#<METHOD><path>`: its parts are the chunks of "default" (split.UNTAGGED).
    var match = /^#tag\/([^/]+)(?:\/([A-Z]+)(\/.*))?$/.exec(text) || /^#()([A-Z]+)(\/.*)$/.exec(text);
    if (!match) {
      return undefined;
    }
    var tag = match[1] || "default";
    if (!chunks[tag]) {
      return tag;
    }
    var method = METHODS.indexOf((match[2] || "").toLowerCase());
    var path = match[3] || "";
    var found = chunks[tag][0][0];
    chunks[tag].forEach(function (chunk) {
      if (chunk[1] < path || (chunk[1] === path && chunk[2] <= method)) {
        found = chunk[0];
      }
    });
    return found;
  }

  if (config.sources) {
    // A large spec comes as one document per tag: open the one a deep link (#tag/<slug>/...) names,
    // through Scalar's own `?api=<slug>` parameter, which it reads once and removes.
    config.sources.forEach(function (source) {
      source.url = absolute(source.url);
      source.onDocumentSelect = function () {
        chosen(source.url);
      };
    });
    config.customFetch = partsWhenChosen(config.sources);
    var wanted = partOf(window.location.hash, config.aviatoChunks || {});
    var here = new URL(window.location.href);
    if (wanted && !here.searchParams.has("api") && config.sources.some(function (s) { return s.slug === wanted; })) {
      here.searchParams.set("api", wanted);
      window.history.replaceState(window.history.state, "", here.toString());
    }
    delete config.aviatoChunks;
  }

  function materialIsDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  config.darkMode = materialIsDark();
  config.onLoaded = function () {
    document.documentElement.setAttribute("data-scalar-loaded", "true");
  };
  var app = window.Scalar.createApiReference(element, config);

  function syncScheme() {
    var dark = materialIsDark();
    document.body.classList.toggle("dark-mode", dark);
    document.body.classList.toggle("light-mode", !dark);
    if (app && typeof app.updateConfiguration === "function") {
      app.updateConfiguration(Object.assign({}, config, { darkMode: dark }));
    }
  }

  // Scalar's sidebar sits below Material's header through --scalar-custom-header-height in aviato.css.
  syncScheme();
  new MutationObserver(syncScheme).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });
})();
