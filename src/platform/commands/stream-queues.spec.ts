import { describe, expect, it } from '@jest/globals';
import { StreamQueues } from './stream-queues.js';

/** A step log that says when it holds `count` entries. */
function stepLog(count: number) {
  const log: string[] = [];
  let done!: () => void;
  const filled = new Promise<void>((resolve) => (done = resolve));
  return {
    log,
    filled,
    push(entry: string) {
      log.push(entry);
      if (log.length === count) done();
    },
  };
}

describe('stream queues', () => {
  it('runs one stream in arrival order, one step at a time, other streams meanwhile', async () => {
    const steps = stepLog(4);
    let running = 0;
    let most = 0;
    const queues = new StreamQueues<string>(async (stream, queue) => {
      const item = queue.shift()!;
      if (stream === 'a') most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      if (stream === 'a') running--;
      steps.push(`${stream}:${item}`);
    });
    for (const item of ['1', '2', '3']) queues.enqueue('a', item);
    queues.enqueue('b', '1');
    await steps.filled;
    expect(steps.log.filter((l) => l.startsWith('a:'))).toEqual(['a:1', 'a:2', 'a:3']);
    expect(steps.log.indexOf('b:1')).toBeLessThan(steps.log.indexOf('a:3'));
    expect(most).toBe(1);
  });

  it('starts a new run for an item queued once the last run has emptied its queue', async () => {
    const first = stepLog(1);
    const queues = new StreamQueues<string>(async (_stream, queue) => first.push(queue.shift()!));
    queues.enqueue('a', 'first');
    await first.filled;
    await new Promise((resolve) => setImmediate(resolve)); // the run has ended and forgotten the stream
    queues.enqueue('a', 'second');
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.log).toEqual(['first', 'second']);
  });
});
