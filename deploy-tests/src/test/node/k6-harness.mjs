// Loads a k6 script under Node with k6's globals (open, __ENV, console) and recording stubs of its
// modules, runs its lifecycle functions against canned responses and prints what happened as JSON.
//
//   K6_ENV='{"LOADPROOF_PROFILE":"smoke"}' node --import ./register.mjs k6-harness.mjs /copy/of/stress-test.js
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const script = path.resolve(process.argv[2]);
const state = {
  requests: [],
  checks: [],
  sleeps: [],
  metrics: [],
  samples: [],
  logs: [],
  respond: () => response(200, '{}', 1),
};
// k6's console: what the script logs is recorded (standard output carries the report).
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...parts) => state.logs.push({ level, message: parts.map(String).join(' ') });
}
globalThis.__k6 = state;
globalThis.__ENV = JSON.parse(process.env.K6_ENV || '{}');
globalThis.open = (file) => readFileSync(path.resolve(path.dirname(script), file), 'utf8');

function response(status, body, duration) {
  return { status, body, error: status === 0 ? 'request timeout' : '', timings: { duration } };
}

function exercise(call, status, body, duration) {
  state.requests = [];
  state.checks = [];
  state.samples = [];
  state.logs = [];
  state.respond = () => response(status, body, duration);
  const seen = () => ({ requests: state.requests, checks: state.checks, samples: state.samples, logs: state.logs });
  try {
    const value = call();
    return { ok: true, value: value === undefined ? null : value, ...seen() };
  } catch (error) {
    return { ok: false, error: String(error && error.message), ...seen() };
  }
}

function print(value) {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

const report = {};
let k6;
try {
  k6 = await import(pathToFileURL(script).href);
} catch (error) {
  report.loadError = String(error && error.message);
  print(report);
  process.exit(0);
}

const success = '{"status":"success","reads":["a","b","c","d","e"],"writes":["1","2","3","4","5"],"timestamp":"2026-01-01T00:00:00Z"}';
report.exports = Object.keys(k6).sort();
report.options = k6.options;
report.metrics = state.metrics;
report.setupReady = exercise(() => k6.setup(), 200, '{"status":"ready"}', 3);
report.setupNotReady = exercise(() => k6.setup(), 503, '{"status":"not ready","reason":"redis"}', 3);
report.setupUnreachable = exercise(() => k6.setup(), 0, '', 10000);
report.iterationSuccess = exercise(() => k6.default(), 200, success, 42);
report.iterationJustUnderLimit = exercise(() => k6.default(), 200, success, 1999.9);
report.iterationAtLimit = exercise(() => k6.default(), 200, success, 2000);
report.iterationServerError = exercise(() => k6.default(), 503, '{"status":"error","message":"queue full"}', 5);
report.iterationNotSuccess = exercise(() => k6.default(), 200, '{"status":"error"}', 5);
report.iterationNotFound = exercise(() => k6.default(), 404, '{"status":"success"}', 5);
report.iterationNotJson = exercise(() => k6.default(), 200, '<html>bad gateway</html>', 5);
report.iterationTimeout = exercise(() => k6.default(), 0, null, 10000);
report.iterationLongBody = exercise(() => k6.default(), 502, `<html>${'bad gateway '.repeat(500)}</html>`, 7);
report.teardown = exercise(() => k6.teardown(), 200, '', 0);
report.sleeps = state.sleeps;
print(report);
