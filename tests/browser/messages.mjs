// A message from staff reaches the patient: a nurse writes it on the case page of the staff
// console (an empty one is refused beside the field), sees it listed, and the patient reads it in
// the app's history.
import { config, launch, newPage, screenshot, check, staffSignIn } from './common.mjs';
import { redeem, SMALL_PHONE } from './followup.mjs';

const base = config.base_url;
const problems = [];
const browser = await launch();
try {
  const patient = await newPage(browser, problems, SMALL_PHONE);
  await redeem(patient, base, config.invite_token);

  const nurse = await newPage(browser, problems, { viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
  await staffSignIn(nurse, base, config.staff);
  await nurse.goto(`${base}/staff/cases/${config.case_id}`);
  await nurse.waitForSelector('[data-testid=messages]');
  check((await nurse.locator('[data-testid=no-messages]').count()) === 1, 'no messages yet');
  await nurse.click('[data-testid=message-submit]');
  await nurse.waitForSelector('[data-testid=error-body]');
  check((await nurse.getAttribute('#message-body', 'aria-invalid')) === 'true', 'the empty field is marked');
  await nurse.fill('#message-body', '明日の朝も体温を測って報告してください。');
  await nurse.click('[data-testid=message-submit]');
  await nurse.waitForSelector('[data-testid=message-sent]');
  const listed = nurse.locator('[data-testid=messages] [data-testid=message]');
  check((await listed.count()) === 1, 'the sent message is listed');
  check((await listed.innerText()).includes('明日の朝も'), 'with its text');
  check((await nurse.inputValue('#message-body')) === '', 'the form is empty again');
  await screenshot(nurse, 'messages-1-staff');

  await patient.click('[data-testid=nav-history]');
  const message = patient.locator('[data-testid=message]');
  await message.first().waitFor();
  const text = await message.innerText();
  check(text.includes('明日の朝も体温を測って報告してください。'), `the patient reads the message: ${text}`);
  check(text.includes(config.organisation), `and who sent it: ${text}`);
  await screenshot(patient, 'messages-2-patient');
} finally {
  await browser.close();
}
const unexpected = problems.filter((p) => !p.includes('status of 401'));
if (unexpected.length > 0) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log('browser messages: ok');
