// End-to-end: the web UI served by `minerva serve` over the indexed samples plus a planted XSS record, in headless
// Debian Chromium driven by playwright-core. UiBrowserTest starts the server and passes its address; run by hand:
//   MINERVA_UI_URL=http://127.0.0.1:8080/ node --test e2e.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.MINERVA_UI_URL;
const SHOTS = process.env.MINERVA_SCREENSHOTS || 'screenshots';
const CHROMIUM = process.env.MINERVA_CHROMIUM || '/usr/bin/chromium';
const RANGE = { from: '2010-01-01T00:00:00', to: '2030-01-01T00:00:00' };

let browser;
let page;
/** Console errors, page errors and CSP violations: the UI must cause none. */
const problems = [];

before(async () => {
  assert.ok(BASE, 'MINERVA_UI_URL names the server under test');
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: without these, Chromium keeps trying to reach Google's hosts.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.setDefaultTimeout(15_000);
});

after(async () => {
  await browser?.close();
});

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

async function search(query, range = RANGE) {
  await page.fill('#query', query);
  await page.selectOption('#range', 'custom');
  await page.fill('#from', range.from);
  await page.fill('#to', range.to);
  await page.click('#run');
  await page.waitForSelector('#status.succeeded, #status.failed');
}

test('the page loads with the query bar focused and no errors', async () => {
  const response = await page.goto(BASE);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
  await page.waitForSelector('body.ready');
  assert.equal(await page.title(), 'Minerva — log search');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'query');
  assert.match(await page.getAttribute('#cost', 'title'), /cannot estimate/);
  await page.click('#help-toggle');
  assert.ok(await page.isVisible('#help'));
  assert.match(await page.textContent('#help'), /userIdentity\.arn:arn:aws:iam::123456789012:user\/alice/);
  await shot('01-start-with-help.png');
  await page.click('#help-toggle');
});

test('a search shows status, cost, the histogram, tag counts and rows, and puts itself in the address', async () => {
  await search('192.0.2.1');
  assert.match(await page.textContent('#status'), /^Done in \d+\.\d s\.$/);
  assert.match(await page.textContent('#stats'), /^10 hits · [\d.]+ KB scanned$/);
  assert.match(await page.textContent('#cost'), /^Athena: \$0\.0000477 \(10 MB minimum\)$/);
  const bars = await page.locator('#chart svg rect.bar').count();
  assert.ok(bars >= 3, `histogram bars: ${bars}`);
  const tags = await page.locator('.tag-choice').allTextContents();
  assert.deepEqual(tags, ['aws.cloudfront3', 'aws.cloudtrail2', 'aws.guardduty2', 'aws.vpcflow3']);
  assert.equal(await page.locator('tr.hit').count(), 10);
  assert.equal(await page.textContent('#page-info'), '1–10 of 10');
  const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  assert.deepEqual(Object.fromEntries(hash), { q: '192.0.2.1', from: RANGE.from, to: RANGE.to });
  const flow = await page.locator('tr.hit', { hasText: 'aws.vpcflow' }).first().locator('td.summary').textContent();
  assert.match(flow, /^[\d.]+:\d+ → [\d.]+:\d+ (ACCEPT|REJECT)$/);
  const trail = await page.locator('tr.hit', { hasText: 'DeleteBucket' }).locator('td.summary').textContent();
  assert.equal(trail, 'DeleteBucket by arn:aws:sts::777788889999:assumed-role/AssumeNothing/devdsk from 192.0.2.1');
  await shot('02-results.png');
});

test('log values planted with <script> and <img onerror> show as text and run nothing', async () => {
  const row = page.locator('tr.hit', { hasText: '<script>' });
  assert.equal(await row.locator('td.summary').textContent(),
    '<script>window.__xss=\'script\'</script> by <img src=x onerror="window.__xss=\'arn\'"> from 192.0.2.1');
  await row.locator('td.time').click();
  const detail = page.locator('tr.detail');
  await detail.waitFor();
  assert.match(await detail.textContent(), /userAgent: <img src=x onerror="window\.__xss='img'">/);
  assert.match(await detail.textContent(), /<b onmouseover="window\.__xss='b'">bold<\/b>/);
  await page.hover('tr.detail button.v[data-path="requestParameters.userName"]');
  assert.equal(await page.locator('#results script, #results img, #results b').count(), 0, 'no markup from log values');
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no planted script ran');
  await shot('03-xss-record-expanded.png');
});

