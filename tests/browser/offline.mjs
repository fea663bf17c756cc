// The offline queue end to end: a red report made without signal shows its danger advice at once
// and waits on the phone ("waiting to send"); attempts while offline fail; when the network returns
// it goes by itself ("sent"). Then the same queued report is forced out again — after a reload, by
// two `online` events at once, from two tabs at once — and the Rust side checks at each checkpoint
// that the server holds exactly one report.
// Offline is Chrome DevTools Protocol network emulation (Playwright's setOffline), which also
// covers the service worker and sets navigator.onLine.
import {
  config, launch, newPage, screenshot, check, checkpoint, endCheckpoints, isOfflineNoise,
} from './common.mjs';

const base = config.base_url;
const queueKey = `mimamori.queue.${config.case_id}`;
const problems = [];
const browser = await launch();

/// Every answer the server gave to a report (201 new, 200 the same key again), and every
/// attempt the browser could not send.
const statuses = [];
let failedAttempts = 0;
function watch(page) {
  const isReport = (request) => request.method() === 'POST' && request.url().endsWith(`/cases/${config.case_id}/reports`);
  page.on('response', (response) => { if (isReport(response.request())) statuses.push(response.status()); });
  page.on('requestfailed', (request) => { if (isReport(request)) failedAttempts += 1; });
}

/// Waits for a condition of this script's own state (not the page's).
async function until(condition, what, ms = 15_000) {
  for (const end = Date.now() + ms; !condition();) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const stored = (page) => page.evaluate((key) => localStorage.getItem(key), queueKey);

try {
  const page = await newPage(browser, problems);
  const context = page.context();
  watch(page);
  await page.goto(`${base}/invite?token=${config.invite_token}`);
  await page.click('[data-testid=lang-ja]');
  await page.fill('#password', 'my own password');
  await page.click('[data-testid=redeem-submit]');
  await page.waitForSelector('#temperature');

  // --- no signal: the report waits on the phone ----------------------------------------------
  await context.setOffline(true);
  await page.waitForSelector('[data-testid=offline-notice]');
  await page.fill('#temperature', '37.9');
  await page.fill('#spo2', '92');
  await page.click('[data-testid=report-submit]');
  const advice = await page.waitForSelector('[data-testid=danger-advice]');
  check((await advice.innerText()).includes('119'), 'danger advice (119) shown at once, offline');
  const waiting = page.locator('[data-testid=queue-status][data-state=waiting]');
  await waiting.waitFor();
  check((await page.locator('[data-testid=queued-report]').innerText()).includes('送信待ち'), '"送信待ち" is shown');
  const adviceBox = await advice.boundingBox();
  const waitingBox = await waiting.boundingBox();
  check(adviceBox.y < waitingBox.y, 'the danger advice comes before the queue status');
  const queued = await stored(page);
  const entries = JSON.parse(queued ?? '[]');
  check(entries.length === 1 && entries[0].request.idempotency_key, `one report with its key on the phone: ${queued}`);
  const key = entries[0].request.idempotency_key;
  check(failedAttempts === 0 && statuses.length === 0, 'navigator.onLine was false: nothing was attempted yet');
  await screenshot(page, 'offline-1-waiting');
  let answer = await checkpoint('queued-offline', { key });
  check(answer.reports === 0, `nothing stored while offline (server has ${answer.reports})`);

  // Attempts while offline fail and change nothing.
  for (let i = 1; i <= 2; i += 1) {
    await page.click('[data-testid=queue-send-now]');
    await until(() => failedAttempts >= i, `failed attempt ${i}`);
    await page.locator('[data-testid=queue-send-now][aria-disabled=false]').waitFor();
  }
  check(failedAttempts >= 2, `two resends attempted offline (${failedAttempts} failed)`);
  await page.locator('[data-testid=queue-last-tried]').waitFor();
  await waiting.waitFor();
  answer = await checkpoint('retried-offline', { failedAttempts });
  check(answer.reports === 0, `still nothing stored (server has ${answer.reports})`);

  // --- the network returns: the report goes by itself -----------------------------------------
  await context.setOffline(false);
  const sent = page.locator('[data-testid=queue-status][data-state=sent]');
  await sent.waitFor();
  check((await sent.innerText()).includes('送信しました'), '"送信しました" is shown');
  check((await page.locator('[data-testid=report-result]').getAttribute('data-flag')) === 'red', 'the result is red');
  await page.waitForFunction(() => document.querySelector('[data-testid=queue-announcer]')?.textContent === '送信しました');
  check((await stored(page)) === null, 'the queue on the phone is empty');
  check(statuses.includes(201), `the server stored it (answers ${statuses})`);
  await screenshot(page, 'offline-2-sent');
  answer = await checkpoint('sent', { statuses });
  check(answer.reports === 1, `one report stored (server has ${answer.reports})`);

  // --- the same report forced out again ---------------------------------------------------------
  // After a reload: the app sends what it finds on the phone at start.
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [queueKey, queued]);
  await page.reload();
  await page.locator('[data-testid=outbox-status][data-state=sent]').waitFor();
  check((await stored(page)) === null, 'sent again after the reload, and gone from the phone');
  // Two `online` events at once (a flaky network going up and down).
  await page.evaluate(([k, v]) => {
    localStorage.setItem(k, v);
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('online'));
  }, [queueKey, queued]);
  await page.waitForFunction((k) => localStorage.getItem(k) === null, queueKey);
  // Two tabs opening at once with the same report on the phone.
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [queueKey, queued]);
  const second = await context.newPage();
  watch(second);
  await Promise.all([page.reload(), second.goto(`${base}/`)]);
  await page.waitForFunction((k) => localStorage.getItem(k) === null, queueKey);
  await second.locator('[data-testid=outbox-status], #temperature').first().waitFor();
  await page.waitForTimeout(500); // let the slower tab's request land before counting
  const resends = statuses.slice(statuses.indexOf(201) + 1);
  check(resends.length >= 3 && resends.every((s) => s === 200),
    `every resend answered 200, the report already stored under its key (answers ${statuses})`);
  answer = await checkpoint('resent', { statuses });
  check(answer.reports === 1, `still exactly one report (server has ${answer.reports})`);
  console.log(`offline queue: ${failedAttempts} attempts failed offline; server answers ${statuses.join(', ')}`);
} finally {
  endCheckpoints();
  await browser.close();
}
const unexpected = problems.filter((p) => !isOfflineNoise(p));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('offline queue: ok');
