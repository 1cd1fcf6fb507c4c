// The bootstrap of every pool thread: registers tsx's loader in this thread (a worker does not
// inherit the main thread's module hooks on Node 20), then loads the pool's TypeScript entry,
// named in workerData. A task names one of the entry's exported functions.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const entry = await import(workerData.entry);

export default function dispatch({ task, input }) {
  const fn = entry[task];
  if (typeof fn !== 'function') throw new Error(`${workerData.entry} exports no task ${task}`);
  return fn(input);
}
