import fp from 'fastify-plugin';
import type { ReadinessState } from '../schemas/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

export interface Readiness {
  state(): ReadinessState;
  /** Marks the start of shutdown, so that load balancers stop sending requests here. */
  drain(): void;
}

export default fp(
  async (app) => {
    let draining = false;
    app.decorate<Readiness>('readiness', {
      state: () => (draining ? 'draining' : app.lossPool.warm ? 'ready' : 'starting'),
      drain() {
        draining = true;
      },
    });
  },
  { name: 'readiness', dependencies: ['loss-pool'] },
);
