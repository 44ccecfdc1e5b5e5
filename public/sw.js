// Aansluiting service worker: keeps the last copy of every page and asset that loaded, so a page
// can be reloaded without a network (an interviewer's queued answers live in localStorage and are
// sent when the connection is back). Network first: online, everything is always fresh.
const CACHE = 'aansluiting-shell-v1';
// The "no connection" page and what it needs to show and run, kept from installation on: a page
// never opened on this device gets an explanation (and the count of changes still waiting here)
// instead of the browser's error. None of it holds study data or names, so it stays when
// sign-out drops CACHE. Online fetches of these paths refresh this copy, never CACHE's, so the
// page and its code stay from the same build.
const OFFLINE_CACHE = 'aansluiting-offline-v1';
const OFFLINE_PAGE = '/offline';
// This build's stylesheet, script and wasm. Builds name them by their content (hash-files in
// Cargo.toml) and the server writes those names in here as it serves this file
// (server/src/http/assets.rs), so every build is a new worker that installs its own files. A path
// that is missing makes installation fail, which tests/offline.spec.ts would show.
const BUILD = ['/pkg/aansluiting.css', '/pkg/aansluiting.js', '/pkg/aansluiting.wasm'];
const OFFLINE_ASSETS = [OFFLINE_PAGE, ...BUILD, '/favicon.svg'];
const KEPT = new Set(OFFLINE_ASSETS);

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(OFFLINE_CACHE).then((cache) => cache.addAll(OFFLINE_ASSETS)));
});
self.addEventListener('activate', (event) => event.waitUntil(Promise.all([forgetOtherBuilds(), self.clients.claim()])));

// Earlier builds' files (each megabytes of wasm) are never asked for again under their names:
// pages kept from then get this build's files instead (fromCache).
async function forgetOtherBuilds() {
  for (const name of [OFFLINE_CACHE, CACHE]) {
    if (!(await caches.has(name))) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path.startsWith('/pkg/') && !KEPT.has(path)) await cache.delete(request);
    }
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // The API and server functions are never answered from a cache.
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/sfn/')) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          // (The offline page is also fetched after a language change, to keep it in that language.)
          const kept = KEPT.has(url.pathname);
          caches.open(kept ? OFFLINE_CACHE : CACHE).then((cache) => cache.put(kept ? url.pathname : request, copy));
        }
        return response;
      })
      .catch(() => fromCache(request, url)),
  );
});

async function fromCache(request, url) {
  const cached = KEPT.has(url.pathname)
    ? await caches.open(OFFLINE_CACHE).then((cache) => cache.match(url.pathname))
    : await caches.match(request);
  if (cached) return cached;
  // A page kept from an earlier build asks for that build's files: this build's of the same
  // kind stand in, as they did when the names did not change.
  const kind = url.pathname.startsWith('/pkg/') ? url.pathname.slice(url.pathname.lastIndexOf('.')) : null;
  const current = kind && BUILD.find((path) => path.endsWith(kind));
  if (current) {
    const standIn = await caches.open(OFFLINE_CACHE).then((cache) => cache.match(current));
    if (standIn) return standIn;
  }
  // A page never kept here: send the browser to the offline page, which says so and offers to
  // try the asked-for page again. (Serving its HTML at this URL would not hydrate: the router
  // would expect the page of the URL.)
  if (request.mode === 'navigate' && url.pathname !== OFFLINE_PAGE) {
    return Response.redirect(`${OFFLINE_PAGE}?from=${encodeURIComponent(url.pathname + url.search)}`, 302);
  }
  return Response.error();
}
