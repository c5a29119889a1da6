// Turns at SQLite's one write lock between the request thread (webhook deliveries, admin and
// storefront actions) and the background thread (applying deliveries, the outbox, jobs). SQLite
// lets a writer that finds the lock taken sleep and retry, blocking its whole thread meanwhile and
// losing the lock again and again to a busy writer in the other thread. So every write (a
// transaction, or a statement outside one) takes its turn here first, without blocking its thread:
// in the background thread it waits until receiving webhooks has been quiet for a moment (at most
// MAX_GIVE_WAY_MS, so that it progresses during a long burst); in the request thread it waits for
// the background write under way, if any. docs/decisions/024-receiving-beside-applying.md.
// Only SQLite needs this: PostgreSQL locks rows.

const BACKGROUND_WRITING = 0;
const RECEIVING = 1;
/** In `lastReceived`: when a delivery was last being received (ms since the epoch). */
const LAST_RECEIVED = 0;

/** Receiving counts as quiet once no delivery has come for this long (the gap between a client's requests). */
const QUIET_MS = 5;
/** The most a background write gives way to a steady stream of deliveries before it goes anyway. */
const MAX_GIVE_WAY_MS = 250;
/** The most a request waits for a background write: well within Shopify's 5 s (SQLite's own wait takes over). */
const MAX_REQUEST_WAIT_MS = 2000;

let buffer = new SharedArrayBuffer(16);
let state = new Int32Array(buffer, 0, 2);
let lastReceived = new BigInt64Array(buffer, 8, 1);
let inBackgroundThread = false;

/** The shared state, to hand to the background thread. */
export const writeTurnsState = () => buffer;

/** In the background thread: take turns with the thread that started it. */
export function joinWriteTurns(shared: SharedArrayBuffer) {
  buffer = shared;
  state = new Int32Array(buffer, 0, 2);
  lastReceived = new BigInt64Array(buffer, 8, 1);
  inBackgroundThread = true;
}

/** The background thread stopped: a write it left marked is over. */
export function backgroundThreadStopped() {
  Atomics.store(state, BACKGROUND_WRITING, 0);
  Atomics.notify(state, BACKGROUND_WRITING);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function receivingQuiet() {
  const deadline = Date.now() + MAX_GIVE_WAY_MS;
  while (Date.now() < deadline) {
    const since = Date.now() - Number(Atomics.load(lastReceived, LAST_RECEIVED));
    if (Atomics.load(state, RECEIVING) === 0 && since >= QUIET_MS) return;
    await sleep(Math.max(1, QUIET_MS - since));
  }
}

async function backgroundWriteOver() {
  const deadline = Date.now() + MAX_REQUEST_WAIT_MS;
  for (;;) {
    const left = deadline - Date.now();
    const writing = Atomics.load(state, BACKGROUND_WRITING);
    if (writing === 0 || left <= 0) return;
    await Atomics.waitAsync(state, BACKGROUND_WRITING, writing, left).value;
  }
}

/** Receives a webhook delivery; background writes give way meanwhile. */
export async function receiveInTurn<T>(receive: () => Promise<T>): Promise<T> {
  Atomics.add(state, RECEIVING, 1);
  Atomics.store(lastReceived, LAST_RECEIVED, BigInt(Date.now()));
  try {
    return await receive();
  } finally {
    Atomics.sub(state, RECEIVING, 1);
    Atomics.store(lastReceived, LAST_RECEIVED, BigInt(Date.now()));
  }
}

/** The hooks the SQLite connection calls around every write (app/sqlite-connection.server.ts). */
export const writeTurns = {
  async beforeWrite() {
    if (!inBackgroundThread) return backgroundWriteOver();
    await receivingQuiet();
    // A count: a statement outside a transaction may take its turn while a transaction begins in
    // the same thread (app/sqlite-connection.server.ts), and one ending must not end the other's.
    Atomics.add(state, BACKGROUND_WRITING, 1);
  },
  afterWrite() {
    if (!inBackgroundThread) return;
    if (Atomics.sub(state, BACKGROUND_WRITING, 1) === 1) Atomics.notify(state, BACKGROUND_WRITING);
  },
};
