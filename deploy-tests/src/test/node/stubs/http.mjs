// The k6/http module: records each request and answers with the harness's current response.
function request(method, url, body, params) {
  globalThis.__k6.requests.push({ method, url, params: params || null });
  return globalThis.__k6.respond(method, url, params);
}

export function get(url, params) {
  return request('GET', url, null, params);
}

export function post(url, body, params) {
  return request('POST', url, body, params);
}

export default { get, post, request };
