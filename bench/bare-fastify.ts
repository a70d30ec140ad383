/**
 * The framework's own ceiling for the HTTP benchmark: a Fastify server with one POST route that
 * parses a JSON body and answers a small JSON reply, and nothing else.
 *
 *   PORT=3001 tsx bench/bare-fastify.ts
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/loss', async (request) => ({ loss: { shape: [], dtype: 'float32', data: [Object.keys(request.body as object).length] }, grad: {}, warnings: [] }));
app.get('/health/ready', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
