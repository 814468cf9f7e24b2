/**
 * The HTTP load generator, run as its own process (never inside the server's): autocannon
 * with the plan given as JSON on argv[2], answering one JSON line on stdout. Latencies are
 * taken from autocannon's per-response events, in fractions of a millisecond (its own
 * histogram keeps whole milliseconds).
 */
import autocannon from 'autocannon';
import { distribution, type Distribution } from './measure.js';

export interface LoadPlan {
  url: string;
  /** Paths requested in turn (each connection takes the next). */
  paths: string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Requests in all. */
  amount: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  latency: Distribution;
  /** Answers by status code. */
  statuses: Record<string, number>;
  errors: number;
  /** CPU the load generator used (ms), so the report can say what the client cost. */
  clientCpuMs: number;
  /** Each connection's first answer (it waited for the server to accept the connection too), and every later one. */
  first: Distribution;
  later: Distribution;
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  const first: number[] = [];
  const later: number[] = [];
  const answered = new Set<unknown>();
  const statuses: Record<string, number> = {};
  let next = 0;
  let lastAnswer = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const instance = autocannon({
    url: plan.url,
    connections: plan.connections,
    amount: plan.amount,
    // A request still unanswered after this long counts as an error (autocannon's default is 10 s).
    timeout: 60,
    method: plan.method ?? 'GET',
    headers: plan.headers ?? {},
    ...(plan.body === undefined ? {} : { body: plan.body }),
    requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, path: plan.paths[next++ % plan.paths.length] }) }],
  });
  instance.on('response', (client: unknown, status: number, _bytes: number, ms: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(ms);
    lastAnswer = performance.now();
    if (answered.has(client)) later.push(ms);
    else {
      answered.add(client);
      first.push(ms);
    }
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    requests: latencies.length,
    seconds,
    // From the start to the last answer: autocannon notices that `amount` is reached only at its
    // next sample tick (each second), so its own duration is rounded up to whole seconds.
    perSecond: latencies.length / Math.max((lastAnswer - started) / 1000, 1e-9),
    latency: distribution(latencies),
    statuses,
    errors: result.errors + result.timeouts,
    clientCpuMs: (used.user + used.system) / 1000,
    first: distribution(first),
    later: distribution(later),
  };
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
run(plan)
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
