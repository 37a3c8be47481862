// The query page in a real headless Chromium: pick an example, run it, see the table, follow a
// link to a partnership page; screenshots under target/. Usage: node query_page.cjs URL OUT_DIR
// (CommonJS so that NODE_PATH finds playwright-core in the tools folder).
const { chromium } = require('playwright-core');

const [url, outDir] = process.argv.slice(2);
const fail = (m) => { console.error(`FAILED: ${m}`); process.exit(1); };
(async () => {
const browser = await chromium.launch({
  executablePath: process.env.ATLAS_LOD_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const external = [];
  page.on('request', (r) => { if (!r.url().startsWith(url)) external.push(r.url()); });
  await page.goto(url + '/');
  // The Atlas at a glance: every chart drawn, with a real size.
  const charts = page.locator('#glance svg[data-chart]');
  const n = await charts.count();
  if (n !== 5) fail(`${n} charts on the home page, expected 5`);
  for (let i = 0; i < n; i++) {
    const box = await charts.nth(i).boundingBox();
    const id = await charts.nth(i).getAttribute('data-chart');
    if (!box || box.width < 200 || box.height < 100) fail(`chart ${id} has no size: ${JSON.stringify(box)}`);
    const marks = await charts.nth(i).locator('[data-key]').count();
    if (marks < 1) fail(`chart ${id} has no marks`);
  }
  await page.screenshot({ path: `${outDir}/home-charts.png`, fullPage: true });
  await page.selectOption('#example', 'ongoing-or-ending-this-year');
  const text = await page.inputValue('#query');
  if (!text.includes('atlas:Partnership')) fail(`picking an example did not fill the box: ${text.slice(0, 80)}`);
  await Promise.all([page.waitForNavigation(), page.click('#run')]);
  const rows = await page.locator('table.results tbody tr').count();
  if (rows < 1) fail('no result rows');
  const headers = await page.locator('table.results th').allInnerTexts();
  if (!headers.includes('partnership') || !headers.includes('title')) fail(`headers ${headers}`);
  await page.screenshot({ path: `${outDir}/query-page.png`, fullPage: true });
  const link = page.locator('table.results tbody a[href^="/id/partnership/"]').first();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForNavigation(), link.click()]);
  if (!page.url().endsWith(href)) fail(`followed to ${page.url()}, expected ${href}`);
  const h1 = await page.locator('h1').innerText();
  if (!h1 || h1 === 'Not found') fail(`partnership page title ${h1}`);
  const kind = await page.locator('p.kind').first().innerText();
  if (!/partnership|partenariat/i.test(kind)) fail(`not a partnership page: ${kind}`);
  await page.screenshot({ path: `${outDir}/partnership-page.png`, fullPage: true });
  // The reference partnership's page: its funding chart is drawn.
  await page.goto(url + '/id/partnership/654fd6cb4fd2d21f');
  const chart = page.locator('svg[data-chart="partnership-funding"]');
  const box = await chart.boundingBox();
  if (!box || box.width < 200 || box.height < 100) fail(`partnership chart has no size: ${JSON.stringify(box)}`);
  if ((await chart.locator('rect[data-value]').count()) < 8) fail('partnership chart lacks its funding rows');
  await chart.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${outDir}/partnership-chart.png`, fullPage: true });
  if (external.length) fail(`requests left the server: ${external.join(', ')}`);
  console.log(`ok: ${rows} rows; followed ${href} to "${h1}"`);
} finally {
  await browser.close();
}
})().catch((e) => fail(e.stack || String(e)));
