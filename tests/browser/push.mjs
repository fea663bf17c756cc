// Reminders by web push. Headless Chromium has no push service here, so
// `PushManager.prototype.subscribe` is replaced before the app loads with one that answers a
// subscription to a local endpoint with real RFC 8291 keys (a P-256 point and a 16-byte secret).
//
// Phase "subscribe": explanation first, then the permission (granted by the test), the
// subscription, and the reminder window. The Rust test then checks the stored row and runs
// phase "unsubscribe": a new page of the same browser profile finds reminders on and turns them
// off with the switch.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { config, launch, screenshot, check } from './common.mjs';
import { redeem, SMALL_PHONE, checkPageFits, pageIn } from './followup.mjs';

const base = config.base_url;
const state = config.state_file;
const problems = [];
const browser = await launch();

/// A subscription as a browser would make it, kept in the test's state file between phases.
function subscription() {
  if (existsSync(`${state}.push.json`)) return JSON.parse(readFileSync(`${state}.push.json`, 'utf8'));
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const point = publicKey.export({ format: 'jwk' });
  // The uncompressed point: 0x04 ‖ x ‖ y (65 bytes), as PushSubscription.getKey('p256dh') gives it.
  const raw = Buffer.concat([Buffer.from([4]), Buffer.from(point.x, 'base64url'), Buffer.from(point.y, 'base64url')]);
  const made = {
    endpoint: `http://127.0.0.1:${config.push_port}/push/${randomBytes(8).toString('hex')}`,
    p256dh: raw.toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
  writeFileSync(`${state}.push.json`, JSON.stringify(made));
  return made;
}

const sub = subscription();
try {
  const context = await browser.newContext({
    ...SMALL_PHONE,
    ...(config.phase === 'unsubscribe' ? { storageState: state } : {}),
  });
  await context.grantPermissions(['notifications'], { origin: base });
  await context.addInitScript(({ sub, subscribed }) => {
    let current = null;
    const make = () => ({
      endpoint: sub.endpoint,
      expirationTime: null,
      toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: { p256dh: sub.p256dh, auth: sub.auth } }),
      unsubscribe: async () => { current = null; window.__pushUnsubscribed = true; return true; },
    });
    if (subscribed) current = make();
    PushManager.prototype.subscribe = async function (options) {
      window.__pushOptions = { userVisibleOnly: options.userVisibleOnly, keyBytes: options.applicationServerKey?.byteLength };
      current = make();
      return current;
    };
    PushManager.prototype.getSubscription = async function () { return current; };
  }, { sub, subscribed: config.phase === 'unsubscribe' });
  const page = await pageIn(context, problems);

  if (config.phase === 'subscribe') {
    await redeem(page, base, config.invite_token);
    await page.click('[data-testid=nav-settings]');
    const card = page.locator('[data-testid=reminders]');
    await card.waitFor();
    check((await card.getAttribute('data-state')) === 'off', 'reminders start off on this phone');
    // The explanation comes before the browser's prompt: what it will ask and what refusing means.
    const before = await card.innerText();
    check(before.includes('許可') && before.includes('ブロック'), `the card explains the prompt first: ${before}`);
    await checkPageFits(page, 'settings page');
    await screenshot(page, 'push-1-explained');
    await page.click('[data-testid=push-enable]');
    await page.waitForSelector('[data-testid=reminders][data-state=on]');
    const options = await page.evaluate(() => window.__pushOptions);
    check(options?.userVisibleOnly === true, 'subscribed with userVisibleOnly');
    check(options?.keyBytes === 65, `subscribed with the server's 65-byte VAPID key (${options?.keyBytes})`);
    check((await page.innerText('[data-testid=reminder-status]')).includes('オン'), 'the status says reminders are on');

    // The reminder window: a night-time start is refused beside the field, a daytime one saved.
    await page.fill('#window-start', '05:00');
    await page.click('[data-testid=window-save]');
    await page.waitForSelector('[data-testid=error-window_start]');
    await page.fill('#window-start', '07:30');
    await page.fill('#window-end', '09:00');
    await page.click('[data-testid=window-save]');
    await page.waitForFunction(() => document.querySelector('[data-testid=window-status]')?.textContent.includes('✓'));
    await screenshot(page, 'push-2-on');
    await context.storageState({ path: state });
  } else {
    await page.goto(`${base}/`);
    await page.waitForSelector('#temperature');
    // The app registers its service worker on start; the settings page reads its subscription.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.click('[data-testid=nav-settings]');
    await page.waitForSelector('[data-testid=reminders][data-state=on]');
    check((await page.inputValue('#window-start')) === '07:30', 'the saved window is shown');
    check((await page.inputValue('#window-end')) === '09:00', 'the saved window end is shown');
    const toggle = page.locator('[data-testid=reminders-switch]');
    check((await toggle.getAttribute('role')) === 'switch' && (await toggle.getAttribute('aria-checked')) === 'true',
      'an on switch');
    await toggle.click();
    await page.waitForSelector('[data-testid=reminders][data-state=off]');
    check(await page.evaluate(() => window.__pushUnsubscribed === true), 'the browser subscription ended');
    check((await page.locator('[data-testid=push-enable]').count()) === 1, 'reminders can be turned on again');
    await screenshot(page, 'push-3-off');
  }
} finally {
  await browser.close();
}
// A 401 is the app asking who is signed in before the invitation is redeemed.
const unexpected = problems.filter((p) => !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log(`browser push (${config.phase}): ok`);
