/**
 * Closing idle connections without cutting replies. Node's http `Server.close()` (which
 * `app.close()` calls) destroys every connection it deems idle, and it deems one idle once its
 * request has been read and its response `end()`ed, even while megabytes of that response still
 * wait in the socket's buffer: the client sees ECONNRESET after the server logged a 200. Here a
 * connection is busy from a request's first hook until its response has closed, and the server's
 * `closeIdleConnections` is replaced by one that ends (not destroys) only the connections with no
 * request in flight; the busy ones close after their response (readiness.ts sends
 * `Connection: close` from the start of shutdown).
 */
import fp from 'fastify-plugin';
import type { Socket } from 'node:net';

/** How long an ended connection may stay half-open waiting for its client before it is destroyed. */
const END_TIMEOUT_MS = 5000;

export default fp(
  async (app) => {
    const inFlight = new Map<Socket, number>();
    let ending = false;

    const end = (socket: Socket) => {
      socket.end();
      socket.setTimeout(END_TIMEOUT_MS, () => socket.destroy());
    };

    app.server.on('connection', (socket: Socket) => {
      inFlight.set(socket, 0);
      socket.once('close', () => inFlight.delete(socket));
    });
    app.addHook('onRequest', async (request, reply) => {
      const socket = request.raw.socket;
      const before = inFlight.get(socket);
      if (before === undefined) return; // not a connection of the server's (app.inject)
      inFlight.set(socket, before + 1);
      reply.raw.once('close', () => {
        const requests = inFlight.get(socket);
        if (requests === undefined) return; // the connection closed first
        const left = requests - 1;
        inFlight.set(socket, left);
        if (ending && left === 0) end(socket);
      });
    });

    app.server.closeIdleConnections = () => {
      ending = true;
      for (const [socket, requests] of inFlight) if (requests === 0) end(socket);
    };
  },
  { name: 'connections' },
);
