// The UrlFetchApp adapter: options it sends, header names, and never throwing.

import { appsScriptHttp, fetchRequest, lowerCaseHeaders } from '../../src/adapters/http';
import { fakeGlobals, fetchResponse, removeFakeGlobals } from './globals';

afterEach(removeFakeGlobals);

/** A UrlFetchApp that answers by URL and counts calls; a URL mapped to an Error fails at the network. */
function fakeUrlFetch(answers: Record<string, object | Error>) {
  const calls = { fetch: [] as Array<{ url: string; options: Record<string, unknown> }>, fetchAll: 0 };
  const answer = (url: string): object => {
    const a = answers[url];
    if (a === undefined) throw new Error(`unexpected url ${url}`);
    if (a instanceof Error) throw a;
    return a;
  };
  const app = {
    fetch(url: string, options: Record<string, unknown>) {
      calls.fetch.push({ url, options });
      return answer(url);
    },
    fetchAll(requests: Array<{ url: string }>) {
      calls.fetchAll += 1;
      // Like Apps Script: one request without an HTTP answer throws the whole call.
      return requests.map((r) => answer(r.url));
    },
  };
  fakeGlobals({ UrlFetchApp: app });
  return calls;
}

describe('fetchRequest', () => {
  it('always mutes HTTP exceptions, so a 4xx is an answer', () => {
    expect(fetchRequest({ url: 'https://x.test', method: 'post' }).muteHttpExceptions).toBe(true);
  });

  it('never follows a redirect, so the Authorization header stays with the host it was meant for', () => {
    expect(
      fetchRequest({ url: 'https://x.test', headers: { Authorization: 'SSWS t' } }).followRedirects,
    ).toBe(false);
  });

  it('leaves out options the caller did not give', () => {
    expect(Object.keys(fetchRequest({ url: 'https://x.test' }))).not.toContain('payload');
  });
});

describe('lowerCaseHeaders', () => {
  it('lower-cases header names', () => {
    expect(lowerCaseHeaders({ 'X-Rate-Limit-Remaining': '7' })).toEqual({ 'x-rate-limit-remaining': '7' });
  });

  it('joins a repeated header given as an array with ", "', () => {
    const link = ['<https://o.test/a>; rel="self"', '<https://o.test/b>; rel="next"'];
    expect(lowerCaseHeaders({ Link: link }).link).toBe(link.join(', '));
  });
});

describe('appsScriptHttp', () => {
  it('answers with status, lower-cased headers and body', () => {
    fakeUrlFetch({
      'https://o.test/u': fetchResponse(404, { 'Content-Type': 'application/json' }, '{"e":1}'),
    });
    expect(appsScriptHttp().fetch({ url: 'https://o.test/u' })).toEqual({
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"e":1}',
    });
  });

  it('turns a network exception into status 0 with the reason, instead of throwing', () => {
    fakeUrlFetch({ 'https://down.test/': new Error('DNS error: down.test') });
    const response = appsScriptHttp().fetch({ url: 'https://down.test/' });
    expect(response).toMatchObject({ status: 0, networkError: 'DNS error: down.test' });
  });

  it('sends a batch with one fetchAll when every request gets an answer', () => {
    const calls = fakeUrlFetch({
      'https://o.test/a': fetchResponse(200),
      'https://o.test/b': fetchResponse(204),
    });
    const statuses = appsScriptHttp()
      .fetchAll([{ url: 'https://o.test/a' }, { url: 'https://o.test/b' }])
      .map((r) => r.status);
    expect({ statuses, fetchAll: calls.fetchAll, fetch: calls.fetch.length }).toEqual({
      statuses: [200, 204],
      fetchAll: 1,
      fetch: 0,
    });
  });

  it('falls back to one by one when fetchAll throws, so each request keeps its own answer', () => {
    fakeUrlFetch({
      'https://o.test/a': fetchResponse(200),
      'https://down.test/': new Error('Address unavailable'),
      'https://o.test/c': fetchResponse(429),
    });
    const responses = appsScriptHttp().fetchAll([
      { url: 'https://o.test/a' },
      { url: 'https://down.test/' },
      { url: 'https://o.test/c' },
    ]);
    expect(responses.map((r) => [r.status, r.networkError])).toEqual([
      [200, undefined],
      [0, 'Address unavailable'],
      [429, undefined],
    ]);
  });

  it('mutes HTTP exceptions on the one-by-one fallback too', () => {
    const calls = fakeUrlFetch({ 'https://down.test/': new Error('DNS error') });
    appsScriptHttp().fetchAll([{ url: 'https://down.test/', method: 'delete' }]);
    expect(calls.fetch[0]?.options).toMatchObject({ method: 'delete', muteHttpExceptions: true });
  });
});
