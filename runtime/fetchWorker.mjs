// The worker thread behind UrlFetchApp: synckit blocks the main thread while this does the real,
// asynchronous HTTP. Plain JavaScript so it loads the same under tsx, Jest and plain Node.
// Raw headers are kept so UrlFetchApp can give names as the server sent them and repeats as arrays.

import http from 'node:http';
import https from 'node:https';
import { runAsWorker } from 'synckit';

const MAX_REDIRECTS = 10;

/** One request, no redirects: resolves to {status, rawHeaders, bodyBase64} or rejects with the socket error. */
function once(request) {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const transport = url.protocol === 'https:' ? https : http;
    const body =
      request.payloadBase64 === undefined ? undefined : Buffer.from(request.payloadBase64, 'base64');
    const headers = { ...request.headers };
    if (body !== undefined) headers['Content-Length'] = String(body.length);
    const req = transport.request(
      url,
      { method: request.method, headers, timeout: request.timeoutMs },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            rawHeaders: res.rawHeaders,
            bodyBase64: Buffer.concat(chunks).toString('base64'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function fetchOne(request) {
  let current = request;
  try {
    for (let hop = 0; ; hop++) {
      const response = await once(current);
      const location = locationOf(response.rawHeaders);
      const redirect = response.status >= 300 && response.status < 400 && location !== null;
      if (!redirect || !request.followRedirects || hop >= MAX_REDIRECTS) return { ok: true, ...response };
      const toGet =
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && current.method !== 'GET');
      current = {
        ...current,
        url: new URL(location, current.url).toString(),
        method: toGet ? 'GET' : current.method,
        payloadBase64: toGet ? undefined : current.payloadBase64,
      };
    }
  } catch (e) {
    return {
      ok: false,
      code: e && e.code ? String(e.code) : 'ERROR',
      message: e && e.message ? String(e.message) : String(e),
      url: current.url,
    };
  }
}

function locationOf(rawHeaders) {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'location') return rawHeaders[i + 1];
  }
  return null;
}

runAsWorker(async (requests) => Promise.all(requests.map(fetchOne)));
