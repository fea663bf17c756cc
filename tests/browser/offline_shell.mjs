// The installable app shell: Chromium finds the app installable (manifest, icons, a service
// worker with a fetch handler), and a repeat visit opens from the service worker's cache with
// the network off — at the start page, where the remembered sign-in shows today's form, and at
// any other address. Without the service worker the same visit fails, so the test cannot pass
// by accident.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  config, launch, launchProfile, screenshot, check, isOfflineNoise, PHONE,
} from './common.mjs';

const base = config.base_url;
const problems = [];
const profile = mkdtempSync(join(tmpdir(), 'mimamori-profile-'));
const context = await launchProfile(profile);
const browser = await launch();
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  // First visit: sign in; the service worker installs and caches the shell.
  await page.goto(`${base}/invite?token=${config.invite_token}`);
  await page.click('[data-testid=lang-ja]');
  await page.fill('#password', 'my own password');
  await page.click('[data-testid=redeem-submit]');
  await page.waitForSelector('#temperature');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  check(manifest.url.endsWith('/manifest.webmanifest'), `manifest linked: ${manifest.url}`);
  check(manifest.errors.length === 0, `manifest parses cleanly: ${JSON.stringify(manifest.errors)}`);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  check(installabilityErrors.length === 0, `installable: ${JSON.stringify(installabilityErrors)}`);
  const cached = await page.evaluate(async () => {
    const keys = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) keys.push(new URL(request.url).pathname);
    }
    return keys;
  });
  const assets = await (await page.request.get(`${base}/assets.json`)).json();
  for (const path of ['/', '/manifest.webmanifest', '/icons/icon-192.png', assets.wasm, assets.js, assets.css]) {
    check(cached.includes(path), `${path} is cached (cache holds ${cached.join(', ')})`);
  }
  check(!cached.some((path) => path.startsWith('/api/')), 'no API answer is cached');

  // Repeat visit, online: the hashed files come from the service worker's cache, not the network.
  const fetched = [];
  const record = (response) => fetched.push(response);
  page.on('response', record);
  await page.reload();
  await page.waitForSelector('#temperature');
  page.off('response', record);
  const assetAnswers = fetched.filter((r) => new URL(r.url()).pathname.startsWith('/assets/'));
  check(assetAnswers.length >= 4, `the repeat visit loaded the app's files (${assetAnswers.length})`);
  const fromNetwork = assetAnswers.filter((r) => !r.fromServiceWorker()).map((r) => r.url());
  check(fromNetwork.length === 0, `every hashed file came from the service worker: ${fromNetwork.join(', ')}`);

  // Repeat visit, network off: the app opens from the cache, signed in, ready for a report.
  await context.setOffline(true);
  const response = await page.reload();
  check(response?.fromServiceWorker(), 'the page came from the service worker');
  await page.waitForSelector('#temperature');
  await page.waitForSelector('[data-testid=offline-notice]');
  check(await page.locator('.app-name').isVisible(), 'the app frame is drawn');
  await screenshot(page, 'offline-shell-start');

  // Any other address of the app opens too (every route is the same shell).
  await page.goto(`${base}/no/such/page`);
  await page.waitForSelector('.app-name');
  check((await page.locator('main').innerText()).length > 0, 'the router drew a page offline');

  // The same visit without the service worker fails: the network really is off.
  const stranger = await browser.newContext({ ...PHONE, serviceWorkers: 'block', offline: true });
  const bare = await stranger.newPage();
  const failed = await bare.goto(`${base}/`).then(() => false, () => true);
  check(failed, 'without the service worker, the offline visit fails');
  await stranger.close();
  console.log(`offline shell: ${cached.length} files cached; repeat visit offline served by the service worker`);
} finally {
  await context.close();
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
const unexpected = problems.filter((p) => !isOfflineNoise(p));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('offline shell: ok');