test('clicking a value adds field:value to the query, quoted when it has spaces, and the pivot finds it', async () => {
  await page.click('tr.detail button.v[data-path="userAgent"]');
  assert.equal(await page.inputValue('#query'), '192.0.2.1 userAgent:"<img src=x onerror=\\"window.__xss=\'img\'\\">"');
  await page.click('#run');
  await page.waitForSelector('#status.succeeded');
  assert.equal(await page.locator('tr.hit').count(), 1);
  // A pivot from the summary line, and Alt-click to exclude.
  await page.fill('#query', '192.0.2.1');
  await page.click('#run');
  await page.waitForSelector('#status.succeeded');
  await page.locator('tr.hit', { hasText: 'DeleteBucket' }).locator('button.v', { hasText: 'DeleteBucket' }).click();
  assert.equal(await page.inputValue('#query'), '192.0.2.1 eventName:DeleteBucket');
  await page.locator('tr.hit', { hasText: 'DeleteBucket' }).locator('button.v', { hasText: 'DeleteBucket' }).click({ modifiers: ['Alt'] });
  assert.equal(await page.inputValue('#query'), '192.0.2.1 eventName:DeleteBucket -eventName:DeleteBucket');
  await page.fill('#query', '192.0.2.1 eventName:DeleteBucket');
  await page.press('#query', 'Enter');
  await page.waitForSelector('#status.succeeded');
  assert.equal(await page.locator('tr.hit').count(), 1);
  assert.match(await page.textContent('tr.hit'), /DeleteBucket/);
  await shot('04-pivot.png');
});

test('unticking a tag filters the rows through /logs without re-running the search', async () => {
  await search('192.0.2.1');
  const searches = [];
  page.on('request', (request) => request.method() === 'POST' && searches.push(request.url()));
  await page.locator('.tag-choice', { hasText: 'aws.vpcflow' }).locator('input').uncheck();
  await page.waitForFunction(() => document.getElementById('page-info').textContent.includes('in all tags'));
  assert.equal(await page.textContent('#page-info'), '1–7 of 7 (of 10 in all tags)');
  const tags = await page.locator('tr.hit td.tag').allTextContents();
  assert.deepEqual([...new Set(tags)].sort(), ['aws.cloudfront', 'aws.cloudtrail', 'aws.guardduty']);
  assert.equal(await page.locator('#chart rect.bar.off').count(), 1, 'unticked tag greyed out in the histogram');
  assert.deepEqual(searches, [], 'no new search');
  await shot('05-tag-filter.png');
});

test('pages go through /logs with offset and limit, without re-running the search', async () => {
  await search('tag:aws.cloudtrail');
  await page.selectOption('#page-size', '25');
  await page.waitForFunction(() => document.getElementById('page-info').textContent.startsWith('1–25 of'));
  const total = Number((await page.textContent('#page-info')).replace(/^1–25 of /, '').replace(/,/g, ''));
  assert.ok(total > 50, `cloudtrail hits: ${total}`);
  const firstPage = await page.locator('tr.hit td.time').allTextContents();
  const requests = [];
  page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}${new URL(request.url()).search}`));
  await page.click('#next');
  await page.waitForFunction(() => document.getElementById('page-info').textContent.startsWith('26–50 of'));
  const secondPage = await page.locator('tr.hit td.time').allTextContents();
  assert.equal(secondPage.length, 25);
  assert.ok(secondPage[0] <= firstPage[24], 'newest first, and the next page is older');
  assert.equal(requests.length, 1);
  assert.match(requests[0], /^GET \/api\/v1\/search\/[0-9a-f-]+\/logs\?offset=25&limit=25&order=newest$/);
  await page.click('#prev');
  await page.waitForFunction(() => document.getElementById('page-info').textContent.startsWith('1–25 of'));
  assert.ok(await page.isDisabled('#prev'));
  await shot('06-paging.png');
});

test('exports hold every hit of the search, as JSON lines and as CSV', async () => {
  const total = Number((await page.textContent('#page-info')).replace(/^1–25 of /, '').replace(/,/g, ''));
  const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('#export-jsonl')]);
  assert.match(jsonl.suggestedFilename(), /^minerva-[0-9a-f]{8}\.jsonl$/);
  const lines = readFileSync(await jsonl.path(), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(lines.length, total);
  assert.ok(lines.every((hit) => hit.tag === 'aws.cloudtrail' && typeof hit.timestamp === 'number' && hit.log));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const rows = readFileSync(await csv.path(), 'utf8').split('\r\n');
  assert.equal(rows[0], 'time_utc,timestamp,tag,summary,log');
  assert.ok(rows.length >= total + 1);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Exported'));
});

test('dragging across the histogram zooms the range and re-runs', async () => {
  await search('192.0.2.1');
  const box = await page.locator('#chart svg').boundingBox();
  // Bins 5–10 of 20 (left margin 48 of 1000 units): 2015-01-01 06:00 to 2020-12-31 18:00, holding the VPC flows,
  // the 2016 DeleteBucket and the 2018–2019 CloudFront requests but not the planted 2021 record.
  const x = (bin) => box.x + ((48 + (bin + 0.5) * (944 / 20)) / 1000) * box.width;
  await page.mouse.move(x(5), box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x(8), box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(x(10), box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('from') !== '2010-01-01T00:00:00');
  await page.waitForSelector('#status.succeeded');
  const from = await page.inputValue('#from');
  const to = await page.inputValue('#to');
  assert.equal(from, '2015-01-01T06:00:00');
  assert.equal(to, '2020-12-31T18:00:00');
  assert.equal(await page.locator('tr.hit').count(), 7, 'the planted 2021 record falls outside');
  await shot('07-zoomed.png');
});

test('a shared address opens the same search', async () => {
  const shared = `${BASE}#q=${encodeURIComponent('192.0.2.1')}&from=2010-01-01T00:00:00&to=2030-01-01T00:00:00`;
  const other = await page.context().newPage();
  await other.goto(shared);
  await other.waitForSelector('#status.succeeded');
  assert.equal(await other.inputValue('#query'), '192.0.2.1');
  assert.equal(await other.locator('tr.hit').count(), 10);
  await other.close();
});

