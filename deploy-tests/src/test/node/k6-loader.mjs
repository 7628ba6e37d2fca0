// Module resolution hook: 'k6', 'k6/http' and 'k6/metrics' become the recording stubs.
const STUBS = {
  k6: 'k6.mjs',
  'k6/http': 'http.mjs',
  'k6/metrics': 'metrics.mjs',
};

export async function resolve(specifier, context, nextResolve) {
  if (Object.hasOwn(STUBS, specifier)) {
    return { url: new URL(`./stubs/${STUBS[specifier]}`, import.meta.url).href, shortCircuit: true };
  }
  if (specifier === 'k6' || specifier.startsWith('k6/') || specifier.startsWith('https://')) {
    throw new Error(`the k6 harness has no stub for '${specifier}': add one, or do not import it`);
  }
  return nextResolve(specifier, context);
}
