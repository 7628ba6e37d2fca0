/*
 * The assessment's k6 stress test: the original scenario, with its numbers read from
 * scenario.json (the one file the Gatling simulation of the local lab reads too, so the two
 * never drift).
 *
 * Each VU loops on GET ${BASE_URL}/api/data with no think time (a closed loop: throughput is
 * VUs / latency). An iteration is an error when the status is not 200, the body's status is not
 * "success", or it took 2 s or more.
 *
 *   k6 run stress-test/stress-test.js                          full profile, about 13 minutes (the judge)
 *   k6 run -e PROFILE=smoke stress-test/stress-test.js         100 VUs for 30 s (profiles: full, lab, smoke)
 *   k6 run --vus 100 --duration 30s stress-test/stress-test.js quick mode: the CLI flags replace the stages
 *   k6 run -e BASE_URL=http://localhost:8000 stress-test/stress-test.js
 *
 * BASE_URL defaults to http://assessment.local (the k3d ingress; setup.sh prints the /etc/hosts
 * line). The end-of-test summary is printed and written as JSON to SUMMARY_PATH (default
 * k6-summary.json in the working directory).
 */
import http from 'k6/http';
import { check } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';

const scenario = JSON.parse(open('./scenario.json'));
const profileName = __ENV.PROFILE || scenario.defaultProfile;
const profile = scenario.profiles[profileName];
if (!profile) {
  throw new Error(`unknown PROFILE '${profileName}': scenario.json has ${Object.keys(scenario.profiles).join(', ')}`);
}

const BASE_URL = __ENV.BASE_URL || 'http://assessment.local';
const limits = scenario.thresholds;

export const errorRate = new Rate('error_rate');
export const responseTime = new Trend('response_time_ms', true);
export const successfulRequests = new Counter('successful_requests');
export const failedRequests = new Counter('failed_requests');

const params = {
  headers: { Accept: 'application/json' },
  timeout: `${scenario.requestTimeoutSeconds}s`,
};

export const options = {
  scenarios: {
    stress: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: profile.stages,
      gracefulStop: `${scenario.gracefulStopSeconds}s`,
    },
  },
  thresholds: {
    http_req_duration: [`p(95)<${limits.p95Ms}`, `p(99)<${limits.p99Ms}`],
    http_req_failed: [`rate<${limits.httpReqFailedRate}`],
    error_rate: [`rate<${limits.errorRate}`],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
};

export function setup() {
  const url = `${BASE_URL}${scenario.readinessPath}`;
  const res = http.get(url, params);
  if (res.status !== 200) {
    throw new Error(`${url} answered ${res.status || res.error}: the platform is not ready `
      + '(is it running, and does /etc/hosts have "127.0.0.1 assessment.local"?)');
  }
  return { profile: profileName, baseUrl: BASE_URL };
}

export default function () {
  const res = http.get(`${BASE_URL}${scenario.endpoint}`, params);
  responseTime.add(res.timings.duration);

  const ok = check(res, {
    'status is 200': (r) => r.status === 200,
    'status is success': (r) => {
      try {
        return JSON.parse(r.body).status === 'success';
      } catch (e) {
        return false;
      }
    },
    [`response time < ${scenario.maxCheckDurationMs}ms`]: (r) => r.timings.duration < scenario.maxCheckDurationMs,
  });

  errorRate.add(!ok);
  if (ok) {
    successfulRequests.add(1);
  } else {
    failedRequests.add(1);
  }
}

export function handleSummary(data) {
  const path = __ENV.SUMMARY_PATH || 'k6-summary.json';
  return {
    stdout: textSummary(data, path),
    [path]: JSON.stringify(data, null, 2),
  };
}

function textSummary(data, path) {
  const metric = (name) => (data.metrics[name] && data.metrics[name].values) || {};
  const ms = (value) => (value === undefined ? '-' : `${value.toFixed(1)} ms`);
  const pct = (value) => (value === undefined ? '-' : `${(value * 100).toFixed(2)} %`);
  const duration = metric('http_req_duration');
  const requests = metric('http_reqs');
  const lines = [
    '',
    `profile ${profileName}, ${BASE_URL}${scenario.endpoint}`,
    `requests        ${requests.count || 0} (${(requests.rate || 0).toFixed(1)}/s), `
      + `successful ${metric('successful_requests').count || 0}, failed ${metric('failed_requests').count || 0}`,
    `latency         avg ${ms(duration.avg)}, p95 ${ms(duration['p(95)'])}, p99 ${ms(duration['p(99)'])}, `
      + `max ${ms(duration.max)}`,
    `http_req_failed ${pct(metric('http_req_failed').rate)}, error_rate ${pct(metric('error_rate').rate)}`,
    'thresholds:',
  ];
  let passed = true;
  for (const name of Object.keys(options.thresholds)) {
    const results = (data.metrics[name] && data.metrics[name].thresholds) || {};
    for (const expression of Object.keys(results)) {
      const ok = results[expression].ok;
      passed = passed && ok;
      lines.push(`  ${ok ? 'PASS' : 'FAIL'}  ${name} ${expression}`);
    }
  }
  lines.push(passed ? 'all thresholds passed' : 'THRESHOLDS FAILED', `summary written to ${path}`, '');
  return lines.join('\n');
}
