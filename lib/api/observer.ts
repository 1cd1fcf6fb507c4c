// What a request leaves behind besides its answer — its own trace, its timing point, its audit row —
// is recorded by an observer that boot registers (lib/server/request-observer.ts). So the route
// wrapper names no feature domain (tracing, metrics, audit): lib/api stays the bottom layer.
import type { Principal } from '../auth/principal';
import type { SelfTrace } from '../observability/context';
import { slot } from '../process/registry';

export interface RequestEnd {
  method: string;
  route: string;
  path: string;
  status: number;
  ms: number;
}

export interface AuditRecord {
  principal?: Principal;
  action: string;
  method: string;
  path: string;
  sourceIp?: string;
  params: unknown;
  status: number;
}

export interface RequestObserver {
  /** The request's own trace (joined to a caller's traceparent), or none when not sampled. */
  begin(headers: Headers): SelfTrace | undefined;
  end(trace: SelfTrace | undefined, e: RequestEnd): void;
  audit(e: AuditRecord): Promise<void>;
}

/** what every API request records, registered at boot */
export const REQUEST_OBSERVER = slot<RequestObserver>('requestObserver');
