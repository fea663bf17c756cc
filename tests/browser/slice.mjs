// The walking skeleton end to end in a real browser, at a phone's viewport:
// a patient opens the invitation, sets a password and submits a red report (danger advice first);
// the doctor of the case's organisation signs in with a TOTP code, sees it flagged red and writes
// a finding; the doctor of another organisation sees nothing and gets "not found" for the case.
import { config, launch, newPage, screenshot, check, staffSignIn } from './common.mjs';

const base = config.base_url;
const problems = [];
const browser = await launch();
try {
  // --- patient ---------------------------------------------------------------------------------
  const patient = await newPage(browser, problems);
  await patient.goto(`${base}/invite?token=${config.invite_token}`);
  await patient.click('[data-testid=lang-ja]');
  await patient.fill('#password', 'my own password');
  await screenshot(patient, '1-invitation');
  await patient.click('[data-testid=redeem-submit]');

  await patient.waitForSelector('#temperature');
  await patient.fill('#temperature', '37.8');
  await patient.fill('#spo2', '92');
  await patient.check('#symptom-breathlessness-yes', { force: true });
  await patient.check('#symptom-cough_runny_nose-yes', { force: true });
  await screenshot(patient, '2-report-form');
  await patient.click('[data-testid=report-submit]');

  const result = await patient.waitForSelector('[data-testid=report-result]');
  check((await result.getAttribute('data-flag')) === 'red', 'the report is judged red');
  const advice = await patient.waitForSelector('[data-testid=danger-advice]');
  check(await advice.isVisible(), 'danger advice is shown');
  const adviceText = await advice.innerText();
  check(adviceText.includes('119'), `danger advice names 119: ${adviceText}`);
  check(adviceText.includes(config.health_centre_phone), 'danger advice gives the health centre phone');
  check(await patient.locator('[data-testid=danger-advice] a[href="tel:119"]').count() === 1, 'a tel:119 link');
  // "before anything else": the advice is the first thing of the result, at the top of the page.
  const adviceBox = await advice.boundingBox();
  check(adviceBox && adviceBox.y < 844 / 2, `danger advice starts in the upper half of the screen (y=${adviceBox?.y})`);
  await screenshot(patient, '3-danger-advice');

  // --- the doctor of the case's organisation -----------------------------------------------------
  const doctor = await newPage(browser, problems);
  await staffSignIn(doctor, base, config.staff);
  // The home page is the work list (triage.mjs); the day's report list is one link away.
  await doctor.click('.site-nav a[href="/staff/reports/today"]');
  const row = doctor.locator(`[data-testid=report-row][data-case-number="${config.case_number}"]`);
  await row.first().waitFor();
  check((await row.count()) === 1, 'one report row for the case');
  check((await row.getAttribute('data-flag')) === 'red', 'the row is flagged red');
  await screenshot(doctor, '4-staff-reports');
  await row.locator('a').first().click();
  await doctor.waitForSelector('[data-testid=case-header]');
  await doctor.fill('#assessment', 'SpO2 92%、息苦しさあり。');
  await doctor.fill('#plan', '本日往診し、入院調整を検討する。');
  await doctor.selectOption('#referral', 'admission');
  await doctor.click('[data-testid=finding-submit]');
  const finding = doctor.locator('[data-testid=finding]');
  await finding.first().waitFor();
  check((await finding.first().innerText()).includes('SpO2 92%'), 'the finding is listed');
  await screenshot(doctor, '5-case-with-finding');

  // --- the doctor of another organisation -------------------------------------------------------
  const other = await newPage(browser, problems);
  await staffSignIn(other, base, config.other_staff);
  await other.goto(`${base}/staff/reports/today`);
  await other.waitForSelector('[data-testid=count-red]');
  check((await other.locator(`[data-testid=report-row][data-case-number="${config.case_number}"]`).count()) === 0,
    "another organisation's staff do not see the report");
  await other.goto(`${base}/staff/cases/${config.case_id}`);
  await other.waitForSelector('[data-testid=case-not-found]');
  check((await other.locator('[data-testid=case-header]').count()) === 0, 'no case record shown');
} finally {
  await browser.close();
}
const unexpected = problems.filter((p) => !p.includes('status of 404') && !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser slice: ok');
