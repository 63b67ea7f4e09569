// Headless-Chromium check of the demo page: type, submit, check the highlighted spans, screenshot.
// Needs Debian's chromium and `npm install playwright-core` (run from a folder where it is installed):
//   NODE_PATH=$(npm root) node scripts/browser-check.mjs http://127.0.0.1:8080 docs/demo.png
import { createRequire } from 'module';
const require = createRequire(process.env.NODE_PATH ? process.env.NODE_PATH + '/' : import.meta.url);
const { chromium } = require('playwright-core');

const [url = 'http://127.0.0.1:8080', shot = 'demo.png'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(url);
  await page.waitForSelector('#model option', { state: 'attached' });
  const text = '😀受消息影响，招商银行、平安银行等银行股集体走强。华星科技股份有限公司今日发布公告。';
  await page.fill('#text', text);
  await page.click('#go');
  await page.waitForSelector('mark.company');
  const marks = await page.$$eval('mark.company', ms => ms.map(m => ({
    text: m.firstChild.textContent, start: +m.dataset.start, end: +m.dataset.end })));
  const cps = Array.from(text);
  for (const m of marks) {
    if (cps.slice(m.start, m.end).join('') !== m.text) throw new Error('offset mismatch ' + JSON.stringify(m));
  }
  const names = marks.map(m => m.text);
  for (const want of ['招商银行']) { // UI check: spans render where the API says; model quality is measured elsewhere
    if (!names.includes(want)) throw new Error('missing ' + want + ' in ' + names);
  }
  const rows = await page.$$eval('#table tbody tr', rs => rs.length);
  if (rows !== marks.length) throw new Error('table has ' + rows + ' rows for ' + marks.length + ' marks');
  await page.screenshot({ path: shot });
  console.log(JSON.stringify({ ok: true, marks }));
} finally {
  await browser.close();
}
