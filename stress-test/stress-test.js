/*
 * Load test of the platform for k6: the assessment's scenario and pass criteria. Stages, limits
 * and thresholds come from scenario.json beside this file (copy the two together), which the
 * lab's Gatling simulation reads as well, so both judge the same way. The stages run as k6's
 * default scenario, so the summary reads as the original script's does.
 *
 * Every virtual user requests GET ${BASE_URL}/api/data again as soon as the previous answer is in
 * (no think time: a closed loop, so throughput = VUs / latency). A request counts as an error
 * unless it answers 200, its JSON body says "status": "success", and it took under 2 s.
 *
 *   k6 run stress-test/stress-test.js                                    the judge: about 13 minutes
 *   k6 run --vus 100 --duration 30s stress-test/stress-test.js           quick: CLI flags replace the stages
 *   k6 run -e LOADPROOF_PROFILE=smoke stress-test/stress-test.js         a profile of scenario.json (full, lab, smoke)
 *   k6 run -e VERBOSE=true stress-test/stress-test.js                    log every failed request (status, duration, body)
 *   k6 run -e BASE_URL=http://localhost:8000 stress-test/stress-test.js  another target
 *   k6 run --summary-export k6-summary.json stress-test/stress-test.js   k6's summary, also as JSON
 *
 * BASE_URL defaults to http://assessment.local, the k3d ingress (setup.sh prints the /etc/hosts
 * line). The run starts only if ${BASE_URL}/readyz answers 200. At the end k6 prints its own
 * summary: checks, the four thresholds with their verdicts, and the custom metrics below.
 */
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';

/** scenario.json, read from beside this script; without it the script cannot know what to run. */
function readScenario() {
  let text;
  try {
    text = open('./scenario.json');
  } catch (missing) {
    throw new Error('stress-test.js reads its stages and thresholds from scenario.json in the same folder, '
      + `and cannot read it (${missing && missing.message}): copy stress-test/scenario.json beside the script`);
  }
  return JSON.parse(text);
}

const scenario = readScenario();

// LOADPROOF_PROFILE rather than PROFILE: a name that neither k6 nor a login shell sets.
const profileName = __ENV.LOADPROOF_PROFILE || scenario.defaultProfile;
const profile = scenario.profiles[profileName];
if (!profile) {
  throw new Error(`LOADPROOF_PROFILE=${profileName} is not a profile of scenario.json; `
    + `choose one of: ${Object.keys(scenario.profiles).join(', ')}`);
}

const BASE_URL = __ENV.BASE_URL || 'http://assessment.local';
const DATA_URL = `${BASE_URL}${scenario.endpoint}`;
const READY_URL = `${BASE_URL}${scenario.readinessPath}`;
const VERBOSE = __ENV.VERBOSE === 'true';
const BODY_PREVIEW = 200;
// k6 gives the default scenario (stages in the options) a gracefulStop of 30 s and no way to set it.
const K6_DEFAULT_GRACEFUL_STOP_SECONDS = 30;
if (scenario.gracefulStopSeconds !== K6_DEFAULT_GRACEFUL_STOP_SECONDS) {
  throw new Error(`scenario.json asks for gracefulStopSeconds ${scenario.gracefulStopSeconds}; k6's default scenario, `
    + `which this script runs, stops gracefully after ${K6_DEFAULT_GRACEFUL_STOP_SECONDS} s`);
}
const limits = scenario.thresholds;
const slowName = `response time < ${scenario.maxCheckDurationMs / 1000}s`;

const errorRate = new Rate('error_rate');
const responseTime = new Trend('response_time_ms', true);
const successfulRequests = new Counter('successful_requests');
const failedRequests = new Counter('failed_requests');

const params = {
  headers: { Accept: 'application/json' },
  timeout: `${scenario.requestTimeoutSeconds}s`,
};

