import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { shopPushes, type Push } from './hq-shops.js';

/** A shop whose journal the worker makes: its id, its seed and how many sales. */
export interface ShopSpec {
  storeId: string;
  seed: number;
  sales: number;
}

/**
 * Shops' journals (shopPushes) made in a worker thread, so the bench's thread pushes one set
 * of shops into head office while the next set is generated and hash-chained.
 */
export class ShopMaker {
  private readonly worker = new Worker(new URL(import.meta.url));
  private readonly waiting = new Map<number, { resolve: (pushes: Push[][][]) => void; reject: (error: unknown) => void }>();
  private asked = 0;

  constructor() {
    this.worker.on('message', (m: { id: number; pushes?: Push[][][]; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.pushes) w?.resolve(m.pushes);
      else w?.reject(new Error(m.error));
    });
    this.worker.on('error', (error) => {
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    });
  }

  /** Each shop's batches, one list per chain. */
  make(shops: readonly ShopSpec[]): Promise<Push[][][]> {
    const id = ++this.asked;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, shops });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread) {
  parentPort?.on('message', (m: { id: number; shops: ShopSpec[] }) => {
    try {
      parentPort?.postMessage({ id: m.id, pushes: m.shops.map((s) => shopPushes(s.storeId, s.seed, s.sales)) });
    } catch (error) {
      parentPort?.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
