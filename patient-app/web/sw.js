// The patient app's service worker: the app opens without signal, at any address.
//
// Served at /sw.js with Cache-Control: no-cache and registered by the app (platform.rs).
//   navigations  network first; without an answer (or a slow one), the cached "/" — every
//                address of the app is the same index.html, the router does the rest
//   /assets/*    cache first: the names carry a content hash, so a cached file never goes stale
//   shell files  (manifest, icons) network first, cache when offline
//   /api/*       never touched: sessions and reports always go to the server; a report made
//                offline is queued by the app itself (patient-app/src/queue.rs)
//   /staff/*     never touched: the staff console is another app, used online
// What to precache comes from /assets.json, which scripts/build-web.sh writes for each build.

const PREFIX = 'mimamori-patient-';
// Raise the version when this file changes what it stores: activate then drops the old caches.
const CACHE = `${PREFIX}v1`;
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png',
  '/icons/icon-maskable-512.png', '/icons/apple-touch-icon.png'];
// A phone with one bar of signal may take minutes to fail: after this long, open the cached app.
const NAVIGATION_TIMEOUT_MS = 4000;
// The server sends `Vary: Accept-Encoding` (precompressed files); a cached file fits any request.
const ANY = { ignoreVary: true };

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL);
    await syncAssets(cache);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (path.startsWith('/api/') || path === '/staff' || path.startsWith('/staff/')) return;
  if (request.mode === 'navigate') event.respondWith(navigate(event));
  else if (path.startsWith('/assets/')) event.respondWith(cacheFirst(request));
  else if (SHELL.includes(path)) event.respondWith(networkFirst(request));
});

/// Caches the hashed files of the current build that are missing, and drops those of old builds.
async function syncAssets(cache) {
  const response = await fetch('/assets.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`/assets.json answered ${response.status}`);
  const current = new Set((await response.json()).files);
  const cached = new Set();
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!path.startsWith('/assets/')) continue;
    if (current.has(path)) cached.add(path);
    else await cache.delete(request);
  }
  await cache.addAll([...current].filter((path) => !cached.has(path)));
}

async function navigate(event) {
  const network = fetch(event.request);
  // Keep the newest shell, and the files it names, for the next visit without signal. The copy is
  // taken before the page reads the body; the update may finish after the page got its answer.
  const copy = network.then((response) =>
    response.ok && response.headers.get('content-type')?.startsWith('text/html') ? response.clone() : null);
  event.waitUntil(copy
    .then(async (shell) => {
      if (!shell) return;
      const cache = await caches.open(CACHE);
      await cache.put('/', shell);
      await syncAssets(cache);
    })
    .catch(() => {})); // offline, or a half-deployed build: the cache keeps the last good shell
  const slow = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, slow]);
    // A server error page (a proxy's 502) is no better than the app, which knows how to wait.
    if (response && response.status < 500) return response;
  } catch {
    // No network at all: the cached shell below.
  }
  return (await caches.match('/', ANY)) ?? network;
}

async function cacheFirst(request) {
  const cached = await caches.match(request, ANY);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
  }
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, ANY);
    if (cached) return cached;
    throw error;
  }
}

// Web push (reminders, messages from staff; the settings page subscribes). The server sends JSON
// {title, body, url?, tag?, lang?}; without a readable payload a plain reminder is shown, since
// a push that shows nothing makes the browser show a notice of its own.
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data?.json() ?? {};
  } catch {
    // Not JSON: the plain reminder.
  }
  event.waitUntil(self.registration.showNotification(data.title || 'みまもり 健康観察', {
    body: data.body || '今日の体調を報告してください。 / Please report how you feel today.',
    icon: '/icons/icon-192.png',
    lang: data.lang || 'ja',
    tag: data.tag || 'mimamori-reminder', // a newer reminder replaces an unread one
    data: { url: data.url || '/' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || '/', self.location.origin);
  const target = url.origin === self.location.origin ? url.href : self.location.origin + '/';
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((client) => !new URL(client.url).pathname.startsWith('/staff'));
    if (open) return open.focus();
    return self.clients.openWindow(target);
  })());
});
