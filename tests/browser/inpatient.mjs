// A medical institution's inpatient status reports and test counts in the staff console: the
// institution finds a case by case number, date of birth and name in kana and reports the admission (field
// errors beside the fields first); follow-up staff see the case as 入院中 with home follow-up
// paused; a discharge home resumes it. The institution files the day's test counts and
// corrects them (revision 2); the health centre sees the summary and downloads its CSV.
import { readFileSync } from 'node:fs';
import { config, launch, newPage, screenshot, check, staffSignIn } from './common.mjs';

const base = config.base_url;
const problems = [];
// The server counts days in Asia/Tokyo; the browser's "today" must be the same day.
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true };
const browser = await launch();
try {
  // ---- the institution reports the admission -------------------------------------------------
  const inst = await newPage(browser, problems, DESKTOP);
  await staffSignIn(inst, base, config.institution_staff);
  await inst.click('[data-testid=nav-inpatients]');
  await inst.waitForSelector('[data-testid=inpatient-find]');
  await inst.waitForSelector('[data-testid=inpatients-empty]');
  // Another institution's patient: found only with the right date of birth and name in kana.
  await inst.fill('#find-case-number', config.case_number);
  await inst.fill('#find-birth-date', '1960-01-01');
  await inst.fill('#find-name-kana', config.name_kana);
  const before = problems.length;
  await inst.click('[data-testid=find-submit]');
  await inst.waitForSelector('[data-testid=find-not-found]');
  // The browser logs the expected 404 of this search: only that one is forgiven.
  const logged = problems.splice(before);
  problems.push(...logged.filter((p) => !p.includes('status of 404')));
  await inst.fill('#find-birth-date', config.birth_date);
  await inst.click('[data-testid=find-submit]');
  await inst.waitForSelector('[data-testid=inpatient-form-panel]');
  // Pre-filled: this institution, the signed-in doctor, admitted today, still in hospital.
  check((await inst.inputValue('#ipr-hospital_name')) === config.institution, 'hospital pre-filled');
  check((await inst.inputValue('#ipr-doctor_name')) === config.doctor_name, 'doctor pre-filled');
  check((await inst.inputValue('#ipr-admission_date')) === config.today, 'admitted today by default');
  check(await inst.isChecked('input[name=ipr-outcome][value=inpatient]'), 'outcome: in hospital');
  // Severity is never guessed: the error shows beside it, and goes once it is chosen.
  await inst.click('[data-testid=ipr-submit]');
  await inst.waitForSelector('[data-testid=ipr-error-severity]');
  await inst.check('input[name=ipr-severity][value=moderate_ii]');
  await inst.locator('[data-testid=ipr-error-severity]').waitFor({ state: 'detached' });
  await inst.check('[data-testid=ipr-symptoms] input[value=fever]');
  await inst.check('[data-testid=ipr-symptoms] input[value=breathlessness]');
  await inst.check('[data-testid=ipr-icu]');
  await inst.fill('#ipr-findings', '両肺にすりガラス影');
  await inst.click('[data-testid=ipr-submit]');
  await inst.waitForSelector('[data-testid=ipr-saved]');
  await inst.waitForSelector(`[data-testid=inpatient-row][data-case-number="${config.case_number}"][data-status=hospitalised]`);
  const history = inst.locator('[data-testid=inpatient-form-panel] [data-testid=inpatient-report]');
  await history.first().waitFor();
  check((await history.count()) === 1, 'one report in the history');
  check((await history.first().innerText()).includes('中等症Ⅱ'), 'the history shows the severity');
  await screenshot(inst, 'inpatient-1-admitted');

  // ---- follow-up staff see the case in hospital -----------------------------------------------
  const nurse = await newPage(browser, problems, DESKTOP);
  await staffSignIn(nurse, base, config.followup_staff);
  await nurse.waitForSelector(`[data-testid=wl-row][data-case-number="${config.case_number}"] [data-testid=wl-hospitalised]`);
  await nurse.goto(`${base}/staff/cases/${config.case_id}`);
  const status = nurse.locator('[data-testid=case-status]');
  await nurse.waitForSelector('[data-testid=case-status][data-status=hospitalised]');
  check((await status.innerText()).trim() === '入院中', `the case shows 入院中: ${await status.innerText()}`);
  await nurse.waitForSelector('[data-testid=case-hospitalised]');
  await nurse.waitForSelector('[data-testid=inpatient-panel] [data-testid=inpatient-report][data-outcome=inpatient]');
  // Home follow-up is paused: no proxy report, no message to the app.
  await nurse.waitForSelector('[data-testid=calls]');
  check((await nurse.locator('[data-testid=proxy-report]').count()) === 0, 'no proxy report while in hospital');
  check((await nurse.locator('[data-testid=message-submit]').count()) === 0, 'no message while in hospital');
  await screenshot(nurse, 'inpatient-2-case-hospitalised');

  // ---- a discharge home resumes follow-up -----------------------------------------------------
  await inst.check('input[name=ipr-outcome][value=discharged_home]');
  await inst.click('[data-testid=ipr-submit]');
  await inst.waitForSelector('[data-testid=ipr-error-discharge_date]');
  await inst.fill('#ipr-discharge_date', config.today);
  await inst.locator('[data-testid=ipr-error-discharge_date]').waitFor({ state: 'detached' });
  await inst.click('[data-testid=ipr-submit]');
  await inst.waitForSelector('[data-testid=ipr-saved]');
  await inst.waitForSelector(`[data-testid=inpatient-row][data-case-number="${config.case_number}"][data-status=active]`);
  await inst.waitForSelector('[data-testid=inpatient-form-panel] [data-testid=inpatient-report][data-outcome=discharged_home]');
  check((await history.count()) === 2, 'both reports kept in the history');

  await nurse.reload();
  await nurse.waitForSelector('[data-testid=case-status][data-status=active]');
  await nurse.waitForSelector('[data-testid=proxy-report]');
  // The stay stays on record: both reports, newest first.
  await nurse.waitForSelector('[data-testid=inpatient-panel] [data-testid=inpatient-report][data-outcome=discharged_home]');
  check((await nurse.locator('[data-testid=inpatient-panel] [data-testid=inpatient-report]').count()) === 2, 'the case shows both reports');
  check((await nurse.locator('[data-testid=case-hospitalised]').count()) === 0, 'no hospital banner after discharge');

  // ---- the institution files the day's test counts and corrects them ---------------------------
  await inst.click('[data-testid=nav-test-counts]');
  await inst.waitForSelector('[data-testid=tc-form]');
  await inst.waitForSelector('[data-testid=tc-empty]');
  check((await inst.inputValue('#tc-date')) === config.today, 'the day defaults to today');
  await inst.fill('#tc-pcr_performed', '12');
  await inst.fill('#tc-pcr_positive', '3');
  await inst.fill('#tc-antigen_performed', '20');
  await inst.fill('#tc-antigen_positive', '25');
  await inst.click('[data-testid=tc-submit]');
  const tooMany = inst.locator('[data-testid=tc-error-antigen_positive]');
  await tooMany.waitFor();
  check((await tooMany.innerText()).includes('陽性件数が実施件数を超えています'), 'positive over performed is named');
  await inst.fill('#tc-antigen_positive', '2');
  await inst.press('#tc-antigen_positive', 'Enter');
  await inst.waitForSelector('[data-testid=tc-saved][data-revision="1"]');
  await inst.waitForSelector(`[data-testid=tc-row][data-date="${config.today}"]`);
  await inst.waitForSelector('[data-testid=tc-correcting][data-revision="1"]');
  await inst.fill('#tc-pcr_positive', '4');
  await inst.click('[data-testid=tc-submit]');
  await inst.waitForSelector('[data-testid=tc-saved][data-revision="2"]');
  const day = inst.locator(`[data-testid=tc-row][data-date="${config.today}"]`);
  await inst.waitForFunction(
    (date) => document.querySelector(`[data-testid=tc-row][data-date="${date}"] [data-testid=tc-revision]`)?.textContent === '第2版',
    config.today,
  );
  check((await day.count()) === 1, 'one row for the day');
  await screenshot(inst, 'inpatient-3-test-counts');

  // ---- the health centre sees the summary --------------------------------------------------------
  const hc = await newPage(browser, problems, DESKTOP);
  await staffSignIn(hc, base, config.hc_staff);
  await hc.click('[data-testid=nav-test-count-summary]');
  await hc.waitForSelector('[data-testid=tcs-summary]');
  check((await hc.locator('[data-testid=tcs-area]').innerText()).includes(config.health_centre), 'the area is the centre');
  const total = (await hc.locator('[data-testid=tcs-total]').innerText()).split(/\s+/).filter((t) => /^\d+$/.test(t));
  check(JSON.stringify(total) === JSON.stringify(['12', '4', '20', '2']), `the total has the corrected counts: ${total}`);
  const row = hc.locator('[data-testid=tcs-institution]', { hasText: config.institution });
  check((await row.count()) === 1, 'the institution has its row');
  const today = hc.locator(`[data-testid=tcs-day][data-date="${config.today}"]`);
  check((await today.innerText()).trim().endsWith('1'), `one institution filed today: ${await today.innerText()}`);
  await screenshot(hc, 'inpatient-4-summary');
  const [download] = await Promise.all([hc.waitForEvent('download'), hc.click('[data-testid=tcs-csv]')]);
  const bytes = readFileSync(await download.path());
  check(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, 'the CSV starts with the UTF-8 BOM');
  check(bytes.toString('utf8').includes(config.institution), 'the CSV names the institution');
} finally {
  await browser.close();
}
// The console asks for the session before sign-in: that 401 is expected.
const unexpected = problems.filter((p) => !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser inpatient: ok');
