// The Minerva investigation UI: one page over the search API's routes (POST/GET/DELETE /api/v1/search…).
import { byId, el } from './dom.js';
import { renderHistogram } from './chart.js';
import { renderTree } from './tree.js';
import {
  PRESETS, addTerm, athenaCost, decodeHash, encodeHash, errorColumn, formatBytes, formatDollars, formatDt, formatTime,
  isQueryError, pivotTerm, resolveRange, summarize, summaryText, tagTotals, toCsv, toJsonLines,
} from './model.js';

const API = '/api/v1/search';
const PALETTE = ['#2f6fb0', '#d9822b', '#3a9a5b', '#b5478a', '#7a5cc2', '#c94c4c', '#2a9d9d', '#8a7a2f'];
const EXPORT_PAGE = 1000;
const EXPORT_MAX = 100_000;

const ui = {
  form: byId('search-form'), query: byId('query'), range: byId('range'), absolute: byId('absolute'),
  from: byId('from'), to: byId('to'), run: byId('run'), cancel: byId('cancel'), helpToggle: byId('help-toggle'),
  help: byId('help'), status: byId('status'), stats: byId('stats'), cost: byId('cost'), error: byId('error'),
  queryError: byId('query-error'), queryCaret: byId('query-caret'), queryErrorMessage: byId('query-error-message'),
  results: byId('results-area'), chart: byId('chart'), tags: byId('tags'), rows: byId('rows'),
  pageInfo: byId('page-info'), prev: byId('prev'), next: byId('next'), pageSize: byId('page-size'),
  exportJsonl: byId('export-jsonl'), exportCsv: byId('export-csv'),
};

/** The search on screen: its id, range, status and the page shown. Replaced by every run. */
let search = null;
/** Bumped by every run, so answers for an older run are dropped. */
let generation = 0;
let ticker = null;

/** A failed API call: the HTTP status (0 when the server was not reached) and the API's message. */
/** A failed API call: the HTTP status and the error body's fields (`message`, `code`, `column`). */
class ApiError extends Error {
  constructor(status, message, body = {}) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, `Cannot reach the Minerva server (${e.message}). Is "minerva serve" still running?`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    json = null;
  }
  if (!response.ok) {
    const message = json && typeof json.message === 'string' ? json.message
      : `${response.status} ${response.statusText}: ${text.slice(0, 300) || 'no details'}`;
    throw new ApiError(response.status, message, json && typeof json === 'object' ? json : {});
  }
  if (json === null) {
    throw new ApiError(response.status, `The server answered ${path} with something that is not JSON: ${text.slice(0, 200)}`);
  }
  return json;
}

// ---- range and address ------------------------------------------------------------------------------------------

function rangeState() {
  if (ui.range.value === 'custom') {
    return { from: ui.from.value.trim(), to: ui.to.value.trim() || 'now' };
  }
  return { from: ui.range.value, to: 'now' };
}

function setRange(from, to) {
  if (PRESETS.includes(from) && to === 'now') {
    ui.range.value = from;
  } else {
    ui.range.value = 'custom';
    ui.from.value = from;
    ui.to.value = to;
  }
  ui.absolute.hidden = ui.range.value !== 'custom';
}

function loadFromAddress() {
  const state = decodeHash(location.hash);
  if (!state) {
    return false;
  }
  ui.query.value = state.query;
  setRange(state.from, state.to);
  return true;
}

// ---- messages ---------------------------------------------------------------------------------------------------

function clearErrors() {
  ui.error.hidden = true;
  ui.error.replaceChildren();
  ui.queryError.hidden = true;
  ui.query.removeAttribute('aria-invalid');
}

function showError(message, status) {
  ui.error.replaceChildren(
    el('strong', { text: status ? `Error ${status}: ` : 'Error: ' }),
    el('span', { class: 'message', text: message }));
  ui.error.hidden = false;
}

