// Callers of the Service: several clients, each with one keep-alive connection as a caller's pool
// would hold, issuing a paced mix of /put and /get over the keys it owns (one writer per key, so
// each key's writes have one order). Every request is classified and timed; every acknowledged
// write is recorded, and so is every write whose outcome the caller never learnt.
import { Agent, request } from 'node:http';
import { sleep } from '../../tools/pod-runtime/wait.ts';

export type Outcome = '2xx' | '4xx' | '5xx' | 'reset' | 'refused' | 'timeout' | 'other';

export interface RequestRecord {
  operation: 'put' | 'get';
  startedAt: number;
  latencyMs: number;
  outcome: Outcome;
  status?: number;
  retryAfter?: string;
  /** For a 5xx: the error the body names, e.g. OperationTimeoutError (the deadline) or ClientOfflineError. */
  errorKind?: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
  retryAfter?: string;
}

/** A GET over the given agent; rejects with the socket's error code, or 'timeout'. */
export function httpGet(url: string, agent: Agent, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((answered, failed) => {
    const call = request(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const retryAfter = response.headers['retry-after'];
        answered({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), retryAfter });
      });
      response.on('error', failed);
    });
    call.setTimeout(timeoutMs, () => call.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    call.on('error', failed);
    call.end();
  });
}

function outcomeOf(error: unknown): Outcome {
  const code = (error as { code?: string }).code;
  if (code === 'timeout') return 'timeout';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  return 'other';
}

/** The error a 5xx body names in parentheses, e.g. "(OperationTimeoutError)". */
const errorKindOf = (body: string) => /\((\w+)\)/.exec(body)?.[1];

const statusOutcome = (status: number): Outcome => (status < 300 ? '2xx' : status < 500 ? '4xx' : '5xx');

/** One write as its caller saw it: when it was sent, when its answer came, and whether it was a 200. */
export interface WriteAttempt {
  readonly value: string;
  readonly startedAt: number;
  readonly answeredAt: number;
  readonly acknowledged: boolean;
}

/** What callers were told of each key, and what they may find there besides. */
export class WriteLedger {
  /** key → the value of its last acknowledged write. */
  readonly acknowledged = new Map<string, string>();
  /**
   * key → values of writes whose outcome the caller never learnt (a 5xx, reset or timeout). Such a
   * write may still take effect later, even after a later acknowledged one (it never completed), so
   * finding its value loses nothing the caller was told.
   */
  readonly uncertain = new Map<string, Set<string>>();
  /** key → its writes in the order their answers came, so a lost write can be told when it happened. */
  readonly history = new Map<string, WriteAttempt[]>();

  acknowledge(key: string, value: string, startedAt = Date.now()): void {
    this.acknowledged.set(key, value);
    this.remember(key, { value, startedAt, answeredAt: Date.now(), acknowledged: true });
  }

  attemptFailed(key: string, value: string, startedAt = Date.now()): void {
    if (!this.uncertain.has(key)) this.uncertain.set(key, new Set());
    this.uncertain.get(key)?.add(value);
    this.remember(key, { value, startedAt, answeredAt: Date.now(), acknowledged: false });
  }

  private remember(key: string, attempt: WriteAttempt): void {
    if (!this.history.has(key)) this.history.set(key, []);
    this.history.get(key)?.push(attempt);
  }

  /** What a read found after a fault becomes the known state: an uncertain write found there took effect. */
  settle(key: string, found: string): void {
    this.acknowledged.set(key, found);
    this.uncertain.delete(key);
  }

  /** Whether a read of key that found `value` shows no acknowledged write lost. */
  accepts(key: string, value: string): boolean {
    const expected = this.acknowledged.get(key);
    return value === (expected ?? '') || (this.uncertain.get(key)?.has(value) ?? false);
  }
}

export interface LoadOptions {
  /** The Service's URL. */
  url: string;
  clients: number;
  /** Requests per second of each client (paced; a slow answer delays only that client's next request). */
  ratePerClient: number;
  /** The keys the load works on: client c takes every key whose index modulo clients is c. */
  keys: string[];
  /** Share of requests that are /put. */
  putShare?: number;
  /** A caller's own timeout: past it the request counts as a timeout. */
  requestTimeoutMs?: number;
  /** Upper bounds: the load stops at whichever comes first, or at stop(). */
  maxDurationMs: number;
  maxRequestsPerClient?: number;
}

export class Load {
  readonly records: RequestRecord[] = [];
  /** Gets whose 200 answer was neither the last acknowledged value nor an uncertain later one. */
  readonly wrongReads: Array<{ key: string; found: string; expected: string | undefined }> = [];
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly options: Required<LoadOptions>;
  readonly ledger: WriteLedger;

  constructor(ledger: WriteLedger, options: LoadOptions) {
    this.ledger = ledger;
    this.options = { putShare: 0.5, requestTimeoutMs: 15_000, maxRequestsPerClient: Number.MAX_SAFE_INTEGER, ...options };
  }

  start(): void {
    const deadline = Date.now() + this.options.maxDurationMs;
    this.running = Promise.all(Array.from({ length: this.options.clients }, (_, c) => this.client(c, deadline))).then(() => undefined);
  }

