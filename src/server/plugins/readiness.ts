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
    // While draining, every reply closes its connection: a client then opens its next request on
    // another replica instead of racing the server's close of an idle keep-alive connection.
    app.addHook('onSend', async (_request, reply) => {
      if (draining) reply.header('connection', 'close');
    });
  },
  { name: 'readiness', dependencies: ['loss-pool'] },
);
