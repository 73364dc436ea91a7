// The UI's pure functions (web/model.js), run by Node's test runner straight from the JAR's sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addTerm, athenaCost, decodeHash, encodeHash, errorColumn, formatDollars, isQueryError, parseUtc, pivotTerm, resolveRange, summarize,
  summaryText, toCsv, toJsonLines,
} from '../../main/resources/web/model.js';

test('a pivot on a nested value is its dotted field path and the value', () => {
  assert.equal(pivotTerm(['userIdentity', 'arn'], 'arn:aws:iam::123456789012:user/alice'),
    'userIdentity.arn:arn:aws:iam::123456789012:user/alice');
  assert.equal(pivotTerm(['resources', 0, 'ARN'], 'arn:aws:s3:::bucket'), 'resources.0.ARN:arn:aws:s3:::bucket');
  assert.equal(pivotTerm(['dstport'], 443), 'dstport:443');
});

test('values the query language would misread are quoted and escaped', () => {
  assert.equal(pivotTerm(['userAgent'], 'aws-cli/1.0 Python/3'), 'userAgent:"aws-cli/1.0 Python/3"');
  assert.equal(pivotTerm(['x'], 'say "hi" \\ (now)'), 'x:"say \\"hi\\" \\\\ (now)"');
  assert.equal(pivotTerm(['n'], '-5'), 'n:"-5"');
  assert.equal(pivotTerm(['k'], 'OR'), 'k:"OR"');
});

test('a word of a plain-text record is a plain term; one with a colon is quoted so it is no field', () => {
  assert.equal(pivotTerm(null, 'sshd'), 'sshd');
  assert.equal(pivotTerm(null, 'user:root'), '"user:root"');
  assert.equal(pivotTerm(null, 'arn:aws:iam::1:user/a'), 'arn:aws:iam::1:user/a');
  assert.equal(pivotTerm(['a b'], 'v'), 'v', 'a key the query language cannot name falls back to the term');
  assert.equal(pivotTerm(['k'], null), null);
  assert.equal(pivotTerm(['k'], '  '), null);
});

test('terms are added with AND, excluded with -, not repeated, and an OR query keeps its meaning', () => {
  assert.equal(addTerm('', 'a:1'), 'a:1');
  assert.equal(addTerm('192.0.2.1', 'a:1'), '192.0.2.1 a:1');
  assert.equal(addTerm('192.0.2.1 a:1', 'a:1'), '192.0.2.1 a:1');
  assert.equal(addTerm('x', 'a:1', true), 'x -a:1');
  assert.equal(addTerm('x OR y', 'a:1'), '(x OR y) a:1');
});

test('a query error and its column are read from the error body\'s fields, not its message', () => {
  const syntax = { message: "Query syntax error at column 7: expected ')' to close the '(' at column 1", code: 'QUERY_SYNTAX', kind: 'USER_INPUT', column: 7 };
  assert.equal(isQueryError(syntax), true);
  assert.equal(errorColumn(syntax), 7);
  assert.equal(isQueryError({ message: 'query is empty', code: 'EMPTY_QUERY', kind: 'USER_INPUT' }), true);
  assert.equal(errorColumn({ message: 'query is empty', code: 'EMPTY_QUERY' }), null);
  // The words alone decide nothing: a message that mentions a column but has no field is no column.
  assert.equal(errorColumn({ message: 'Query syntax error at column 7', code: 'QUERY_SYNTAX' }), null);
  assert.equal(isQueryError({ message: 'the query column is wrong', code: 'INVALID_REQUEST' }), false);
  assert.equal(isQueryError({ message: 'Athena is down' }), false);
  assert.equal(errorColumn({ column: 0 }), null);
  assert.equal(errorColumn({ column: '7' }), null);
  assert.equal(errorColumn(null), null);
});

test('ranges: presets end now, absolute times are UTC, mistakes say what was wrong', () => {
  const now = Date.UTC(2020, 9, 1, 6, 0, 0, 500);
  assert.deepEqual(resolveRange({ from: '1h', to: 'now' }, now),
    { start: Date.UTC(2020, 9, 1, 5, 0, 1), end: Date.UTC(2020, 9, 1, 6, 0, 1) });
  assert.deepEqual(resolveRange({ from: '2010-01-01', to: '2030-01-01T00:00:00Z' }, now),
    { start: Date.UTC(2010, 0, 1), end: Date.UTC(2030, 0, 1) });
  assert.equal(resolveRange({ from: 'all', to: 'now' }, now).start, Date.UTC(2006, 0, 1));
  assert.ok(Number.isNaN(parseUtc('2020-02-31')));
  assert.throws(() => resolveRange({ from: 'yesterday', to: 'now' }, now), /"From" is not a UTC time: "yesterday"/);
  assert.throws(() => resolveRange({ from: '2030-01-01', to: '2020-01-01' }, now), /must be before/);
});

test('the address round-trips the query and range', () => {
  const state = { query: 'userAgent:"a b" & c#d', from: '2010-01-01T00:00:00', to: 'now' };
  assert.deepEqual(decodeHash(encodeHash(state)), state);
  assert.equal(decodeHash('#from=1h'), null);
});

test('Athena cost: $5 per TB, rounded up to the MB, 10 MB minimum', () => {
  assert.equal(athenaCost(0).billedBytes, 10 * 2 ** 20);
  assert.ok(athenaCost(0).minimum);
  assert.equal(athenaCost(2 ** 40).dollars, 5);
  assert.equal(athenaCost(2 ** 40 + 1).billedBytes, 2 ** 40 + 2 ** 20);
  assert.equal(formatDollars(athenaCost(0).dollars), '$0.0000477');
  assert.equal(formatDollars(12.345), '$12.35');
});

test('summaries: CloudTrail who-did-what-from-where, VPC flow endpoints and action, else the first fields', () => {
  const trail = { eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', sourceIPAddress: '192.0.2.1',
    userIdentity: { arn: 'arn:aws:iam::1:user/alice' } };
  assert.equal(summaryText(summarize(trail)), 'ConsoleLogin by arn:aws:iam::1:user/alice from 192.0.2.1');
  const flow = { srcaddr: '10.0.0.1', srcport: 443, dstaddr: '192.0.2.1', dstport: 50000, action: 'ACCEPT' };
  assert.equal(summaryText(summarize(flow)), '10.0.0.1:443 → 192.0.2.1:50000 ACCEPT');
  assert.equal(summaryText(summarize({ host: 'web-1', level: 'info', nested: { a: 1 } })), 'host=web-1  level=info');
  assert.equal(summaryText(summarize('plain text line')), 'plain text line');
});

test('exports: one JSON object per line; CSV quoted, with formulas defused', () => {
  const hits = [{ tag: 't', timestamp: 1601510400, log: { message: 'a,"b"' } }, { tag: 't', timestamp: 1601510401, log: '=cmd|x' }];
  assert.equal(toJsonLines(hits), '{"tag":"t","timestamp":1601510400,"log":{"message":"a,\\"b\\""}}\n'
    + '{"tag":"t","timestamp":1601510401,"log":"=cmd|x"}\n');
  const csv = toCsv(hits).split('\r\n');
  assert.equal(csv[0], 'time_utc,timestamp,tag,summary,log');
  assert.equal(csv[1], '2020-10-01 00:00:00,1601510400,t,"message=a,""b""","{""message"":""a,\\""b\\""""}"');
  assert.equal(csv[2], "2020-10-01 00:00:01,1601510401,t,'=cmd|x,'=cmd|x");
});
