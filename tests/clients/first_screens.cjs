// First screens in a real headless Chromium at 1280x800: the home page, a partnership's page
// and the query page, in French and in English (the browser's Accept-Language). For each: a
// screenshot of the first screen under OUT_DIR, and the checks that the page did not scroll
// on load (nothing focuses or scrolls itself into view), that the site header and the page's
// h1 are inside the first screen and visible, and that the page is in the language asked.
// On the home page, the partnership count it states is the one given as EXPECTED_COUNT.
// Usage: node first_screens.cjs URL OUT_DIR PARTNERSHIP_PATH EXPECTED_COUNT
// (CommonJS so that NODE_PATH finds playwright-core in the tools folder).
const { chromium } = require('playwright-core');

const [url, outDir, partnership, expected] = process.argv.slice(2);
const fail = (m) => { console.error(`FAILED: ${m}`); process.exit(1); };
const WIDTH = 1280;
const HEIGHT = 800;

// Inside the first screen and visible: a size, within the viewport, not hidden by style.
async function onFirstScreen(page, selector, what) {
  const el = page.locator(selector).first();
  if (!(await el.isVisible())) fail(`${what}: ${selector} is not visible`);
  const box = await el.boundingBox();
  if (!box || box.width < 1 || box.height < 1) fail(`${what}: ${selector} has no size`);
  if (box.y < 0 || box.y + box.height > HEIGHT || box.x < 0 || box.x + box.width > WIDTH) {
    fail(`${what}: ${selector} lies outside the first screen: ${JSON.stringify(box)}`);
  }
}

(async () => {
const browser = await chromium.launch({
  executablePath: process.env.ATLAS_LOD_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pages = [
  ['home', '/'],
  ['partnership', partnership],
  ['query', '/?example=ongoing-or-ending-this-year'],
];
const shots = [];
try {
  for (const [lang, locale] of [['fr', 'fr-FR'], ['en', 'en-GB']]) {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, locale });
    for (const [name, path] of pages) {
      const what = `${name} (${lang})`;
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const answer = await page.goto(url + path, { waitUntil: 'load' });
      if (!answer || answer.status() !== 200) fail(`${what}: status ${answer && answer.status()}`);
      // Settled: no request in flight, then two frames drawn after the scripts ran.
      await page.waitForLoadState('networkidle');
      if (name !== 'partnership') {
        await page.waitForSelector('#yasgui .CodeMirror', { timeout: 30000 })
          .catch(() => fail(`${what}: the editor never came`));
      }
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const htmlLang = await page.evaluate(() => document.documentElement.lang);
      if (htmlLang !== lang) fail(`${what}: the page is in ${htmlLang}`);
      const scrollY = await page.evaluate(() => window.scrollY);
      if (scrollY !== 0) fail(`${what}: the page scrolled itself to ${scrollY} on load`);
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
      if (focused !== 'BODY') fail(`${what}: ${focused} took the focus on load`);
      await onFirstScreen(page, 'body > header', what);
      await onFirstScreen(page, 'main h1', what);
      const h1 = (await page.locator('main h1').first().innerText()).trim();
      if (!h1) fail(`${what}: empty h1`);
      if (name === 'home') {
        const count = await page.locator('#partnership-count').getAttribute('data-count');
        if (count !== expected) fail(`${what}: the page says ${count} partnerships, the store holds ${expected}`);
        const shown = (await page.locator('#partnership-count').innerText()).replace(/[\s\u202f,]/g, '');
        if (shown !== expected) fail(`${what}: the page shows ${shown} partnerships, the store holds ${expected}`);
      }
      if (errors.length) fail(`${what}: script errors: ${errors.join('; ')}`);
      const file = `${outDir}/first-screen-${name}-${lang}.png`;
      await page.screenshot({ path: file });
      shots.push(file);
      await page.close();
    }
    await context.close();
  }
  console.log(`ok: ${shots.length} first screens, none scrolled\n${shots.join('\n')}`);
} finally {
  await browser.close();
}
})().catch((e) => fail(e.stack || String(e)));
