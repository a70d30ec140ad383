import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { readFileSync } from 'node:fs';
import { globalRegistry, type ZodType } from 'zod';
import { BINARY_REQUEST_BODIES } from '../schemas/index.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The zod provider's transform, plus one thing it cannot do: a route whose body arrives as JSON
 * or as bytes validates one decoded object (LossRequest) whatever the Content-Type, so the
 * provider would document that object under every type in `consumes`. Each binary type gets its
 * own schema instead. (Declaring per-type body schemas on the route itself crashes the provider:
 * turkerdev/fastify-type-provider-zod#132.)
 */
const transform: SwaggerTransform = (document) => {
  const transformed = jsonSchemaTransform(document);
  const { body, consumes } = document.schema;
  if (!body || !consumes?.some((type) => type in BINARY_REQUEST_BODIES)) return transformed;
  const toJsonSchema = (schema: ZodType) => jsonSchemaTransform({ ...document, schema: { body: schema } }).schema.body;
  // zod keeps a transforming schema's `examples` on its output side only, and @fastify/swagger
  // drops siblings of a bare $ref: wrapped in allOf, they become the media type's examples.
  const examples = globalRegistry.get(body as ZodType)?.examples;
  const jsonBody = examples ? { allOf: [transformed.schema.body], examples } : transformed.schema.body;
  const content = Object.fromEntries(
    consumes.map((type) => {
      const binary = BINARY_REQUEST_BODIES[type];
      return [type, { schema: binary ? toJsonSchema(binary) : jsonBody }];
    }),
  );
  return { ...transformed, schema: { ...transformed.schema, body: { content } } };
};

export interface OpenApiOptions {
  /** Serve the browsable UI at /docs; the document itself is always at /openapi.json. */
  docs: boolean;
}

/** The OpenAPI 3.1 document, generated from the routes' zod schemas. */
export default fp<OpenApiOptions>(
  async (app, { docs }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'lossd',
          version,
          description:
            "PyTorch 1.13's torch.nn loss functions (value and gradient) over HTTP. Requests and replies are JSON or safetensors.",
        },
      },
      transform,
      transformObject: jsonSchemaTransformObject,
    });
    if (docs) await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
