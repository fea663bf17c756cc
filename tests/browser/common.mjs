// Shared pieces of the browser tests: launching Debian's Chromium, TOTP like an authenticator
// app, and collecting page errors so a test fails on a console error or a CSP violation.
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

/// The test's parameters, passed by the Rust harness as JSON in MIMAMORI_BROWSER_TEST.
export const config = JSON.parse(process.env.MIMAMORI_BROWSER_TEST ?? '{}');

/// A phone: a 390×844 viewport, touch, Japanese locale.
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ja-JP' };

const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  // As root in a container, and with no network but loopback: no sandbox, no background calls.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
};

export async function launch() {
  return chromium.launch(CHROMIUM);
}

/// A browser with a profile on disk (`dir`), like a phone's own browser: unlike the throwaway
/// contexts of `launch`, Chromium considers installing web apps from it.
export async function launchProfile(dir, options = PHONE) {
  return chromium.launchPersistentContext(dir, { ...CHROMIUM, ...options });
}

/// A new page in its own context (its own cookies), recording errors into `problems`.
export async function newPage(browser, problems, options = PHONE) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return page;
}

/// RFC 6238 code (SHA-1, 6 digits, 30 s) for a base32 secret, as an authenticator app computes it.
export function totp(secretBase32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretBase32.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

/// Saves a screenshot for people to look at, when MIMAMORI_SCREENSHOTS names a folder.
export async function screenshot(page, name) {
  const dir = process.env.MIMAMORI_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/// Signs in to the staff console with ID, password and the current TOTP code.
export async function staffSignIn(page, base, staff) {
  await page.goto(`${base}/staff/`);
  await page.waitForURL(/\/staff\/signin/);
  await page.fill('#login-id', staff.login);
  await page.fill('#password', staff.password);
  await page.fill('#totp-code', totp(staff.totp_secret));
  await page.click('[data-testid=signin-submit]');
  await page.waitForSelector('[data-testid=signout]');
}

// Checkpoints: the script stops, the Rust test checks what the server stored at that moment
// (`checkpoint {json}` on stdout, one JSON answer line on stdin), and the script goes on.
let answers;

/// Waits for the Rust side to check the database; returns its answer (`{ reports: n, … }`).
export async function checkpoint(name, details = {}) {
  answers ??= createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  console.log(`checkpoint ${JSON.stringify({ name, ...details })}`);
  const { value, done } = await answers.next();
  if (done) throw new Error(`checkpoint ${name}: the test stopped answering`);
  return JSON.parse(value);
}

/// Lets the script end: stdin stays open while checkpoints may still come.
export function endCheckpoints() {
  answers?.return?.();
  process.stdin.destroy();
}

/// Console errors that offline tests expect: requests the browser could not send.
export function isOfflineNoise(problem) {
  return problem.includes('ERR_INTERNET_DISCONNECTED') || problem.includes('status of 401');
}
