// Correction of the current slot's report: send a report, correct it from the confirmation (the
// form starts from the stored answers), and find the correction offered again on today's screen;
// the history shows the corrected values only.
import { config, launch, newPage, screenshot, check } from './common.mjs';
import { redeem, SMALL_PHONE, checkPageFits } from './followup.mjs';

const base = config.base_url;
const problems = [];
const browser = await launch();
try {
  const page = await newPage(browser, problems, SMALL_PHONE);
  await redeem(page, base, config.invite_token);
  await page.fill('#temperature', '38.4');
  await page.fill('#spo2', '96');
  await page.fill('#note', '夜に咳が出ました');
  await page.click('[data-testid=report-submit]');
  const first = await page.waitForSelector('[data-testid=report-result]');
  check((await first.getAttribute('data-flag')) === 'amber', 'a fever is amber');

  // Correct it: the form holds what was sent.
  await page.click('[data-testid=correct-report]');
  await page.waitForSelector('[data-testid=correction-form]');
  check((await page.inputValue('#temperature')) === '38.4', 'the temperature is filled in');
  check((await page.inputValue('#spo2')) === '96', 'SpO2 is filled in');
  check((await page.inputValue('#note')) === '夜に咳が出ました', 'the note is filled in');
  await checkPageFits(page, 'correction page');
  await screenshot(page, 'correction-1-form');

  // A mistake is caught beside the field, then the real value goes.
  await page.fill('#temperature', '3.68');
  await page.click('[data-testid=correction-submit]');
  await page.waitForSelector('[data-testid=error-temperature_c]');
  await page.fill('#temperature', '36.8');
  await page.click('[data-testid=correction-submit]');
  const corrected = await page.waitForSelector('[data-testid=report-result]');
  check((await corrected.getAttribute('data-flag')) === 'none', 'the corrected report is judged again');
  check((await corrected.innerText()).includes('36.8'), 'the confirmation shows the corrected value');
  await screenshot(page, 'correction-2-done');

  // Back on today's screen the slot is reported and can be corrected again.
  await page.click('[data-testid=result-done]');
  await page.waitForSelector('[data-testid=already-reported]');
  check((await page.locator('[data-testid=correct-today]').count()) === 1, "today's screen offers the correction");

  // The history has one report, with the corrected values.
  await page.click('[data-testid=nav-history]');
  await page.waitForSelector('[data-testid=history-report]');
  check((await page.locator('[data-testid=history-report]').count()) === 1, 'one report in the history');
  check((await page.innerText('[data-testid=history-temperature]')).includes('36.8'), 'the history shows the corrected value');
  check((await page.locator('[data-testid=history-report]').getAttribute('data-flag')) === 'none', 'with the new judgement');
} finally {
  await browser.close();
}
// A 401 is the app asking who is signed in before the invitation is redeemed.
const unexpected = problems.filter((p) => !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser correction: ok');
