// Records job runs in the JobRun table and their durations in the metrics store.
import { db } from '../db';
import { metrics } from '../metrics';
import type { RunRecorder } from './scheduler';

export function dbRecorder(instanceId: string): RunRecorder {
  return {
    async started(job, trigger, keep) {
      if (!keep) return null;
      const row = await db().jobRun.create({
        data: { job, trigger, instanceId, startedAt: new Date(), status: 'running' },
      });
      return row.id;
    },
    async finished(id, job, o) {
      if (id !== null) {
        await db().jobRun.update({
          where: { id },
          data: {
            finishedAt: new Date(),
            durationMs: o.durationMs,
            status: o.status,
            error: o.error,
            details: o.details ? JSON.stringify(o.details) : null,
          },
        });
      }
      metrics().histogram('scheduler_job_duration_ms', o.durationMs, { job, status: o.status });
    },
  };
}
