// Household reporting at a 360 px phone: one sign-in adds a second member with the member's
// invitation link (pasted whole), sees who still has to report, and sends a report for each; the
// history page then shows each member's own report, chart and follow-up day.
import { config, launch, newPage, screenshot, check } from './common.mjs';
import { redeem, SMALL_PHONE, checkPageFits } from './followup.mjs';

const base = config.base_url;
const problems = [];
const browser = await launch();
try {
  const page = await newPage(browser, problems, SMALL_PHONE);
  await redeem(page, base, config.invite_token);

  // Today's screen leads to the household page with a big button.
  await page.click('[data-testid=nav-household]');
  await page.waitForSelector('#household-token');
  check((await page.locator('[data-testid=member]').count()) === 1, 'one member before adding');
  await checkPageFits(page, 'household page');

  // Something that is not an invitation is refused beside the input, before any request.
  await page.fill('#household-token', 'https://example.jp/');
  await page.click('[data-testid=household-submit]');
  await page.waitForSelector('[data-testid=error-token]');
  check((await page.getAttribute('#household-token', 'aria-invalid')) === 'true', 'the input is marked invalid');

  // The whole message pasted: the link's token is found in it.
  await page.fill('#household-token', `招待リンク: ${base}/invite?token=${config.member_token} を開いてください`);
  await page.click('[data-testid=household-submit]');
  await page.waitForSelector('[data-testid=household-added]');
  const members = page.locator('[data-testid=member]');
  check((await members.count()) === 2, 'two members after adding');
  check((await page.locator(`[data-testid=member][data-case-id="${config.member_case_id}"]`).getAttribute('data-reported')) === 'false',
    'the new member has not reported yet');
  await screenshot(page, 'household-1-added');

  // Straight to the new member's report.
  await page.click('[data-testid=report-for-new-member]');
  await page.waitForSelector('#temperature');
  check(await page.isChecked(`#case-${config.member_case_id}`), "the new member's case is chosen");
  await page.fill('#temperature', '36.8');
  await page.fill('#spo2', '98');
  await page.click('[data-testid=report-submit]');
  await page.waitForSelector('[data-testid=report-result]');

  // Then the other member: the one still to report.
  await page.click('[data-testid=report-another]');
  await page.waitForSelector('#temperature');
  check(await page.isChecked(`#case-${config.own_case_id}`), 'the member still to report is chosen next');
  const pending = page.locator(`label[for="case-${config.own_case_id}"]`);
  check((await pending.getAttribute('data-reported')) === 'false', 'the picker says who is still to report');
  await page.fill('#temperature', '37.2');
  await page.click('[data-testid=report-submit]');
  await page.waitForSelector('[data-testid=report-result]');
  await page.click('[data-testid=result-done]');
  await page.waitForSelector('#temperature');
  check((await page.locator('.case-picker label[data-reported=true]').count()) === 2, 'both members reported');
  await screenshot(page, 'household-2-both-reported');

  // History: each member's own report, a chart, day N of the follow-up period.
  await page.click('[data-testid=nav-history]');
  await page.waitForSelector('[data-testid=history-report]');
  check((await page.locator('[data-testid=history-report]').count()) === 1, 'one report in the history');
  const chart = page.locator('svg[data-testid=vitals-chart]');
  check((await chart.getAttribute('role')) === 'img', 'the chart is one image to screen readers');
  const summary = await chart.getAttribute('aria-label');
  check(summary && summary.includes('37.2'), `the chart's name gives the numbers: ${summary}`);
  check((await page.locator('[data-testid=followup-day]').innerText()).includes('2'), 'day 2 of the follow-up period');
  await page.check(`#case-${config.member_case_id}`, { force: true });
  await page.waitForFunction(() => document.querySelector('[data-testid=history-temperature]')?.textContent.includes('36.8'));
  // The member's messages load on their own request, after the history: wait for them.
  const messagesShown = await page
    .waitForSelector('[data-testid=no-messages]', { timeout: 10000 })
    .then(() => true, () => false);
  check(messagesShown && (await page.locator('[data-testid=no-messages]').count()) === 1, 'no messages yet');
  await checkPageFits(page, 'history page');
  await screenshot(page, 'household-3-history');
} finally {
  await browser.close();
}
const unexpected = problems.filter((p) => !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser household: ok');
