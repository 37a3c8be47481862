// The query page in a real headless Chromium. With scripts: the charts, then the YASGUI editor
// (pick an example, type a query with completion, run it, see the table whose IRIs link to
// our pages, the share link, the downloads). Without scripts: the form, the server's table, a
// link followed to a partnership page. Throughout: no request leaves the server's origin.
// Screenshots under OUT_DIR. Usage: node query_page.cjs URL OUT_DIR
// (CommonJS so that NODE_PATH finds playwright-core in the tools folder).
const { chromium } = require('playwright-core');

const [url, outDir] = process.argv.slice(2);
const origin = new URL(url).origin;
const fail = (m) => { console.error(`FAILED: ${m}`); process.exit(1); };
const external = [];
const watch = (context) => context.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) external.push(u);
});
const editorText = (page) => page.evaluate(() => document.querySelector('#yasgui .CodeMirror').CodeMirror.getValue());

(async () => {
const browser = await chromium.launch({
  executablePath: process.env.ATLAS_LOD_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // --- With scripts: the charts and the editor.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  watch(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url + '/');
  const charts = page.locator('#glance svg[data-chart]');
  const n = await charts.count();
  if (n !== 5) fail(`${n} charts on the home page, expected 5`);
  for (let i = 0; i < n; i++) {
    const box = await charts.nth(i).boundingBox();
    const id = await charts.nth(i).getAttribute('data-chart');
    if (!box || box.width < 200 || box.height < 100) fail(`chart ${id} has no size: ${JSON.stringify(box)}`);
    if ((await charts.nth(i).locator('[data-key]').count()) < 1) fail(`chart ${id} has no marks`);
  }
  await page.screenshot({ path: `${outDir}/home-charts.png`, fullPage: true });

  // The editor takes the form's place.
  await page.waitForSelector('#yasgui .CodeMirror', { timeout: 20000 });
  if (await page.isVisible('#query-form')) fail('the plain form is still shown beside the editor');
  // The picker fills the editor.
  await page.selectOption('#example', 'ongoing-or-ending-this-year');
  if (!(await editorText(page)).includes('atlas:Partnership')) fail('picking an example did not fill the editor');

  // Typing a query, with a class completed from the store's own VoID partitions.
  await page.evaluate(() => document.querySelector('#yasgui .CodeMirror').CodeMirror.setValue(''));
  await page.click('#yasgui .CodeMirror');
  await page.keyboard.type('PREFIX atlas: <https://w3id.org/atlas-lod/ontology#>\n');
  await page.keyboard.type('PREFIX dcterms: <http://purl.org/dc/terms/>\n');
  await page.keyboard.type('SELECT ?partnership ?title WHERE {\n?partnership a atlas:Partn');
  await page.keyboard.press('Control+Space');
  const hint = page.locator('.CodeMirror-hints li', { hasText: 'atlas:Partnership' }).first();
  await hint.waitFor({ timeout: 10000 }).catch(() => fail('no completion offered atlas:Partnership'));
  await hint.click();
  // The completion list takes the focus on mousedown and CodeMirror's show-hint gives it back
  // to the editor on a 20 ms timer: keys typed before then land on the page's body (a person's
  // click lasts longer). So wait for the list to close, the editor to have the focus again and
  // the pick to be in the text before typing on.
  await page.locator('.CodeMirror-hints').waitFor({ state: 'detached', timeout: 10000 })
    .catch(() => fail('the completion list stayed open after the pick'));
  await page.waitForFunction(() => document.querySelector('#yasgui .CodeMirror').CodeMirror.hasFocus(), null, { timeout: 10000 })
    .catch(() => fail('the editor did not get the focus back after the pick'));
  let typed = await editorText(page);
  if (!/\?partnership a atlas:Partnership$/m.test(typed)) fail(`the pick did not land: ${typed}`);
  await page.keyboard.type(' ; dcterms:title ?title .\n');
  // Brackets the editor closed by itself are fine; the query must end with exactly one.
  typed = await editorText(page);
  if (!/\}\s*$/.test(typed)) await page.keyboard.type('}');
  await page.keyboard.type(' ORDER BY ?title');
  typed = await editorText(page);
  // Every key typed is in the text: none lost, none rewritten.
  if (!/a atlas:Partnership ; dcterms:title \?title \.\n\s*\} ORDER BY \?title$/.test(typed)) fail(`typed text: ${typed}`);

  // Run it: the table, its links to our own pages.
  await page.click('#yasgui .yasqe_queryButton');
  const rows = page.locator('#yasgui .yasr table.dataTable tbody tr');
  await rows.first().waitFor({ timeout: 20000 }).catch(() => fail('no results table'));
  const count = await rows.count();
  const headers = (await page.locator('#yasgui .yasr table.dataTable thead th').allInnerTexts()).map((h) => h.trim());
  if (!headers.includes('partnership') || !headers.includes('title')) fail(`headers ${headers}`);
  const hrefs = await page.locator('#yasgui .yasr table.dataTable tbody a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  if (!hrefs.length || !hrefs.every((h) => h.startsWith('/id/partnership/'))) fail(`result links: ${hrefs.slice(0, 3)}`);
  await page.evaluate(() => document.getElementById('examples').scrollIntoView());
  await page.screenshot({ path: `${outDir}/query-editor.png` });

  // The shareable link brings the same query back in a fresh page.
  const link = await page.evaluate(() => window.atlasEditor.getTab().getShareableLink());
  if (!link || !link.startsWith(origin + '/') || !link.includes('query=')) fail(`share link ${link}`);
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForSelector('#yasgui .CodeMirror', { timeout: 20000 });
  if (!(await editorText(other)).includes('ORDER BY ?title')) fail('the shared link did not restore the query');
  await other.close();

  // The downloads give the whole answer, in CSV and JSON, from the endpoint (the links are
  // followed here by the test itself, the page staying put).
  await page.evaluate(() => document.addEventListener('click', (e) => { if (e.target.closest('#downloads')) e.preventDefault(); }));
  for (const [format, check] of [['csv', (t) => t.startsWith('partnership,title')], ['json', (t) => JSON.parse(t).results.bindings.length === count]]) {
    const a = page.locator(`#downloads a[data-format="${format}"]`);
    await a.dispatchEvent('click');
    const href = await a.getAttribute('href');
    const body = await (await page.request.get(origin + href)).text();
    if (!check(body)) fail(`${format} download: ${body.slice(0, 120)}`);
  }
  if (errors.length) fail(`script errors: ${errors.join('; ')}`);
  await context.close();

  // --- Without scripts: the page as it always worked.
  const plain = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  watch(plain);
  const p = await plain.newPage();
  await p.goto(url + '/?example=ongoing-or-ending-this-year');
  if (!(await p.inputValue('#query')).includes('atlas:Partnership')) fail('the Load button did not fill the box');
  await Promise.all([p.waitForNavigation(), p.click('#run')]);
  const served = await p.locator('table.results tbody tr').count();
  if (served < 1) fail('no result rows without scripts');
  const plainHeaders = await p.locator('table.results th').allInnerTexts();
  if (!plainHeaders.includes('partnership') || !plainHeaders.includes('title')) fail(`headers ${plainHeaders}`);
  await p.screenshot({ path: `${outDir}/query-page.png`, fullPage: true });
  const first = p.locator('table.results tbody a[href^="/id/partnership/"]').first();
  const href = await first.getAttribute('href');
  await Promise.all([p.waitForNavigation(), first.click()]);
  if (!p.url().endsWith(href)) fail(`followed to ${p.url()}, expected ${href}`);
  const h1 = await p.locator('h1').innerText();
  if (!h1 || h1 === 'Not found') fail(`partnership page title ${h1}`);
  const kind = await p.locator('p.kind').first().innerText();
  if (!/partnership|partenariat/i.test(kind)) fail(`not a partnership page: ${kind}`);
  await p.screenshot({ path: `${outDir}/partnership-page.png`, fullPage: true });
  // The reference partnership's page: its funding chart is drawn.
  await p.goto(url + '/id/partnership/654fd6cb4fd2d21f');
  const chart = p.locator('svg[data-chart="partnership-funding"]');
  const box = await chart.boundingBox();
  if (!box || box.width < 200 || box.height < 100) fail(`partnership chart has no size: ${JSON.stringify(box)}`);
  if ((await chart.locator('rect[data-value]').count()) < 8) fail('partnership chart lacks its funding rows');
  await chart.scrollIntoViewIfNeeded();
  await p.screenshot({ path: `${outDir}/partnership-chart.png`, fullPage: true });
  await plain.close();

  if (external.length) fail(`requests left the server: ${external.join(', ')}`);
  console.log(`ok: editor ${count} rows, ${hrefs.length} links; plain page ${served} rows; followed ${href} to "${h1}"`);
} finally {
  await browser.close();
}
})().catch((e) => fail(e.stack || String(e)));
