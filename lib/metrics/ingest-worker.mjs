// Worker thread bootstrap: registers tsx's loader in this thread (a worker does not inherit the
// main thread's module hooks on Node 20), then runs the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./ingest-worker.ts');