/** An error about the query text, drawn under the query with a caret at its 1-based column (null for none). */
function showQueryError(message, column = null) {
  const text = ui.query.value;
  if (column !== null) {
    ui.queryCaret.textContent = text + '\n' + ' '.repeat(Math.max(0, column - 1)) + '^';
    ui.queryCaret.hidden = false;
    ui.query.focus();
    ui.query.setSelectionRange(Math.min(column - 1, text.length), Math.min(column, text.length));
  } else {
    ui.queryCaret.hidden = true;
  }
  ui.queryErrorMessage.textContent = message;
  ui.queryError.hidden = false;
  ui.query.setAttribute('aria-invalid', 'true');
}

function setStatus(state, text) {
  ui.status.className = 'state ' + state.toLowerCase();
  ui.status.textContent = text;
}

function setRunning(running) {
  ui.run.hidden = running;
  ui.cancel.hidden = !running;
  ui.cancel.disabled = false;
  document.body.classList.toggle('running', running);
  if (!running && ticker !== null) {
    clearInterval(ticker);
    ticker = null;
  }
}

// ---- running a search -------------------------------------------------------------------------------------------

async function run() {
  clearErrors();
  const query = ui.query.value.trim();
  if (query === '') {
    showQueryError('Type something to search for: an IP address, an access key id, a user name, field:value or "a phrase".');
    return;
  }
  const range = rangeState();
  let bounds;
  try {
    bounds = resolveRange(range, Date.now());
  } catch (e) {
    showError(e.message);
    return;
  }
  history.replaceState(null, '', encodeHash({ query, ...range }));
  const mine = ++generation;
  const started = performance.now();
  search = null;
  // The previous search's results stay visible, dimmed, until this one has its own.
  ui.results.classList.add('stale');
  setRunning(true);
  setStatus('RUNNING', 'Starting…');
  ui.stats.textContent = '';
  setCostPending();
  ticker = setInterval(() => {
    if (search && search.state === 'RUNNING') {
      setStatus('RUNNING', `Running… ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }, 100);
  try {
    // end_dt is inclusive (the last second searched); the range here ends before bounds.end.
    const created = await api('POST', API, { query, start_dt: formatDt(bounds.start), end_dt: formatDt(bounds.end - 1) });
    if (mine !== generation) {
      return;
    }
    search = {
      id: created.search_id, query, bounds, state: 'RUNNING', metadata: null, offset: 0,
      limit: Number(ui.pageSize.value), tags: [], selected: new Set(), totals: {}, total: 0, subTotal: 0,
    };
    let delay = 100;
    let status;
    for (;;) {
      status = await api('GET', `${API}/${encodeURIComponent(search.id)}`);
      if (mine !== generation) {
        return;
      }
      if (status.metadata.status !== 'RUNNING') {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(1000, delay * 1.5);
    }
    search.state = status.metadata.status;
    search.metadata = status.metadata;
    setRunning(false);
    ui.results.classList.remove('stale');
    if (search.state === 'SUCCEEDED') {
      await showSucceeded(mine);
    } else {
      showFailed(status.metadata);
    }
  } catch (e) {
    if (mine !== generation) {
      return;
    }
    setRunning(false);
    ui.results.hidden = true;
    ui.results.classList.remove('stale');
    setStatus('FAILED', 'Failed.');
    if (e instanceof ApiError && isQueryError(e.body)) {
      showQueryError(e.message, errorColumn(e.body));
    } else {
      showError(e.message, e.status);
    }
  }
}

async function cancel() {
  if (!search) {
    // Still starting; the answer to the start is dropped and nothing runs on.
    generation++;
    setRunning(false);
    ui.results.hidden = true;
    ui.results.classList.remove('stale');
    setStatus('FAILED', 'Cancelled before it started.');
    return;
  }
  ui.cancel.disabled = true;
  setStatus('RUNNING', 'Cancelling…');
  try {
    await api('DELETE', `${API}/${encodeURIComponent(search.id)}`);
  } catch (e) {
    showError(e.message, e.status);
  }
  // The polling loop sees the search turn FAILED ("Cancelled") and says so.
}

function showFailed(metadata) {
  ui.results.hidden = true;
  const reason = metadata.reason || 'the search API gave no reason';
  const cancelled = /cancel/i.test(reason);
  setStatus('FAILED', cancelled ? `Cancelled after ${metadata.elapsed_seconds.toFixed(1)} s.` : 'Failed.');
  showStats(metadata, null);
  if (!cancelled) {
    showError(reason);
  }
}

async function showSucceeded(mine) {
  const [series, page] = await Promise.all([
    api('GET', `${API}/${encodeURIComponent(search.id)}/timeseries`),
    api('GET', logsPath(0, search.limit, null)),
  ]);
  if (mine !== generation) {
    return;
  }
  search.series = series;
  search.totals = tagTotals(series.timeseries);
  search.tags = page.metadata.tags || [];
  search.selected = new Set(search.tags);
  search.total = page.metadata.total;
  setStatus('SUCCEEDED', `Done in ${search.metadata.elapsed_seconds.toFixed(1)} s.`);
  showStats(search.metadata, search.total);
  ui.results.hidden = false;
  renderTags();
  renderChart();
  showPage(page);
}

function showStats(metadata, total) {
  const scanned = Number(metadata.scanned_size || 0);
  const parts = [];
  if (total !== null) {
    parts.push(`${total.toLocaleString('en-US')} ${total === 1 ? 'hit' : 'hits'}`);
  }
  parts.push(`${formatBytes(scanned)} scanned`);
  ui.stats.textContent = parts.join(' · ');
  const cost = athenaCost(scanned);
  ui.cost.textContent = `Athena: ${formatDollars(cost.dollars)}${cost.minimum ? ' (10 MB minimum)' : ''}`;
  ui.cost.title = `On Athena this scan (${scanned.toLocaleString('en-US')} bytes, billed as ${formatBytes(cost.billedBytes)}) `
    + 'would cost this: $5 per TB scanned, rounded up to the MB, 10 MB minimum per query. '
    + 'The engine cannot estimate the scan before running, so the cost is known only afterwards.';
}

function setCostPending() {
  ui.cost.textContent = 'cost: after the run';
  ui.cost.title = 'Bytes scanned and what Athena would charge for them ($5 per TB, 10 MB minimum per query) are shown '
    + 'after the run. This engine cannot estimate the scan before running, so no estimate is shown.';
}

// ---- tags, histogram ------------------------------------------------------------------------------------------

function color(tag) {
  const all = Object.keys(search.totals).concat(search.tags).filter((t, i, a) => a.indexOf(t) === i).sort();
  return PALETTE[Math.max(0, all.indexOf(tag)) % PALETTE.length];
}

function renderTags() {
  const legend = el('legend', { text: 'Tags' });
  const boxes = search.tags.map((tag) => {
    const box = el('input', { type: 'checkbox', value: tag, checked: search.selected.has(tag) });
    box.addEventListener('change', () => {
      if (box.checked) {
        search.selected.add(tag);
      } else {
        search.selected.delete(tag);
      }
      renderChart();
      loadPage(0);
    });
    return el('label', { class: 'tag-choice' }, box,
      el('span', { class: 'swatch', style: null, 'data-tag': tag }),
      el('span', { class: 'tag-name', text: tag }),
      el('span', { class: 'count', text: (search.totals[tag] || 0).toLocaleString('en-US') }));
  });
  ui.tags.replaceChildren(legend, ...boxes);
  // Colours go through the CSSOM, not a style attribute: the page's policy allows no inline styles.
  for (const swatch of ui.tags.querySelectorAll('.swatch')) {
    swatch.style.backgroundColor = color(swatch.getAttribute('data-tag'));
  }
}

function renderChart() {
  const series = search.series;
  renderHistogram(ui.chart, {
    labels: series.labels, series: series.timeseries, tags: Object.keys(series.timeseries).sort(), color,
    selected: search.selected, onZoom: zoom,
  });
}

function zoom(first, last) {
  const start = search.series.metadata.start_time;
  // end_time is the last second searched (inclusive); the range the user picked ends one second later.
  const end = search.series.metadata.end_time + 1;
  const width = (end - start) / search.series.labels.length;
  const from = Math.floor(start + first * width);
  const to = Math.min(end, Math.ceil(start + (last + 1) * width));
  if (to <= from) {
    return;
  }
  setRange(formatDt(from * 1000), formatDt(to * 1000));
  run();
}

// ---- pages of hits --------------------------------------------------------------------------------------------

function tagFilter() {
  if (search.selected.size === search.tags.length) {
    return null;
  }
  return [...search.selected];
}

function logsPath(offset, limit, tags) {
  // This UI leads with the latest hits; the API's default, as the original's, is oldest first.
  const params = new URLSearchParams({ offset: String(offset), limit: String(limit), order: 'newest' });
  if (tags) {
    params.set('tags', tags.join(','));
  }
  return `${API}/${encodeURIComponent(search.id)}/logs?${params}`;
}

async function loadPage(offset) {
  const mine = generation;
  const id = search.id;
  search.limit = Number(ui.pageSize.value);
  const tags = tagFilter();
  if (tags !== null && tags.length === 0) {
    // The API reads an empty list as "every tag"; no tag chosen means nothing to show.
    showPage({ logs: [], metadata: { total: search.total, sub_total: 0, offset: 0, limit: search.limit } });
    return;
  }
  ui.rows.classList.add('loading');
  try {
    const page = await api('GET', logsPath(offset, search.limit, tags));
    if (mine === generation && search.id === id) {
      showPage(page);
    }
  } catch (e) {
    showError(e.message, e.status);
  } finally {
    ui.rows.classList.remove('loading');
  }
}

function showPage(page) {
  const meta = page.metadata;
  search.offset = meta.offset;
  search.subTotal = meta.sub_total;
  search.page = page.logs || [];
  const rows = [];
  for (const hit of search.page) {
    rows.push(...hitRows(hit));
  }
  if (rows.length === 0) {
    rows.push(el('tr', { class: 'none' }, el('td', { colspan: 3, text: search.total === 0
      ? 'No hits. Widen the time range, or check the terms (keywords are upper-case; values match whole or by parts).'
      : 'No hits for the chosen tags.' })));
  }
  ui.rows.replaceChildren(...rows);
  const first = search.page.length === 0 ? 0 : meta.offset + 1;
  const last = meta.offset + search.page.length;
  const filtered = meta.sub_total !== meta.total ? ` (of ${meta.total.toLocaleString('en-US')} in all tags)` : '';
  ui.pageInfo.textContent = `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${meta.sub_total.toLocaleString('en-US')}${filtered}`;
  ui.prev.disabled = meta.offset === 0;
  ui.next.disabled = last >= meta.sub_total;
  ui.exportJsonl.disabled = meta.sub_total === 0;
  ui.exportCsv.disabled = meta.sub_total === 0;
}

function hitRows(hit) {
  const toggle = el('button', { type: 'button', class: 'expand', 'aria-expanded': 'false', title: 'Show the whole record', text: '▸' });
  const summary = el('td', { class: 'summary' }, ...summarize(hit.log).map((segment) => (typeof segment === 'string'
    ? segment
    : el('button', {
      type: 'button', class: 'v', text: String(segment.value),
      title: `Add ${segment.path ? segment.path.join('.') + ':…' : 'this term'} to the query (Alt-click to exclude)`,
      onclick: (event) => {
        event.stopPropagation();
        pivot(segment.path, segment.value, event);
      },
    }))));
  const row = el('tr', { class: 'hit' },
    el('td', { class: 'time' }, toggle, el('span', { text: formatTime(hit.timestamp) })),
    el('td', { class: 'tag' }, el('span', { class: 'chip', 'data-tag': hit.tag, text: hit.tag })),
    summary);
  row.querySelector('.chip').style.borderColor = color(hit.tag);
  let detail = null;
  const flip = () => {
    if (detail) {
      detail.remove();
      detail = null;
      toggle.textContent = '▸';
      toggle.setAttribute('aria-expanded', 'false');
      row.classList.remove('open');
      return;
    }
    detail = el('tr', { class: 'detail' }, el('td', { colspan: 3 },
      renderTree(hit.log, (path, value, event) => pivot(path, value, event))));
    row.after(detail);
    toggle.textContent = '▾';
    toggle.setAttribute('aria-expanded', 'true');
    row.classList.add('open');
  };
  row.addEventListener('click', () => {
    // Selecting text to copy must not collapse the row.
    if (window.getSelection().isCollapsed) {
      flip();
    }
  });
  return [row];
}

/** Adds field:value (or -field:value with Alt) to the query: the pivot an investigation moves on. */
function pivot(path, value, event) {
  const term = pivotTerm(path, value);
  if (term === null) {
    return;
  }
  ui.query.value = addTerm(ui.query.value, term, event.altKey);
  clearErrors();
  ui.query.classList.remove('flash');
  void ui.query.offsetWidth;
  ui.query.classList.add('flash');
  setStatus(search ? search.state : 'READY', `Added ${event.altKey ? '-' : ''}${term} — press Run (or Enter) to search.`);
}

// ---- export ---------------------------------------------------------------------------------------------------

async function exportAll(kind) {
  const id = search.id;
  const tags = tagFilter();
  const wanted = Math.min(search.subTotal, EXPORT_MAX);
  const hits = [];
  const buttons = [ui.exportJsonl, ui.exportCsv];
  buttons.forEach((b) => { b.disabled = true; });
  try {
    while (hits.length < wanted) {
      setStatus('SUCCEEDED', `Exporting ${hits.length.toLocaleString('en-US')} of ${wanted.toLocaleString('en-US')}…`);
      const page = await api('GET', logsPath(hits.length, Math.min(EXPORT_PAGE, wanted - hits.length), tags));
      if (!page.logs || page.logs.length === 0) {
        break;
      }
      hits.push(...page.logs);
    }
    const text = kind === 'csv' ? toCsv(hits) : toJsonLines(hits);
    const blob = new Blob([text], { type: kind === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson' });
    const link = el('a', { href: URL.createObjectURL(blob), download: `minerva-${id.slice(0, 8)}.${kind === 'csv' ? 'csv' : 'jsonl'}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    const capped = search.subTotal > EXPORT_MAX ? ` (the first ${EXPORT_MAX.toLocaleString('en-US')}; narrow the search for the rest)` : '';
    setStatus('SUCCEEDED', `Exported ${hits.length.toLocaleString('en-US')} hits${capped}.`);
  } catch (e) {
    showError(`Export failed: ${e.message}`, e.status);
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

// ---- wiring ---------------------------------------------------------------------------------------------------

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});
ui.cancel.addEventListener('click', cancel);
ui.range.addEventListener('change', () => {
  if (ui.range.value === 'custom' && ui.from.value === '') {
    // Start from what the preset meant, so "between" is an edit rather than a blank form.
    const bounds = resolveRange({ from: '24h', to: 'now' }, Date.now());
    ui.from.value = formatDt(bounds.start);
    ui.to.value = formatDt(bounds.end);
  }
  ui.absolute.hidden = ui.range.value !== 'custom';
});
ui.helpToggle.addEventListener('click', () => {
  ui.help.hidden = !ui.help.hidden;
  ui.helpToggle.setAttribute('aria-expanded', String(!ui.help.hidden));
});
ui.prev.addEventListener('click', () => loadPage(Math.max(0, search.offset - search.limit)));
ui.next.addEventListener('click', () => loadPage(search.offset + search.limit));
ui.pageSize.addEventListener('change', () => search && loadPage(0));
ui.exportJsonl.addEventListener('click', () => exportAll('jsonl'));
ui.exportCsv.addEventListener('click', () => exportAll('csv'));
document.addEventListener('keydown', (event) => {
  const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName);
  if (event.key === '/' && !typing) {
    event.preventDefault();
    ui.query.focus();
  } else if (event.key === 'Escape' && !ui.cancel.hidden) {
    cancel();
  }
});
window.addEventListener('hashchange', () => {
  if (loadFromAddress()) {
    run();
  }
});

if (loadFromAddress()) {
  run();
} else {
  ui.query.focus();
}
document.body.classList.add('ready');
