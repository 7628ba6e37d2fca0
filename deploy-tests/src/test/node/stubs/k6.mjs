// The k6 module: check() evaluates every named check, as k6 does, and records the outcome.
export function check(value, checks) {
  const results = {};
  let ok = true;
  for (const [name, predicate] of Object.entries(checks)) {
    const passed = Boolean(predicate(value));
    results[name] = passed;
    ok = ok && passed;
  }
  globalThis.__k6.checks.push(results);
  return ok;
}

export function sleep(seconds) {
  globalThis.__k6.sleeps.push(seconds);
}

export function group(name, body) {
  return body();
}

export default { check, sleep, group };
