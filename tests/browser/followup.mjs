// Helpers of the follow-up browser tests (household, correction, push): enrolment, a small phone,
// and checks that a page suits one-handed use at 360 px.
import { check } from './common.mjs';

/// The narrowest common phone: everything must fit and stay reachable at 360 px.
export const SMALL_PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'ja-JP' };

/// Opens an invitation, chooses Japanese and a password, and waits for today's report.
export async function redeem(page, base, token) {
  await page.goto(`${base}/invite?token=${token}`);
  await page.click('[data-testid=lang-ja]');
  await page.fill('#password', 'my own password');
  await page.click('[data-testid=redeem-submit]');
  await page.waitForSelector('#temperature');
}

/// No sideways scrolling, and every button, link-button and input at least 48 px tall.
export async function checkPageFits(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize().width;
  check(width <= viewport, `${what}: the page is ${width} px wide at ${viewport} px`);
  const small = await page.evaluate(() => [...document.querySelectorAll(
    'main button, main a.button, main input:not([type=radio]):not([type=checkbox]), main textarea, main .check')]
    .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 47.5)
    .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().height)}px`));
  check(small.length === 0, `${what}: tap targets under 48 px: ${small.join(', ')}`);
}

/// A page of an existing context, recording console errors and page errors into `problems` (as
/// common.mjs's newPage does for a context of its own).
export async function pageIn(context, problems) {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return page;
}
