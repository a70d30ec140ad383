import { z } from 'zod';

export const LivenessReply = z
  .object({ status: z.literal('ok') })
  .meta({ id: 'LivenessReply', description: 'The process runs and its event loop answers.' });

export const ReadinessReply = z
  .object({
    status: z.enum(['starting', 'ready', 'draining']).meta({
      description: 'starting: the worker threads are still loading; ready: send requests; draining: shutting down, still serving.',
    }),
  })
  .meta({ id: 'ReadinessReply' });

export type ReadinessState = z.infer<typeof ReadinessReply>['status'];

export const MetricsText = z.string().meta({ description: 'Prometheus text exposition format 0.0.4.' });

export const ServiceIndex = z
  .object({
    name: z.literal('lossd'),
    version: z.string(),
    description: z.string(),
    links: z.record(z.string(), z.string()).meta({ description: 'Where to go next: the API, its documentation, the losses, health and metrics.' }),
  })
  .meta({ id: 'ServiceIndex' });
