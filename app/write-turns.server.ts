// Turns at SQLite's one write lock, between storing webhook deliveries (the request thread) and
// applying them (the background thread). SQLite lets a writer that finds the lock taken sleep and
// retry, blocking its whole thread meanwhile and losing the lock again and again to a busy
// applier. So they take turns here first: the applier starts an apply only when receiving is
// quiet (or after giving way for MAX_GIVE_WAY_MS, so that it progresses during a long burst), and
// a delivery that arrives during an apply waits for it without blocking its thread.
// docs/decisions/024-receiving-beside-applying.md. With PostgreSQL (row locks) none of this is needed.

const APPLYING = 0;
const RECEIVING = 1;
/** In `lastReceived`: when the last delivery was received (ms since the epoch). */
const LAST_RECEIVED = 0;

/** Receiving counts as quiet once no delivery has come for this long (between a client's requests). */
const QUIET_MS = 5;
/** The most the applier gives way to a steady stream of deliveries before it applies one anyway. */
const MAX_GIVE_WAY_MS = 250;

let buffer = new SharedArrayBuffer(16);
let state = new Int32Array(buffer, 0, 2);
let lastReceived = new BigInt64Array(buffer, 8, 1);

/** The shared state, to hand to the background thread. */
export const writeTurnsState = () => buffer;

/** In the background thread: take part in the turns of the thread that started it. */
export function adoptWriteTurns(shared: SharedArrayBuffer) {
  buffer = shared;
  state = new Int32Array(buffer, 0, 2);
  lastReceived = new BigInt64Array(buffer, 8, 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function receivingQuiet(maxMs: number) {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const since = Date.now() - Number(Atomics.load(lastReceived, LAST_RECEIVED));
    if (Atomics.load(state, RECEIVING) === 0 && since >= QUIET_MS) return;
    await sleep(Math.max(1, QUIET_MS - since));
  }
}

async function whileSet(index: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = Atomics.load(state, index);
    const left = deadline - Date.now();
    if (value === 0 || left <= 0) return;
    await Atomics.waitAsync(state, index, value, left).value;
  }
}

/** Receives a delivery; the applier gives way meanwhile. */
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

/** Stores a received delivery once no apply holds the lock: the store itself takes a fraction of a millisecond. */
export async function storeInTurn<T>(store: () => Promise<T>): Promise<T> {
  await whileSet(APPLYING, 10_000);
  return store();
}

/** Applies once receiving is quiet, or after MAX_GIVE_WAY_MS. */
export async function applyInTurn<T>(apply: () => Promise<T>): Promise<T> {
  await receivingQuiet(MAX_GIVE_WAY_MS);
  Atomics.store(state, APPLYING, 1);
  try {
    return await apply();
  } finally {
    Atomics.store(state, APPLYING, 0);
    Atomics.notify(state, APPLYING);
  }
}