test('a syntax error is shown at its column; API failures are readable messages, not a blank page', async () => {
  await search('alice (bob OR');
  assert.ok(await page.isVisible('#query-error'));
  assert.match(await page.textContent('#query-error-message'), /^Query syntax error at column 14: /);
  assert.equal(await page.textContent('#query-caret'), 'alice (bob OR\n             ^');
  await shot('08-syntax-error.png');

  await page.route('**/api/v1/search', (route) => route.fulfill({
    status: 500, contentType: 'application/json', body: '{"message":"Athena is down (test)"}' }));
  await page.click('#run');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#error'), 'Error 500: Athena is down (test)');
  assert.ok(await page.isHidden('#query-error'));
  await page.unroute('**/api/v1/search');
  await page.route('**/api/v1/search', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }));
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('error').textContent.includes('502'));
  assert.match(await page.textContent('#error'), /^Error 502: 502 .*<h1>Bad gateway<\/h1>$/);
  assert.equal(await page.locator('#error h1').count(), 0);
  await shot('09-api-error.png');
  await page.unroute('**/api/v1/search');

  // The caret follows the body's code and column, whatever the words say.
  await page.route('**/api/v1/search', (route) => route.fulfill({ status: 400, contentType: 'application/json',
    body: '{"message":"Unbalanced parenthesis (test)","code":"QUERY_SYNTAX","kind":"USER_INPUT","column":7}' }));
  await page.click('#run');
  await page.waitForSelector('#query-error:not([hidden])');
  assert.equal(await page.textContent('#query-error-message'), 'Unbalanced parenthesis (test)');
  assert.equal(await page.textContent('#query-caret'), 'alice (bob OR\n      ^');
  await page.unroute('**/api/v1/search');
  await page.route('**/api/v1/search', (route) => route.fulfill({ status: 400, contentType: 'application/json',
    body: '{"message":"start_dt is required (test), not a query column","code":"INVALID_REQUEST","kind":"USER_INPUT"}' }));
  await page.click('#run');
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#error'), 'Error 400: start_dt is required (test), not a query column');
  assert.ok(await page.isHidden('#query-error'));
  await page.unroute('**/api/v1/search');
});

test('while running: the elapsed time ticks; Cancel sends DELETE and says it was cancelled', async () => {
  // The samples answer in milliseconds; hold the status at RUNNING until the UI cancels.
  let deleted = null;
  await page.route(/\/api\/v1\/search\/[0-9a-f-]+$/, async (route) => {
    const request = route.request();
    if (request.method() === 'DELETE') {
      deleted = new URL(request.url()).pathname;
      return route.continue();
    }
    const real = await (await route.fetch()).json();
    real.metadata.status = deleted ? 'FAILED' : 'RUNNING';
    if (deleted) {
      real.metadata.reason = 'Cancelled';
    }
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(real) });
  });
  await page.fill('#query', '192.0.2.1');
  await page.click('#run');
  await page.waitForFunction(() => /^Running… [1-9]\.\d s$/.test(document.getElementById('status').textContent));
  assert.ok(await page.isVisible('#cancel'));
  assert.equal(await page.textContent('#cost'), 'cost: after the run');
  await shot('10-running.png');
  await page.click('#cancel');
  await page.waitForSelector('#status.failed');
  assert.match(deleted, /^\/api\/v1\/search\/[0-9a-f-]+$/);
  assert.match(await page.textContent('#status'), /^Cancelled after [\d.]+ s\.$/);
  assert.ok(await page.isVisible('#run'));
  await page.unroute(/\/api\/v1\/search\/[0-9a-f-]+$/);
});

test('nothing went wrong in the page: no script errors, no CSP violations', () => {
  // The 400, 500 and 502 above are the test's own; the browser logs failed fetches as console errors.
  const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of (400|500|502)/.test(p));
  assert.deepEqual(unexpected, []);
});
