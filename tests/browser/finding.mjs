// Writing and amending a finding on the case record, at a desktop's viewport: the doctor signs
// in, opens the case with a red report, logs a call, marks the report reviewed, writes a
// finding, amends it, and sees the original and the amendment, each with its author and time.
// Then a proxy report, an escalation and the end of follow-up, after which nothing can be changed;
// and the page is checked at a tablet's width.
import { config, launch, newPage, screenshot, check, staffSignIn } from './common.mjs';

const base = config.base_url;
const problems = [];
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' };
const browser = await launch();
try {
  const doctor = await newPage(browser, problems, DESKTOP);
  await staffSignIn(doctor, base, config.staff);

  // --- open the case (the lists that lead here have their own tests) -------------------------------
  await doctor.goto(`${base}/staff/cases/${config.case_id}`);
  await doctor.waitForSelector('[data-testid=case-header]');
  check((await doctor.innerText('[data-testid=case-number]')) === config.case_number, 'the case is open');
  check((await doctor.locator('[data-testid=case-report][data-flag=red]').count()) === 1, 'the red report is listed');
  const chart = doctor.locator('[data-testid=vitals-chart]');
  check((await chart.getAttribute('role')) === 'img', 'the chart is one image to assistive technology');
  const summary = await chart.getAttribute('aria-label');
  check(summary.includes('92%'), `the chart's name gives the lowest SpO2: ${summary}`);
  check((await doctor.locator('[data-testid=vitals-table] tbody tr').count()) === 1, 'the values are also a table');
  check((await doctor.locator('[data-threshold]').count()) === 3, 'reference lines at 37.5 ℃, SpO2 95 % and 93 %');

  // --- log a call: an empty form is refused beside the outcome ----------------------------------
  await doctor.click('[data-testid=call-submit]');
  await doctor.waitForSelector('[data-testid=call-error-outcome]');
  await doctor.check('#call-outcome-reached');
  await doctor.fill('#call-note', '息苦しさあり。往診の可否を確認する。');
  await doctor.click('[data-testid=call-submit]');
  await doctor.waitForSelector('[data-testid=call-saved]');
  const call = doctor.locator('[data-testid=calls] [data-testid=call]');
  check((await call.count()) === 1, 'the call is listed');
  check((await call.getAttribute('data-outcome')) === 'reached', 'with its outcome');
  check((await doctor.locator('[data-testid=timeline-event][data-kind=call]').count()) === 1, 'and in the timeline');

  // --- mark the report reviewed (the button is reached and pressed from the keyboard) ----------
  const review = doctor.locator('[data-testid=case-report] [data-testid=review-report]');
  check((await review.innerText()).includes('確認済みにする'), 'the button says 確認済みにする');
  await review.focus();
  await doctor.keyboard.press('Enter');
  await doctor.waitForSelector('[data-testid=review-done]');
  await doctor.waitForSelector('[data-testid=case-report] [data-testid=report-reviewed]');
  check((await doctor.locator('[data-testid=review-report]').count()) === 0, 'no report is left to review');
  await screenshot(doctor, 'finding-1-call-and-review');

  // --- write a finding ---------------------------------------------------------------------------
  await doctor.fill('#assessment', 'SpO2 92%、労作時の息苦しさあり。');
  await doctor.fill('#plan', '本日往診し、入院調整を検討する。');
  await doctor.selectOption('#referral', 'admission');
  await doctor.click('[data-testid=finding-submit]');
  await doctor.waitForSelector('[data-testid=finding-saved]');
  const finding = doctor.locator('[data-testid=finding]');
  check((await finding.count()) === 1, 'the finding is listed');

  // --- amend it ----------------------------------------------------------------------------------
  await finding.locator('[data-testid=finding-amend]').click();
  await doctor.waitForSelector('#amend-assessment');
  check((await doctor.inputValue('#amend-assessment')).includes('SpO2 92%'), 'the amendment starts from the text in force');
  await doctor.fill('#amend-assessment', '');
  await doctor.click('[data-testid=amend-submit]');
  await doctor.waitForSelector('[data-testid=amend-error-assessment]');
  await doctor.fill('#amend-assessment', '再聴取：SpO2 94%に改善、安静時の息苦しさなし。');
  await doctor.fill('#amend-plan', '往診は見送り、明朝に再度電話で確認する。');
  await doctor.selectOption('#amend-referral', 'none');
  await doctor.click('[data-testid=amend-submit]');
  const amendment = finding.locator('[data-testid=finding-amendment]');
  await amendment.first().waitFor();

  // Both texts are on the record, each with author and time; the original is marked as replaced.
  const original = finding.locator(':scope > .finding-entry');
  const originalText = await original.innerText();
  check(originalText.includes('SpO2 92%、労作時の息苦しさあり。'), `the original stays: ${originalText}`);
  check((await original.getAttribute('data-superseded')) === 'true', 'the original is marked superseded');
  const amendmentText = await amendment.innerText();
  check(amendmentText.includes('SpO2 94%に改善'), `the amendment is shown: ${amendmentText}`);
  for (const [name, entry] of [['original', original], ['amendment', amendment]]) {
    const author = await entry.locator('[data-testid=finding-author]').first().innerText();
    check(author.includes(config.staff.login), `${name} shows its author: ${author}`);
    const time = entry.locator('[data-testid=finding-time]').first();
    check(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(await time.innerText()), `${name} shows its time`);
    check((await time.getAttribute('datetime')) !== null, `${name} has a machine-readable time`);
  }
  check((await amendment.locator('[data-testid=finding-state]').innerText()).includes('最新'), 'the amendment is current');
  check((await doctor.locator('#amend-assessment').count()) === 0, 'the amendment form closed');
  await screenshot(doctor, 'finding-2-amended');

  // --- a proxy report after the call, an escalation, then the end of follow-up -----------------
  await doctor.click('[data-testid=proxy-open]');
  await doctor.fill('#proxy-temperature', '３７．２');
  await doctor.fill('#proxy-spo2', '94');
  await doctor.check('#proxy-symptom-breathlessness-yes');
  await doctor.click('[data-testid=proxy-submit]');
  await doctor.waitForSelector('[data-testid=proxy-saved]');
  check((await doctor.locator('[data-testid=case-report]').count()) === 2, 'the proxy report is listed');
  check((await doctor.locator('[data-testid=case-report]').first().innerText()).includes('代理入力'),
    'and shown as entered by staff');

  // The patient calls back: the SpO2 was 92, not 94. The correction starts from the values sent.
  await doctor.locator('[data-testid=case-report]').first().locator('[data-testid=correct-report]').click();
  await doctor.waitForSelector('[data-testid=proxy-report][data-correcting]');
  check((await doctor.inputValue('#proxy-temperature')) === '37.2', 'the correction starts from 37.2');
  check((await doctor.inputValue('#proxy-spo2')) === '94', 'and from SpO2 94');
  check(await doctor.isChecked('#proxy-symptom-breathlessness-yes'), 'and from the symptoms answered');
  await doctor.fill('#proxy-spo2', '92');
  await screenshot(doctor, 'finding-2b-correcting');
  await doctor.click('[data-testid=proxy-submit]');
  const corrected = doctor.locator('[data-testid=case-report]').first().locator('[data-testid=report-corrected]');
  await corrected.waitFor();
  check((await corrected.innerText()).includes('第2版'), `the report is marked corrected: ${await corrected.innerText()}`);
  check((await doctor.locator('[data-testid=case-report]').count()) === 2, 'a correction is no new report');
  check((await doctor.locator('[data-testid=proxy-report][data-correcting]').count()) === 0, 'the form is back to new reports');

  await doctor.fill('#escalation-note', 'SpO2 94%、息苦しさが続くため保健所の判断を仰ぎたい。');
  await doctor.click('[data-testid=escalation-submit]');
  await doctor.waitForSelector('[data-testid=escalated]');
  check((await doctor.locator('[data-testid=timeline-event][data-kind=escalation]').count()) === 1,
    'the escalation is in the timeline');

  await doctor.click('[data-testid=end-submit]');
  await doctor.waitForSelector('[data-testid=end-error-reason]');
  await doctor.selectOption('#end-reason', 'hospitalised');
  await doctor.click('[data-testid=end-submit]');
  await doctor.waitForSelector('[data-testid=end-confirm]');
  check(await doctor.evaluate(() => document.activeElement?.dataset.testid === 'end-confirm-button'),
    'the confirmation has the focus');
  await doctor.keyboard.press('Enter');
  await doctor.waitForSelector('[data-testid=case-ended]');
  check((await doctor.getAttribute('[data-testid=case-status]', 'data-status')) === 'ended', 'the case is ended');
  for (const form of ['call-submit', 'proxy-open', 'finding-submit', 'escalation-submit',
    'end-submit', 'message-submit', 'review-all']) {
    check((await doctor.locator(`[data-testid=${form}]`).count()) === 0, `nothing to change once ended (${form})`);
  }
  // An amendment corrects the record, so a doctor may still write one (docs/security.md).
  check((await doctor.locator('[data-testid=finding-amend]').count()) > 0, 'findings can still be amended');
  check((await doctor.locator('[data-testid=finding-amendment]').count()) === 1, 'the findings stay readable');
  await screenshot(doctor, 'finding-3-ended');

  // --- the same record on a tablet: one column, nothing wider than the screen --------------------
  await doctor.setViewportSize({ width: 768, height: 1024 });
  await doctor.reload();
  await doctor.waitForSelector('[data-testid=finding-amendment]');
  const overflow = await doctor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scrolling at 768 px (${overflow} px too wide)`);
  check((await doctor.locator('[data-testid=finding]').count()) === 1, 'after reloading, one finding group');
  check((await doctor.locator('[data-testid=finding-amendment]').count()) === 1, 'with its amendment');
  await screenshot(doctor, 'finding-4-tablet');
} finally {
  await browser.close();
}
const unexpected = problems.filter((p) => !p.includes('status of 401') && !p.includes('status of 422'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser finding: ok');
