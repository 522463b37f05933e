/**
 * One queue per stream, drained by one runner at a time: what is queued on a stream runs in
 * arrival order, while other streams run meanwhile. Each `step` takes what it handles off the
 * head of the queue (one item or several, and may put some back at the head); steps follow
 * one another until the queue is empty, then the stream is forgotten in the same tick, so the
 * next item starts a new run. A step must not throw: it answers its items itself.
 */
export class StreamQueues<T> {
  private readonly queues = new Map<string, T[]>();

  constructor(private readonly step: (stream: string, queue: T[]) => Promise<void>) {}

  enqueue(stream: string, item: T): void {
    const queue = this.queues.get(stream);
    if (queue) return void queue.push(item);
    this.queues.set(stream, [item]);
    void this.drain(stream);
  }

  private async drain(stream: string): Promise<void> {
    const queue = this.queues.get(stream)!;
    while (queue.length > 0) await this.step(stream, queue);
    this.queues.delete(stream);
  }
}
