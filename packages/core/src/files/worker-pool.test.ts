import { createHash } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createWorkerPool } from './worker-pool.js';

describe('worker pool', () => {
  it('runs tasks in worker threads and returns their results in order', async () => {
    const pool = createWorkerPool<{ text: string; rounds: number }, { digest: string; threadId: number }>(
      new URL('./fixtures/hash-worker.mjs', import.meta.url),
      2,
    );
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => pool.run({ text: `task ${i}`, rounds: 2_000 })),
      );
      for (const [i, result] of results.entries()) {
        let expected = `task ${i}`;
        for (let r = 0; r < 2_000; r++) expected = createHash('sha256').update(expected).digest('hex');
        expect(result.digest).toBe(expected);
        expect(result.threadId).not.toBe(threadId);
      }
    } finally {
      await pool.close();
    }
  });
});
