// Aansluiting service worker: keeps the last copy of every page and asset that loaded, so a page
// can be reloaded without a network (an interviewer's queued answers live in localStorage and are
// sent when the connection is back). Network first: online, everything is always fresh.
//
// Pages hold the data of whoever was signed in, and a browser may be shared. Every page response
// names its account (`x-aansluiting-account`: a mark that names nobody, or "anonymous";
// app/src/sync/account.rs): pages are kept in that account's cache, and only the account of the
// latest page is served offline. When a page of another account comes in, every other account's
// pages are dropped first. Sign-in and sign-out also drop them from the page before it leaves
// (app/src/features/account/session.rs).
const PAGES = 'aansluiting-pages-';
const ACCOUNT_HEADER = 'x-aansluiting-account';
// Whose pages are served: one entry, the account of the latest page. Kept in a cache rather than
// in memory, because the browser stops an idle worker whenever it likes.
const ACCOUNT_RECORD = 'aansluiting-account-v1';
const ACCOUNT_KEY = '/account-of-the-latest-page';
// Files without an account (nothing of a study is in them): the phone page's bundle, images.
const FILES = 'aansluiting-files-v1';
// Where earlier versions of this worker kept every account's pages together.
const SHARED_PAGES = 'aansluiting-shell-v1';
// The "no connection" page and what it needs to show and run, kept from installation on: a page
// never opened on this device gets an explanation (and the count of changes still waiting here)
// instead of the browser's error. None of it holds study data or names (the server renders the
// offline page for nobody), so it stays for every account. Online fetches of these paths
// refresh this copy, never another, so the page and its code stay from the same build.
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
self.addEventListener('activate', (event) =>
  event.waitUntil(Promise.all([caches.delete(SHARED_PAGES), forgetOtherBuilds(), self.clients.claim()])),
);

// Earlier builds' files (each megabytes of wasm) are never asked for again under their names:
// pages kept from then get this build's files instead (fromCache).
async function forgetOtherBuilds() {
  for (const name of [OFFLINE_CACHE, FILES]) {
    if (!(await caches.has(name))) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const path = new URL(request.url).pathname;
      if (path.startsWith('/pkg/') && !KEPT.has(path)) await cache.delete(request);
    }
  }
}

// Changes to the caches happen one after another: a page of one account stored while the next
// account's first page drops the others' would otherwise outlive the drop.
let turn = Promise.resolve();
function inTurn(work) {
  turn = turn.then(work, work);
  return turn;
}

async function currentAccount() {
  const record = await caches.open(ACCOUNT_RECORD).then((cache) => cache.match(ACCOUNT_KEY));
  return record ? record.text() : null;
}

// A page of `account` came in: from now on only its pages are served. Another account's pages
// are dropped before the record changes, so that no moment serves them under the new account.
async function follow(account) {
  if ((await currentAccount()) === account) return;
  for (const name of await caches.keys()) {
    if ((name.startsWith(PAGES) && name !== PAGES + account) || name === SHARED_PAGES) await caches.delete(name);
  }
  await caches.open(ACCOUNT_RECORD).then((cache) => cache.put(ACCOUNT_KEY, new Response(account)));
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
        const account = response.headers.get(ACCOUNT_HEADER);
        const copy = response.ok ? response.clone() : null;
        // (The offline page is also fetched after a language change, to keep it in that language.)
        const kept = KEPT.has(url.pathname);
        if (account || copy) {
          event.waitUntil(
            inTurn(async () => {
              // Any page, stored or not (a 404, a sign-in prompt), says who is signed in now.
              if (account) await follow(account);
              if (!copy) return;
              const name = kept ? OFFLINE_CACHE : account ? PAGES + account : FILES;
              await caches.open(name).then((cache) => cache.put(kept ? url.pathname : request, copy));
            }),
          );
        }
        return response;
      })
      .catch(() => fromCache(request, url)),
  );
});

async function fromCache(request, url) {
  const cached = await kept(request, url);
  if (cached) return cached;
  // A page kept from an earlier build asks for that build's files: this build's of the same
  // kind stand in, as they did when the names did not change.
  const kind = url.pathname.startsWith('/pkg/') ? url.pathname.slice(url.pathname.lastIndexOf('.')) : null;
  const current = kind && BUILD.find((path) => path.endsWith(kind));
  if (current) {
    const standIn = await caches.open(OFFLINE_CACHE).then((cache) => cache.match(current));
    if (standIn) return standIn;
  }
  // A page never kept here for this account: send the browser to the offline page, which says
  // so and offers to try the asked-for page again. (Serving its HTML at this URL would not
  // hydrate: the router would expect the page of the URL.)
  if (request.mode === 'navigate' && url.pathname !== OFFLINE_PAGE) {
    return Response.redirect(`${OFFLINE_PAGE}?from=${encodeURIComponent(url.pathname + url.search)}`, 302);
  }
  return Response.error();
}

// The copy to serve: the offline page's files, a file, or a page of the account of the latest
// page, never one of another account's.
async function kept(request, url) {
  if (KEPT.has(url.pathname)) return caches.open(OFFLINE_CACHE).then((cache) => cache.match(url.pathname));
  const file = await caches.open(FILES).then((cache) => cache.match(request));
  if (file) return file;
  const account = await currentAccount();
  if (!account || !(await caches.has(PAGES + account))) return undefined;
  return caches.open(PAGES + account).then((cache) => cache.match(request));
}
