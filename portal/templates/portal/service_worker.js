// The portal's service worker, served at /sw.js by portal.pwa.service_worker.
//
// It keeps the shell and nothing else: the offline page in each language, the static files that
// page loads and the app icons, all fetched without cookies. Pages always come from the network
// and are never put in a cache (any page may be someone's signed-in page); when a page cannot be
// loaded (or a form sent from a page cannot reach the portal), the offline page is shown
// instead. Everything else (case files, the portal's JSON, the background sends of reports,
// other static files) goes to the network as if there were no worker.
// Reports written offline are kept by the report page itself (static/js/report_drafts.js).
"use strict";
{% autoescape off %}var CONFIG = {{ config }};{% endautoescape %}
var CACHE = "portal-shell-" + CONFIG.version;
var PAGES = Object.keys(CONFIG.offline).map(function (code) { return CONFIG.offline[code]; });
var KEPT = new Set(CONFIG.shell.map(function (url) { return new URL(url, self.location).href; }));
var language = null; // of the last page loaded (its Content-Language), for the offline page

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(CONFIG.shell.concat(PAGES).map(function (url) {
        return new Request(url, { credentials: "omit", cache: "reload" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("portal-shell-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlineLanguage() {
  if (language) { return language; }
  var codes = Object.keys(CONFIG.offline);
  var wanted = self.navigator.languages || [self.navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var tag = String(wanted[i]).toLowerCase();
    for (var j = 0; j < codes.length; j++) {
      if (tag === codes[j] || tag.split("-")[0] === codes[j].split("-")[0]) { return codes[j]; }
    }
  }
  return CONFIG.defaultLanguage;
}

function kept(url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(url, { ignoreVary: true });
  }).then(function (response) { return response || Response.error(); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    // Network only (a form sent, too): the answer goes to the page, never into a cache.
    event.respondWith(fetch(request).then(function (response) {
      var spoken = response.headers.get("Content-Language");
      if (spoken && CONFIG.offline[spoken]) { language = spoken; }
      return response;
    }, function () {
      return kept(CONFIG.offline[offlineLanguage()] || PAGES[0]);
    }));
    return;
  }
  if (request.method === "GET" && KEPT.has(url.href)) {
    // Static files keep their names from one release to the next: the network's copy first.
    event.respondWith(fetch(request).catch(function () { return kept(url.href); }));
  }
});