  /** Stops issuing requests and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async client(index: number, deadline: number): Promise<void> {
    const { clients, ratePerClient, keys, putShare, requestTimeoutMs, maxRequestsPerClient, url } = this.options;
    const own = keys.filter((_, i) => i % clients === index);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const interval = 1000 / ratePerClient;
    let sequence = 0;
    try {
      for (let sent = 0; sent < maxRequestsPerClient && !this.stopped && Date.now() < deadline; sent++) {
        const startedAt = Date.now();
        const key = own[Math.floor(Math.random() * own.length)];
        const put = Math.random() < putShare;
        const value = `${key}@${index}.${++sequence}`;
        const path = put ? `/put?key=${encodeURIComponent(key)}&value=${encodeURIComponent(value)}` : `/get?key=${encodeURIComponent(key)}`;
        const record: RequestRecord = { operation: put ? 'put' : 'get', startedAt, latencyMs: 0, outcome: 'other' };
        try {
          const answer = await httpGet(`${url}${path}`, agent, requestTimeoutMs);
          Object.assign(record, { status: answer.status, outcome: statusOutcome(answer.status), retryAfter: answer.retryAfter });
          if (answer.status >= 500) record.errorKind = errorKindOf(answer.body) ?? 'unnamed';
          if (put && answer.status === 200) this.ledger.acknowledge(key, value, startedAt);
          else if (put) this.ledger.attemptFailed(key, value, startedAt);
          else if (answer.status === 200 && !this.ledger.accepts(key, answer.body)) {
            this.wrongReads.push({ key, found: answer.body, expected: this.ledger.acknowledged.get(key) });
          }
        } catch (error) {
          record.outcome = outcomeOf(error);
          if (put) this.ledger.attemptFailed(key, value, startedAt);
        }
        record.latencyMs = Date.now() - startedAt;
        this.records.push(record);
        await sleep(Math.max(0, startedAt + interval - Date.now()));
      }
    } finally {
      agent.destroy();
    }
  }
}

/** Writes every key once through the Service (retrying what fails) and acknowledges it in the ledger. */
export async function writeInitialKeys(url: string, keys: string[], ledger: WriteLedger, concurrency = 16): Promise<void> {
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const value = `${key}@initial`;
      for (let attempt = 1; ; attempt++) {
        const answer = await httpGet(`${url}/put?key=${encodeURIComponent(key)}&value=${encodeURIComponent(value)}`, agent, 15_000).catch(() => undefined);
        if (answer?.status === 200) break;
        if (attempt === 5) throw new Error(`could not write ${key}: ${answer?.status ?? 'no answer'}`);
        await sleep(500);
      }
      ledger.acknowledge(key, value);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
}

/** A key whose read after the fault did not show its last acknowledged write, and what was read instead. */
export interface LostWrite {
  readonly key: string;
  /** What the read found ('' for no entry), or undefined when every attempt failed: then the key was unreadable, not known lost. */
  readonly found: string | undefined;
  /** When no read succeeded: the last attempt's answer (status and the error its body names) or socket error. */
  readonly readError?: string;
  /** The value of the last acknowledged write. */
  readonly acknowledged: string | undefined;
  /** Values of writes whose outcome the caller never learnt; finding one of them would have lost nothing. */
  readonly uncertain: string[];
}

export interface Verification {
  keys: number;
  /** Keys whose value is neither the last acknowledged one nor an uncertain write's. */
  lost: string[];
  /** Keys that could not be read at all (counted in lost too). */
  unreadable: number;
  /** Keys holding the value of a write the caller never saw acknowledged. */
  uncertainApplied: number;
  /** Each key of `lost`: what its read found against what the callers were told. */
  losses: LostWrite[];
}

const readAttempts = 10;

/** Reads every key of the ledger back through the Service; a read that fails is retried for a while. */
export async function verifyWrites(url: string, ledger: WriteLedger, concurrency = 16): Promise<Verification> {
  const keys = [...ledger.acknowledged.keys()];
  const losses: LostWrite[] = [];
  let uncertainApplied = 0;
  let next = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      let found: string | undefined;
      let readError: string | undefined;
      for (let attempt = 1; attempt <= readAttempts && found === undefined; attempt++) {
        const answer = await httpGet(`${url}/get?key=${encodeURIComponent(key)}`, agent, 15_000).catch((error: { code?: string }) => {
          readError = error.code ?? String(error);
          return undefined;
        });
        if (answer?.status === 200) found = answer.body;
        else {
          if (answer) readError = `${answer.status} ${errorKindOf(answer.body) ?? answer.body.slice(0, 80)}`;
          await sleep(500);
        }
      }
      if (found === undefined || !ledger.accepts(key, found)) {
        const acknowledged = ledger.acknowledged.get(key);
        const uncertain = [...(ledger.uncertain.get(key) ?? [])];
        losses.push(found === undefined ? { key, found, readError, acknowledged, uncertain } : { key, found, acknowledged, uncertain });
      } else if (found !== ledger.acknowledged.get(key)) {
        uncertainApplied++;
        ledger.settle(key, found);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const lost = losses.map((loss) => loss.key);
  return { keys: keys.length, lost, unreadable: losses.filter((loss) => loss.found === undefined).length, uncertainApplied, losses };
}
