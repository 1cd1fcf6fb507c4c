// Pure: which CPU and memory figure a threshold watches, and what each one measures — this
// process (Redline itself) or the whole host (every program on the machine). Every card, chart,
// alert and report that shows one of them names which it is.

export const RESOURCE_SCOPES = ['process', 'host'] as const;
export type ResourceScope = (typeof RESOURCE_SCOPES)[number];

export const CPU_FIGURES: Record<ResourceScope, { metric: string; title: string; measures: string }> = {
  process: {
    metric: 'process_cpu_percent',
    title: 'Redline CPU',
    measures: "CPU time of Redline's own process, as % of one core",
  },
  host: {
    metric: 'host_cpu_percent',
    title: 'Host CPU',
    measures: 'CPU of the whole machine, every program on it, as % of all cores',
  },
};

export const MEMORY_FIGURES: Record<ResourceScope, { metric: string; title: string; measures: string }> = {
  process: {
    metric: 'process_memory_percent',
    title: 'Redline memory',
    measures: "resident memory of Redline's own process, as % of the machine's memory",
  },
  host: {
    metric: 'host_memory_used_percent',
    title: 'Host memory',
    measures: "memory in use on the whole machine, every program on it, as % of the machine's memory",
  },
};
