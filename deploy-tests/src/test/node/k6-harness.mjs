// Loads a k6 script under Node with k6's globals (open, __ENV) and recording stubs of its modules,
// runs its lifecycle functions against canned responses and prints what happened as JSON.
//
//   K6_ENV='{"PROFILE":"smoke"}' node --import ./register.mjs k6-harness.mjs /copy/of/stress-test.js
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
  respond: () => response(200, '{}', 1),
};
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
  state.respond = () => response(status, body, duration);
  try {
    const value = call();
    return { ok: true, value: value === undefined ? null : value, requests: state.requests, checks: state.checks, samples: state.samples };
  } catch (error) {
    return { ok: false, error: String(error && error.message), requests: state.requests, checks: state.checks, samples: state.samples };
  }
}

const report = {};
let k6;
try {
  k6 = await import(pathToFileURL(script).href);
} catch (error) {
  report.loadError = String(error && error.message);
  console.log(JSON.stringify(report));
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

const summaryData = {
  metrics: {
    http_reqs: { values: { count: 1000, rate: 500 } },
    http_req_duration: {
      values: { avg: 12.5, 'p(95)': 30, 'p(99)': 45, max: 80 },
      thresholds: { 'p(95)<2000': { ok: true }, 'p(99)<5000': { ok: true } },
    },
    http_req_failed: { values: { rate: 0 }, thresholds: { 'rate<0.01': { ok: true } } },
    error_rate: { values: { rate: 0.02 }, thresholds: { 'rate<0.01': { ok: false } } },
    successful_requests: { values: { count: 980 } },
    failed_requests: { values: { count: 20 } },
  },
};
report.summaryData = summaryData;
report.summary = exercise(() => k6.handleSummary(summaryData), 200, '', 0);
report.sleeps = state.sleeps;
console.log(JSON.stringify(report));
