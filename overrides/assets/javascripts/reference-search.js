// On the interactive reference only, before Material's bundle: Material fetches the version's search
// index as the page loads, parses it and hands it to its search worker, all while Scalar shows what the
// page opened on. For a spec of thousands of operations that index is megabytes (Microsoft Graph's:
// 6.8 MB), and that work delayed a deep link's operation by 0.15-0.7 s on a two-core machine.
// So the index is fetched once Scalar shows the page's operation (or its first document when the link
// names none), at once when the reader turns to search, and after TIMEOUT whatever happened.
(function () {
  "use strict";
  var TIMEOUT = 10000; // ms
  var INDEX = /\/search\/search_index\.json$/;
  var proto = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!proto) {
    return;
  }
  var open = proto.open;
  var send = proto.send;
  var waiting = [];
  var released = false;

  // Material requests its index with an XMLHttpRequest: its `send` waits until release.
  proto.open = function (method, url) {
    try {
      this.aviatoHeld = INDEX.test(new URL(String(url), window.location.href).pathname);
    } catch (notUrl) {
      this.aviatoHeld = false; // the request goes as it would have
    }
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (!this.aviatoHeld || released) {
      return send.apply(this, arguments);
    }
    var request = this;
    var args = arguments;
    waiting.push(function () {
      send.apply(request, args);
    });
  };

  function release() {
    if (released) {
      return;
    }
    released = true;
    proto.open = open;
    proto.send = send;
    clearInterval(poll);
    clearTimeout(timer);
    waiting.forEach(function (go) {
      go();
    });
  }

  // The mount script marks the page once Scalar has loaded its document; Scalar then renders the
  // deep link's target in place of its placeholder (which carries the same id until then).
  function shown() {
    if (document.documentElement.getAttribute("data-scalar-loaded") !== "true") {
      return false;
    }
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (malformed) {
      return true;
    }
    var target = id && document.getElementById(id);
    return !id || (!!target && target.getAttribute("data-placeholder") !== "true");
  }

  var poll = setInterval(function () {
    if (shown()) {
      clearInterval(poll);
      if (window.requestIdleCallback) {
        window.requestIdleCallback(release, { timeout: 1000 }); // once the operation has been painted
      } else {
        setTimeout(release, 0);
      }
    }
  }, 100);
  var timer = setTimeout(release, TIMEOUT);
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-md-component=search-query]")) {
      release();
    }
  });
})();
