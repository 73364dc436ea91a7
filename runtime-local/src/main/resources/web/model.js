// Pure functions of the Minerva UI: time ranges, the address (#q=…&from=…&to=…), one-line summaries of records,
// pivot terms, Athena cost and exports. No DOM here, so Node's test runner can check them directly.

/** Relative presets the range picker offers, in the CLI's own words (`--from 24h`). */
export const PRESETS = ['15m', '1h', '24h', '7d', '30d', 'all'];

/** What `all` starts at: no AWS log can be older than AWS itself (2006), and the histogram stays readable. */
export const ALL_START = Date.UTC(2006, 0, 1);

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/;

/** Parses `2020-10-01`, `2020-10-01T06:00`, `2020-10-01 06:00:00` or `…Z` as UTC milliseconds, or NaN. */
export function parseUtc(text) {
  const match = ABSOLUTE.exec(String(text).trim());
  if (!match) {
    return NaN;
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const back = new Date(ms);
  // Date.UTC rolls 2020-02-31 over to March; a date that does not exist is a typo, not a time.
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    return NaN;
  }
  return ms;
}

/** `yyyy-MM-ddTHH:mm:ss` in UTC, the API's start_dt/end_dt format. */
export function formatDt(ms) {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A time for people: `2020-10-01 06:00:00` (always UTC, said once in the column header). */
export function formatTime(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The range {from, to} as [start, end) in UTC milliseconds at `now`. `from` is a preset (`15m`…`30d`, `all`) or an
 * absolute time; `to` is `now` or an absolute time. Throws an Error whose message says what was wrong.
 */
export function resolveRange(range, now) {
  const end = range.to === 'now' || !range.to ? Math.floor(now / 1000) * 1000 + 1000 : parseUtc(range.to);
  if (Number.isNaN(end)) {
    throw new Error(`"To" is not a UTC time: "${range.to}"; use 2020-10-01T06:00:00 (or a date)`);
  }
  let start;
  const relative = /^(\d+)([mhd])$/.exec(range.from || '');
  if (range.from === 'all') {
    start = ALL_START;
  } else if (relative) {
    start = end - Number(relative[1]) * UNIT_MS[relative[2]];
  } else {
    start = parseUtc(range.from);
    if (Number.isNaN(start)) {
      throw new Error(`"From" is not a UTC time: "${range.from}"; use 2020-10-01T00:00:00 (or a date), or a preset such as 24h`);
    }
  }
  if (start >= end) {
    throw new Error(`"From" (${formatDt(start)}) must be before "To" (${formatDt(end)})`);
  }
  return { start, end };
}

/** The address fragment for a query and range: `#q=…&from=…&to=…`. */
export function encodeHash(state) {
  const params = new URLSearchParams();
  params.set('q', state.query);
  params.set('from', state.from);
  params.set('to', state.to);
  return '#' + params.toString();
}

/** The query and range a fragment names, or null when it names no query. */
export function decodeHash(hash) {
  const params = new URLSearchParams(String(hash).replace(/^#/, ''));
  const query = params.get('q');
  if (query === null) {
    return null;
  }
  return { query, from: params.get('from') || '24h', to: params.get('to') || 'now' };
}

/**
 * What Athena would charge for scanning `bytes`: $5 per TB, each query rounded up to the megabyte with a 10 MB
 * minimum (AWS bills in binary units: 1 TB = 2^40 bytes).
 */
export function athenaCost(bytes) {
  const MB = 2 ** 20;
  const billed = Math.max(10 * MB, Math.ceil(Math.max(0, bytes) / MB) * MB);
  return { dollars: (billed / 2 ** 40) * 5, billedBytes: billed, minimum: bytes <= 10 * MB };
}

/** `$0.0000477` — enough digits to tell small queries apart, never scientific notation. */
export function formatDollars(dollars) {
  if (dollars >= 0.01) {
    return '$' + dollars.toFixed(2);
  }
  return '$' + dollars.toPrecision(3).replace(/0+$/, '');
}

/** `1.2 MB` (binary units, as the cost uses). */
export function formatBytes(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0)) + ' ' + units[unit];
}

const FIELD_SEGMENT = /^[A-Za-z_@][A-Za-z0-9_\-@$]*$|^\d+$/;

/**
 * The query text that finds records with this value: `field:value` for a value inside a record (dotted path, array
 * items by index), the plain term for a record that is one text. Values that the query language would read
 * differently (spaces, quotes, parentheses, a leading `-`, a keyword) are quoted. Returns null for values nobody
 * can search for (null, empty).
 */
export function pivotTerm(path, value) {
  if (value === null || value === undefined) {
    return null;
  }
  const text = String(value);
  if (text.trim() === '') {
    return null;
  }
  const fieldPath = Array.isArray(path) && path.length > 0 ? path.map(String) : null;
  const fieldOk = fieldPath !== null && FIELD_SEGMENT.test(fieldPath[0]) && !/^\d/.test(fieldPath[0])
    && fieldPath.every((segment) => FIELD_SEGMENT.test(segment));
  const needsQuotes = /[\s"()\\]/.test(text) || text.startsWith('-') || ['AND', 'OR', 'NOT'].includes(text)
    // A bare word with a colon could read as field:value.
    || (!fieldOk && text.includes(':') && !/^arn:/i.test(text));
  const written = needsQuotes ? '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"' : text;
  return fieldOk ? fieldPath.join('.') + ':' + written : written;
}

/** The query with `term` added (AND), or with `-term` when excluding; a term already there is not added twice. */
export function addTerm(query, term, exclude = false) {
  const piece = exclude ? '-' + term : term;
  const current = query.trim();
  if (current === '') {
    return piece;
  }
  if (current.split(/\s+/).includes(piece)) {
    return current;
  }
  // An OR at the top level binds looser than the new AND: keep the user's meaning by grouping it.
  const hasTopLevelOr = /(^|\s)OR(\s|$)/.test(current) && !/^\(.*\)$/.test(current);
  return (hasTopLevelOr ? '(' + current + ')' : current) + ' ' + piece;
}

/** The codes of API errors about the query text itself, shown under the query rather than as a banner. */
const QUERY_ERROR_CODES = new Set(['QUERY_SYNTAX', 'EMPTY_QUERY']);

/** Whether an API error body (`{message, code, column?}`) is about the query the user typed. */
export function isQueryError(body) {
  return body !== null && typeof body === 'object' && QUERY_ERROR_CODES.has(body.code);
}

/** The 1-based column of the query an API error body gives in its `column` field, or null. */
export function errorColumn(body) {
  const column = body !== null && typeof body === 'object' ? body.column : undefined;
  return Number.isInteger(column) && column >= 1 ? column : null;
}

/**
 * A one-line summary of a hit as segments: strings are plain text, `{path, value}` are values one can pivot on.
 * CloudTrail: `eventName by userIdentity.arn from sourceIPAddress`; VPC flow: `srcaddr:srcport → dstaddr:dstport
 * action`; a text record: its text; anything else: its first few top-level values.
 */
export function summarize(log) {
  if (log === null || typeof log !== 'object') {
    const text = String(log);
    return [{ path: null, value: text.length > 300 ? text.slice(0, 300) + '…' : text }];
  }
  if (typeof log.eventName === 'string' && (log.eventSource !== undefined || log.userIdentity !== undefined)) {
    const who = pick(log, [['userIdentity', 'arn'], ['userIdentity', 'principalId'], ['userIdentity', 'invokedBy'], ['userIdentity', 'type']]);
    const segments = [{ path: ['eventName'], value: log.eventName }];
    if (who) {
      segments.push(' by ', who);
    }
    if (log.sourceIPAddress !== undefined && log.sourceIPAddress !== null) {
      segments.push(' from ', { path: ['sourceIPAddress'], value: log.sourceIPAddress });
    }
    if (log.errorCode) {
      segments.push(' ', { path: ['errorCode'], value: log.errorCode });
    }
    return segments;
  }
  if (log.srcaddr !== undefined && log.dstaddr !== undefined) {
    const segments = [
      value(log, 'srcaddr'), ':', value(log, 'srcport'), ' → ', value(log, 'dstaddr'), ':', value(log, 'dstport'),
    ];
    if (log.action !== undefined) {
      segments.push(' ', value(log, 'action'));
    }
    return segments;
  }
  const segments = [];
  for (const [key, field] of Object.entries(log)) {
    if (field === null || typeof field === 'object') {
      continue;
    }
    if (segments.length > 0) {
      segments.push('  ');
    }
    segments.push(key + '=', { path: [key], value: truncate(field) });
    if (segments.length >= 8) {
      break;
    }
  }
  return segments.length > 0 ? segments : [JSON.stringify(log).slice(0, 200)];
}

function truncate(field) {
  const text = String(field);
  return text.length > 120 ? text.slice(0, 120) + '…' : field;
}

function value(log, key) {
  const field = log[key];
  return field === undefined || field === null ? '-' : { path: [key], value: field };
}

function pick(log, paths) {
  for (const path of paths) {
    let node = log;
    for (const key of path) {
      node = node && typeof node === 'object' ? node[key] : undefined;
    }
    if (node !== undefined && node !== null && typeof node !== 'object') {
      return { path, value: node };
    }
  }
  return null;
}

/** Summary segments as plain text (for exports and titles). */
export function summaryText(segments) {
  return segments.map((s) => (typeof s === 'string' ? s : String(s.value))).join('');
}

/** One hit per line as the API returns it: `{"tag","timestamp","log"}`, like `minerva search --output json`. */
export function toJsonLines(hits) {
  return hits.map((hit) => JSON.stringify({ tag: hit.tag, timestamp: hit.timestamp, log: hit.log })).join('\n') + (hits.length ? '\n' : '');
}

/** RFC 4180 CSV: time (UTC), epoch seconds, tag, summary, and the record as JSON. */
export function toCsv(hits) {
  const rows = [['time_utc', 'timestamp', 'tag', 'summary', 'log']];
  for (const hit of hits) {
    rows.push([formatTime(hit.timestamp), String(hit.timestamp), hit.tag, summaryText(summarize(hit.log)),
      typeof hit.log === 'string' ? hit.log : JSON.stringify(hit.log)]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(text) {
  let value = String(text);
  // A cell starting with = + - @ is a formula to spreadsheet programs; log content is attacker-controlled.
  if (/^[=+\-@\t\r]/.test(value)) {
    value = "'" + value;
  }
  return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

/** Sums per tag of the timeseries: the hit count of each tag over the whole range. */
export function tagTotals(timeseries) {
  const totals = {};
  for (const [tag, counts] of Object.entries(timeseries || {})) {
    totals[tag] = counts.reduce((a, b) => a + b, 0);
  }
  return totals;
}
