// The language switch in a real browser, on the narrowest phone the app is designed for (360 px):
// a patient opens the invitation, chooses Tiếng Việt from the six languages, reloads and finds it
// remembered, switches to 한국어 from the header and redeems the invitation (the Rust side checks the
// account's stored language); then 简体中文 and Português (Brasil) also survive a reload.
// The expected words come from the shared catalogue (config.langs[…]), not copied here.
import { config, launch, newPage, screenshot, check, PHONE } from './common.mjs';

const base = config.base_url;
const NARROW = { ...PHONE, viewport: { width: 360, height: 740 } };
const TAP = 48;
const problems = [];
const browser = await launch();

/// `<html lang>`, the title, the stored choice and the page's text show `lang`.
async function expectLanguage(page, lang, words) {
  await page.waitForFunction((tag) => document.documentElement.lang === tag, lang.tag);
  check((await page.title()) === lang.title, `title in ${lang.tag}: ${await page.title()}`);
  const stored = await page.evaluate(() => localStorage.getItem('mimamori.lang'));
  check(stored === lang.tag, `localStorage remembers ${lang.tag}, not ${stored}`);
  const text = await page.locator('main').innerText();
  for (const word of words) check(text.includes(word), `the page shows "${word}":\n${text}`);
}

/// Every element matched is visible, at least 48 px high and inside the 360 px viewport, and the
/// page does not scroll sideways.
async function expectTappableAndFitting(page, selector, count) {
  const buttons = page.locator(selector);
  check((await buttons.count()) === count, `${count} × ${selector}`);
  for (let i = 0; i < count; i++) {
    const box = await buttons.nth(i).boundingBox();
    const name = await buttons.nth(i).innerText();
    check(box && box.height >= TAP, `${name} is ≥ ${TAP} px high (${box?.height})`);
    check(box.x >= 0 && box.x + box.width <= 360, `${name} fits in 360 px (${box.x}+${box.width})`);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check(overflow <= 360, `no sideways scrolling (${overflow} px wide)`);
}

try {
  const [vi, ko] = [config.first, config.second];
  const page = await newPage(browser, problems, NARROW);
  await page.goto(`${base}/invite?token=${config.invite_token}`);

  // --- first screen: every language, asked in every language -----------------------------------
  await page.waitForSelector('[data-testid=lang-vi]');
  await expectTappableAndFitting(page, '.lang-chooser button', config.langs.length);
  for (const lang of config.langs) {
    const button = page.locator(`[data-testid="lang-${lang.tag}"]`);
    check((await button.innerText()).trim() === lang.name, `the ${lang.tag} button says ${lang.name}`);
    check((await button.getAttribute('lang')) === lang.tag, `the ${lang.tag} button is marked lang=${lang.tag}`);
  }
  await screenshot(page, 'language-1-chooser');

  await page.click('[data-testid=lang-vi]');
  await page.waitForSelector('#password');
  await expectLanguage(page, vi, [vi.set_password]);

  // --- reload: the choice is remembered ---------------------------------------------------------
  await page.reload();
  await page.waitForSelector('[data-testid=lang-vi]');
  await expectLanguage(page, vi, []);
  const toggle = page.locator('[data-testid=lang-switch]');
  check((await toggle.innerText()).includes(vi.name), `the header names ${vi.name} after reload`);
  await page.click('[data-testid=lang-vi]');
  await page.waitForSelector('#password');

  // --- header switch: all six fit, then 한국어 --------------------------------------------------
  check((await toggle.getAttribute('aria-expanded')) === 'false', 'the header switch starts closed');
  await toggle.click();
  await expectTappableAndFitting(page, '.lang-switch-options button', config.langs.length);
  check((await page.getAttribute('[data-testid=lang-switch-vi]', 'aria-pressed')) === 'true', 'vi is marked current');
  await screenshot(page, 'language-2-header-switch');
  await page.click('[data-testid=lang-switch-ko]');
  check((await page.locator('[data-testid=lang-switch-ko]').count()) === 0, 'the switch closes after a choice');
  await expectLanguage(page, ko, [ko.set_password]);
  check(await page.locator('#password').isVisible(), 'still on the password step');

  // --- finish redeeming, in Korean -----------------------------------------------------------------
  await page.fill('#password', 'my own password');
  await page.click('[data-testid=redeem-submit]');
  await page.waitForSelector('#temperature');
  await expectLanguage(page, ko, [ko.report, ko.symptom]);
  await screenshot(page, 'language-3-report-ko');

  // --- the other tags survive a reload too (zh-Hans, pt-BR: script and region subtags) ------------
  for (const lang of config.later) {
    await toggle.click();
    await page.click(`[data-testid="lang-switch-${lang.tag}"]`);
    await expectLanguage(page, lang, [lang.report, lang.symptom]);
    await page.reload();
    await page.waitForSelector('#temperature');
    await expectLanguage(page, lang, [lang.report, lang.symptom]);
  }
  await screenshot(page, 'language-4-report-pt');
} finally {
  await browser.close();
}
const unexpected = problems.filter((p) => !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser language: ok');
