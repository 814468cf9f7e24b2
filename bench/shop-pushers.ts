import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Shops pushing to head office over HTTP, in a process of their own as real shops are on
 * machines of their own: each shop sends its batches in order (as its outbox does, one
 * request at a time, gzip-compressed bodies made before the clock starts), all shops at
 * once. Reads the plan from the file named by argv[2]; prints {ms, batches, events} as JSON.
 */
export interface PusherPlan {
  url: string;
  shops: { token: string; batches: { chain: string; events: number; body: string }[] }[];
}

async function main(): Promise<void> {
  const plan = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as PusherPlan;
  const shops = plan.shops.map((s) => ({ token: s.token, batches: s.batches.map((b) => ({ ...b, body: Buffer.from(b.body, 'base64') })) }));
  let batches = 0;
  let events = 0;
  const start = performance.now();
  await Promise.all(
    shops.map(async (shop) => {
      for (const batch of shop.batches) {
        const response = await fetch(`${plan.url}/api/v1/sync/chains/${encodeURIComponent(batch.chain)}/events`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${shop.token}`, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
          body: batch.body,
        });
        const answer = (await response.json()) as { accepted?: number };
        if (response.status !== 200 || answer.accepted !== batch.events) throw new Error(`head office answered ${response.status} ${JSON.stringify(answer)} to a batch of ${batch.events} events of chain ${batch.chain}`);
        batches++;
        events += batch.events;
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - start, batches, events })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