export const options = {
  stages: profile.stages,
  thresholds: {
    http_req_duration: [`p(95)<${limits.p95Ms}`, `p(99)<${limits.p99Ms}`],
    http_req_failed: [`rate<${limits.httpReqFailedRate}`],
    error_rate: [`rate<${limits.errorRate}`],
  },
  // k6's standard summary, with p(99) beside p(95) since a threshold is set on it.
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
};

/** Seconds of a k6 duration such as 1m, 30s, 1m30s or 1h. */
function seconds(duration) {
  const units = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const part = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  for (let match = part.exec(duration); match !== null; match = part.exec(duration)) {
    total += Number(match[1]) * units[match[2]];
  }
  return total;
}

function clock(totalSeconds) {
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = Math.round(totalSeconds % 60);
  if (h > 0) {
    return `${h}h${m}m${s}s`;
  }
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}

function banner() {
  const peak = Math.max(...profile.stages.map((stage) => stage.target));
  const length = profile.stages.reduce((sum, stage) => sum + seconds(stage.duration), 0);
  return [
    `target    GET ${DATA_URL} (timeout ${params.timeout}, no think time)`,
    `profile   ${profileName}: peak ${peak} VUs, ${clock(length)} in ${profile.stages.length} stages`
      + ' (--vus/--duration on the command line replace them)',
    `pass if   p(95) < ${limits.p95Ms} ms, p(99) < ${limits.p99Ms} ms, `
      + `http_req_failed < ${limits.httpReqFailedRate * 100}%, error_rate < ${limits.errorRate * 100}%`,
    VERBOSE ? 'VERBOSE=true: every failed request is logged' : 'VERBOSE=true logs every failed request',
  ].join('\n');
}

/** True when the body is JSON whose "status" is "success". */
function succeeded(res) {
  try {
    return JSON.parse(res.body).status === 'success';
  } catch (notJson) {
    return false;
  }
}

/** One line per failed request: status, duration, then the start of the body. */
function describeFailure(res) {
  const body = res.body === null || res.body === undefined ? '' : String(res.body).replace(/\s+/g, ' ');
  const preview = body.length > BODY_PREVIEW ? `${body.slice(0, BODY_PREVIEW)}...` : body;
  const status = res.status === 0 ? `0 (no answer: ${res.error || 'connection failed'})` : String(res.status);
  return `request failed: status=${status} duration=${Math.round(res.timings.duration)}ms body=${preview || '(empty)'}`;
}

export function setup() {
  console.log(banner());
  // One request with k6's own timeout (60 s), as the original script asks: a platform still
  // starting has that long to answer.
  const res = http.get(READY_URL);
  if (res.status !== 200) {
    throw new Error(`${READY_URL} answered ${res.status || res.error}, not 200: the platform is not ready. `
      + 'Is it running (./setup.sh), and does /etc/hosts have "127.0.0.1 assessment.local"?');
  }
  console.log(`ready     ${READY_URL} answered 200: starting the load`);
}

export default function () {
  const res = http.get(DATA_URL, params);
  responseTime.add(res.timings.duration);

  const ok = check(res, {
    'status is 200': (r) => r.status === 200,
    'response has status field': succeeded,
    [slowName]: (r) => r.timings.duration < scenario.maxCheckDurationMs,
  });

  errorRate.add(!ok);
  if (ok) {
    successfulRequests.add(1);
  } else {
    failedRequests.add(1);
    if (VERBOSE) {
      console.error(describeFailure(res));
    }
  }
}

export function teardown() {
  const k = 'kubectl --context k3d-assessment -n assessment';
  console.log([
    'Run over; k6 prints its summary next. Where to look:',
    `  ${k} top pods                (CPU and memory of each pod)`,
    `  ${k} get hpa api-service     (how far the API scaled)`,
    `  ${k} logs -l app=api-service --prefix --tail=50`,
    `  ${k} logs -l app=writer-service --prefix --tail=50`,
    `  ${k} logs deploy/mongo --tail=50     (MongoDB: slow operations, restarts)`,
    `  curl -s ${BASE_URL}/api/queue     (the backlog the writers are still draining)`,
  ].join('\n'));
}
