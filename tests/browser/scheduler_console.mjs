// What the scheduler and red reports leave in the staff console: the bell counts an unread
// red-report notice, the notifications page lists it and leads to the case, and the daily
// implementation report is listed with its counts and a CSV that downloads with the UTF-8 BOM
// and Japanese headers.
import { config, launch, newPage, screenshot, check, staffSignIn } from './common.mjs';

const base = config.base_url;
const problems = [];
const browser = await launch();
try {
  const page = await newPage(browser, problems, { viewport: { width: 1280, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
  await staffSignIn(page, base, config.staff);

  const count = page.locator('[data-testid=notification-count]');
  await count.waitFor();
  check((await count.innerText()).trim() === '1', `the bell counts one unread notice: ${await count.innerText()}`);
  // The bell is drawn, not an emoji (which shows as a missing glyph without a colour emoji font).
  const bell = page.locator('[data-testid=nav-notifications]');
  check((await bell.locator('svg.bell-icon').count()) === 1, 'the bell is an inline SVG');
  const bellText = await bell.innerText();
  check(!bellText.includes('\u{1F514}'), `no emoji in the bell: ${bellText}`);
  await page.click('[data-testid=nav-notifications]');
  const notice = page.locator('[data-testid=notification]');
  await notice.first().waitFor();
  check((await notice.count()) === 1, 'one notice listed');
  check((await notice.innerText()).includes(config.case_number), `it names the case: ${await notice.innerText()}`);
  await screenshot(page, 'scheduler-1-notifications');
  await page.click('[data-testid=notification-case]');
  await page.waitForURL(`**/staff/cases/${config.case_id}`);
  await page.waitForSelector('[data-testid=basic-info]');

  await page.click('[data-testid=nav-implementation-reports]');
  const row = page.locator('[data-testid=implementation-report-row]');
  await row.first().waitFor();
  check((await row.count()) === 1, 'one report for this organisation');
  check((await row.innerText()).includes(config.report_date), `the row shows the day: ${await row.innerText()}`);
  await screenshot(page, 'scheduler-2-implementation-reports');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.locator('a', { hasText: 'CSV' }).click(),
  ]);
  const path = await download.path();
  const bytes = (await import('node:fs')).readFileSync(path);
  check(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, 'the CSV starts with the UTF-8 BOM');
  const text = bytes.toString('utf8');
  check(text.includes('報告日') || text.includes('日付'), `the CSV has Japanese headers: ${text.slice(0, 120)}`);
} finally {
  await browser.close();
}
// The console asks for the session before sign-in: that 401 is expected.
const unexpected = problems.filter((p) => !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser scheduler console: ok');
