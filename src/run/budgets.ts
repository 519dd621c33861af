// Every time budget in one place: Apps Script stops an execution at 6 minutes and Slack waits 3 seconds
// for an answer; each path's share of those limits is here.

/** Apps Script stops an execution at 6 minutes; a lease outlives any execution that holds it. */
export const LEASE_MS = 6.5 * 60_000;
/** Budget for containment on Confirm, so the reply stays inside Slack's 3 seconds. */
export const CONTAINMENT_BUDGET_MS = 1_800;
/** How long a worker turn waits for the script lock before giving up. */
export const LOCK_WAIT_MS = 10_000;
/** How long a Slack request waits for the lock: past this, Slack's 3 seconds are gone anyway. */
export const REQUEST_LOCK_WAIT_MS = 2_000;

/** A worker turn stops starting tasks this long after it began: Apps Script stops it at 6 minutes. */
export const WORKER_BUDGET_MS = 4.5 * 60_000;
/**
 * A batch's rounds go on up to this long past WORKER_BUDGET_MS, each taking only as many people as the
 * pace of the turn's rounds says fit before then (src/run/rounds.ts): the worker trigger fires each
 * minute, so a turn that stops at 4.6 minutes leaves Okta's window idle until the next turn at the 5th
 * minute. 4.5 min + 25 s ends before that minute (the execution's start comes first); a round that runs
 * longer than its pace said ends a few seconds later, far under Apps Script's 6 minutes.
 */
export const ROUNDS_OVERTIME_MS = 25_000;
/** Okta lookups on the slash path get this long, so the card still comes back inside 3 seconds. */
export const LOOKUP_BUDGET_MS = 1_500;
/**
 * Past this much of our own time, the card's roles, apps and groups are not read: one more Okta round
 * would push the card past Slack's 3 seconds, and they inform the requester without deciding anything.
 */
export const ACCESS_READ_BUDGET_MS = 1_500;

/**
 * Slack requests leave their Audit Log entries and run rows for the worker, which runs every minute:
 * anything waiting longer than this means the worker is not running (checkConfiguration, health check).
 */
export const STALE_QUEUE_MS = 5 * 60_000;

/**
 * `/offboard restore` starts no new round of group additions past this much of the request's time: the
 * re-list and the reply must still fit in Slack's 3 seconds. What is left is said; running it again continues.
 */
export const RESTORE_BUDGET_MS = 1_500;
