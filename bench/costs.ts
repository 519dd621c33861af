// What each outside call is assumed to cost inside Apps Script, with where each figure comes from. These are
// estimates for a model, not measurements of Offboard: the benchmark multiplies them by counted calls.

export interface Cost {
  /** The figure the model uses, in ms. */
  ms: number;
  /** The range seen or expected, in ms. */
  low: number;
  high: number;
  /** Where the figure comes from, or why it was chosen when nothing better was found. */
  source: string;
}

const BEST_PRACTICES =
  'Google, "Best practices: Minimize calls to other services" and "Use batch operations" (developers.google.com/apps-script/guides/support/best-practices)';
const PERALTA =
  'L. Peralta, "Google Apps Script APIs performance", 100 runs (ziritione.org/post/apps_script_performance)';
const POEHNELT =
  'J. Poehnelt, "CacheService vs. PropertiesService vs. Firestore benchmarks" (justin.poehnelt.com/posts/apps-script-key-value-stores)';

/** The kinds of call the model prices. Keys of services.calls keep their own names. */
export const COSTS = {
  'sheet.getValues': {
    ms: 150,
    low: 50,
    high: 800,
    source: `${BEST_PRACTICES}: every Sheets call is a round trip to Google's servers. Poehnelt measured ~800 ms for a SpreadsheetApp write+read pair; a 2013 experiment (ruby-bash.developreference.com, "ScriptDb or SpreadsheetApp") saw one 4,000-cell setValues under 50 ms. 150 ms for a small table read is a middle figure.`,
  },
  'sheet.setValues': {
    ms: 200,
    low: 50,
    high: 800,
    source: `${BEST_PRACTICES}; Google's "Optimizing Spreadsheet Operations" (googleappsscript.blogspot.com, 2010): a read after a write must first commit the write cache, so interleaved writes cost more than reads. Same practitioners as getValues.`,
  },
  'sheet.appendRow': {
    ms: 200,
    low: 50,
    high: 800,
    source: 'As setValues: one row written, then committed before the next read.',
  },
  'sheet.batchGet': {
    ms: 200,
    low: 100,
    high: 800,
    source: `Sheets advanced service Spreadsheets.Values.batchGet of several whole tabs: one request to the Sheets API (developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/batchGet). T. Tanaike, "Best Practices for Discontinuous Cells on Google Spreadsheet by Google Apps Script" (tanaikech.github.io, 2023): several ranges through the Sheets API cost about one call, far less than one getValues per range. Priced as a setValues (200 ms: one round trip, a little dearer than a getValues), not measured for Offboard.`,
  },
  'sheet.other': {
    ms: 30,
    low: 0,
    high: 150,
    source:
      'getSheetByName, getLastRow, getLastColumn, getRange and the like: Google batches and look-ahead-caches these, so many are nearly free and some are round trips. Estimate; no public measurement found.',
  },
  'http.okta': {
    ms: 250,
    low: 150,
    high: 400,
    source:
      "Estimate for one Okta Management API call from Google's data centres (TLS to *.okta.com, a small JSON answer). PLATFORM.md: UrlFetch has no per-request timeout, so a slow Okta can take far longer (see the slow-Okta row).",
  },
  'http.slack': {
    ms: 200,
    low: 100,
    high: 400,
    source:
      'Estimate for one Slack Web API call or response_url post from Apps Script (slack.com is behind a global CDN).',
  },
  'http.fetchAll': {
    ms: 0,
    low: 0,
    high: 100,
    source:
      'fetchAll costs the slowest of its requests, not their sum: tanaikech, "Benchmark: fetchAll method in UrlFetch service" (tanaikech.github.io, 2018) found the requests run asynchronously; pre-practice.net (2020) measured 3 fetches at 1.77 s vs one fetchAll of 3 at 0.93 s. This row is the extra per fetchAll above the slowest request (modelled as 0).',
  },
  'cache.get': {
    ms: 10,
    low: 3,
    high: 50,
    source: `${PERALTA}: script cache get min 3 / avg 3 / max 7 ms; ${POEHNELT}: ~63 ms for a put+get pair. 10 ms is cautious.`,
  },
  'cache.put': {
    ms: 90,
    low: 60,
    high: 280,
    source: `${PERALTA}: script cache put min 73 / avg 93 / max 281 ms.`,
  },
  'cache.remove': {
    ms: 90,
    low: 60,
    high: 280,
    source: 'Assumed like put (a write to the cache service).',
  },
  'properties.all': {
    ms: 30,
    low: 20,
    high: 90,
    source: `${PERALTA}: script properties get min 20 / avg 30 / max 84 ms. getProperties() is one call like getProperty().`,
  },
  'properties.get': {
    ms: 30,
    low: 20,
    high: 90,
    source: `${PERALTA}: getProperty avg 30 ms.`,
  },
  'properties.set': {
    ms: 60,
    low: 40,
    high: 230,
    source: `${PERALTA}: setProperty min 43 / avg 62 / max 231 ms.`,
  },
  'properties.delete': {
    ms: 60,
    low: 40,
    high: 230,
    source: 'Assumed like setProperty.',
  },
  'lock.tryLock': {
    ms: 30,
    low: 10,
    high: 100,
    source:
      'Estimate for an uncontended script lock (no public measurement found; B. McPherson, ramblings.mcpher.com, reports lock-protected cache writes under 10 ms). A contended lock waits for its holder.',
  },
  'lock.release': {
    ms: 15,
    low: 5,
    high: 50,
    source: 'Estimate: half a tryLock.',
  },
  'triggers.list': {
    ms: 100,
    low: 50,
    high: 300,
    source: 'Estimate for ScriptApp.getProjectTriggers(); no public measurement found.',
  },
  'triggers.create': {
    ms: 300,
    low: 150,
    high: 1000,
    source:
      'Estimate for ScriptApp.newTrigger(...).create(): it writes project metadata; practitioners describe it as slow. No public measurement found.',
  },
  'triggers.remove': {
    ms: 200,
    low: 100,
    high: 500,
    source: 'Estimate for ScriptApp.deleteTrigger(); no public measurement found.',
  },
  'execution.doPost': {
    ms: 800,
    low: 300,
    high: 2000,
    source:
      'Estimate of the fixed cost of one web app request before and after our code: loading the bundle into a V8 isolate, the 302 to script.googleusercontent.com that Slack must follow (PLATFORM.md). The biggest unknown here: measure it on the deployed app.',
  },
  'execution.trigger': {
    ms: 500,
    low: 200,
    high: 2000,
    source: 'Estimate of the fixed start cost of a time-driven trigger execution (it does not delay Slack).',
  },
} satisfies Record<string, Cost>;

export type CostKey = keyof typeof COSTS;
export type CostTable = Record<CostKey, Cost>;

/** Slack's limit for answering a slash command or an interaction (docs.slack.dev, "Handling user interaction"). */
export const SLACK_LIMIT_MS = 3_000;

/** The same table with Okta answering in `oktaMs` (the worst case: a slow or struggling Okta org). */
export function withSlowOkta(oktaMs: number, table: CostTable = COSTS): CostTable {
  return { ...table, 'http.okta': { ...table['http.okta'], ms: oktaMs } };
}

/** Every call at the low end of its range: the most optimistic reading of the same counts. */
export function atLowEnd(table: CostTable = COSTS): CostTable {
  const out = { ...table };
  for (const key of Object.keys(out) as (keyof CostTable)[]) out[key] = { ...out[key], ms: out[key].low };
  return out;
}
