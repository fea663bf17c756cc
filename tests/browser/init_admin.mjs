// The first administrator of a deployment made by `mimamori init`, in a real browser at a
// tablet's width: the one-time password leads to the password page only (no header, nothing
// else works), then to the authenticator's enrolment, then to the console, where the
// administration shows the prefecture `init` created.
import { config, launch, newPage, screenshot, check, totp } from './common.mjs';

const base = config.base_url;
const TABLET = { viewport: { width: 768, height: 1024 }, locale: 'ja-JP' };
const problems = [];
const browser = await launch();
try {
  const page = await newPage(browser, problems, TABLET);
  await page.goto(`${base}/staff/`);
  await page.waitForURL(/\/staff\/signin/);
  await page.fill('#login-id', config.login);
  await page.fill('#password', config.password);
  await page.click('[data-testid=signin-submit]');

  // --- the one-time password: nothing but its change ------------------------------------------
  await page.waitForURL(/\/staff\/account\/password$/);
  await page.locator('#current-password').waitFor();
  check((await page.locator('[data-testid=signout]').count()) === 0, 'no header while the password must change');
  const why = await page.locator('[data-testid=one-time-password]').innerText();
  check(why.includes('仮パスワード'), `the page says why: ${why}`);
  await screenshot(page, 'init-admin-1-password');
  // Trying to go elsewhere comes back here.
  await page.goto(`${base}/staff/admin/orgs`);
  await page.waitForURL(/\/staff\/account\/password$/);
  await page.fill('#current-password', config.password);
  await page.fill('#new-password', config.password);
  await page.click('[data-testid=password-submit]');
  await page.waitForSelector('[data-testid=error-new_password]');
  await page.fill('#current-password', config.password);
  await page.fill('#new-password', config.new_password);
  await page.click('[data-testid=password-submit]');

  // --- then the authenticator ------------------------------------------------------------------
  await page.waitForURL(/\/staff\/enrol$/);
  const key = page.locator('[data-testid=totp-secret]');
  await key.waitFor();
  const secret = (await key.getAttribute('data-secret')).trim();
  await page.fill('#enrol-code', totp(secret));
  await page.click('[data-testid=enrol-submit]');
  const list = page.locator('[data-testid=recovery-codes] li');
  await list.first().waitFor();
  check((await list.count()) === 10, 'ten recovery codes');
  await page.click('[data-testid=recovery-continue]');
  await page.waitForSelector('[data-testid=signout]');

  // --- the console: the prefecture init made -----------------------------------------------------
  await page.goto(`${base}/staff/admin/orgs`);
  await page.waitForSelector('[data-testid=org-tree]');
  const names = (await page.locator('[data-testid=org-name]').allInnerTexts()).map((n) => n.trim());
  check(names.includes(config.prefecture), `the prefecture is in the tree: ${names}`);
  await screenshot(page, 'init-admin-2-orgs');
} finally {
  await browser.close();
}
// 401 (the session check before sign-in), 403 (requests the shell may race before it moves to
// the password page) and 422 (the refused unchanged password) are expected.
const unexpected = problems.filter(
  (p) => !p.includes('status of 401') && !p.includes('status of 403') && !p.includes('status of 422'),
);
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('init admin: ok');
