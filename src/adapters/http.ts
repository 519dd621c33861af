// HttpClient over UrlFetchApp: never throws, lower-cases header names, survives a fetchAll that dies whole.

import type { HttpClient, HttpRequest, HttpResponse } from '../ports';

type FetchResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;
type FetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;

/** UrlFetchApp's options for one request. muteHttpExceptions so a 4xx/5xx is an answer, not a throw. */
export function fetchRequest(request: HttpRequest): FetchRequest {
  const options: FetchRequest = {
    url: request.url,
    method: request.method ?? 'get',
    muteHttpExceptions: true,
    // Okta, Slack's Web API and response_urls answer directly; a redirect would carry the Authorization
    // header (an Okta admin token) to wherever it points, so none is followed.
    followRedirects: false,
  };
  // Only set what the caller gave: UrlFetchApp rejects some options when they are present but undefined.
  if (request.headers !== undefined) options.headers = request.headers;
  if (request.payload !== undefined) options.payload = request.payload;
  if (request.contentType !== undefined) options.contentType = request.contentType;
  return options;
}

/** getAllHeaders() keeps the server's casing and gives repeated headers as arrays. */
export function lowerCaseHeaders(all: object): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(all as Record<string, unknown>)) {
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    headers[key] = key in headers ? `${headers[key]}, ${text}` : text;
  }
  return headers;
}

function toResponse(response: FetchResponse): HttpResponse {
  return {
    status: response.getResponseCode(),
    headers: lowerCaseHeaders(response.getAllHeaders()),
    body: response.getContentText(),
  };
}

function networkFailure(e: unknown): HttpResponse {
  return { status: 0, headers: {}, body: '', networkError: e instanceof Error ? e.message : String(e) };
}

export function appsScriptHttp(): HttpClient {
  const fetch = (request: HttpRequest): HttpResponse => {
    try {
      const { url, ...options } = fetchRequest(request);
      return toResponse(UrlFetchApp.fetch(url, options));
    } catch (e) {
      return networkFailure(e);
    }
  };

  return {
    fetch,
    fetchAll(requests: HttpRequest[]): HttpResponse[] {
      if (requests.length === 0) return [];
      let responses: FetchResponse[];
      try {
        responses = UrlFetchApp.fetchAll(requests.map(fetchRequest));
      } catch {
        // One request that never gets an HTTP answer (DNS, TLS) throws the whole fetchAll, losing the
        // others' answers: ask one by one so each request gets its own.
        return requests.map(fetch);
      }
      return responses.map((response) => {
        try {
          return toResponse(response);
        } catch (e) {
          return networkFailure(e);
        }
      });
    },
  };
}
