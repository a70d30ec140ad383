// The OpenAPI document: what the app serves, what is committed, and that it is valid OpenAPI 3.1.
import SwaggerParser from '@apidevtools/swagger-parser';
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { DOCUMENT_FILE, generateDocument, REGENERATE_COMMAND } from '../scripts/openapi-artifacts.js';
import { buildTestApp } from './helpers/app.js';

const committed = await readFile(DOCUMENT_FILE, 'utf8');
const document = JSON.parse(committed);

t.test('the committed openapi/openapi.json is what the app generates', async (t) => {
  t.equal(committed, await generateDocument(), `openapi/openapi.json matches the app; when it does not, \`${REGENERATE_COMMAND}\` regenerates it`);
});

t.test('GET /openapi.json serves that document; /docs browses it', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1 });
  const res = await app.inject('/openapi.json');
  t.equal(res.statusCode, 200);
  t.same(res.json(), document);
  t.equal((await app.inject('/docs/')).statusCode, 200);
});

t.test('DOCS=false turns off /docs but not the document', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1, DOCS: false });
  t.equal((await app.inject('/docs/')).statusCode, 404);
  t.equal((await app.inject('/openapi.json')).statusCode, 200);
});

t.test('it is valid OpenAPI 3.1', async (t) => {
  t.equal(document.openapi, '3.1.0');
  await t.resolves(SwaggerParser.validate(structuredClone(document)));
});

t.test('POST /loss documents both formats each way, every error reply and examples', async (t) => {
  const operation = document.paths['/loss'].post;
  const request = operation.requestBody.content;
  t.same(Object.keys(request), ['application/json', 'application/vnd.safetensors', 'application/octet-stream']);
  t.same(request['application/json'].schema, { allOf: [{ $ref: '#/components/schemas/LossRequestInput' }] });
  t.ok(Object.keys(request['application/json'].examples).length >= 2, 'request examples');
  t.match(request['application/vnd.safetensors'].schema, { type: 'string', contentMediaType: 'application/vnd.safetensors' });

  const ok = operation.responses['200'].content;
  t.same(Object.keys(ok), ['application/json', 'application/vnd.safetensors']);
  t.same(ok['application/json'].schema, { $ref: '#/components/schemas/LossResponse' });
  t.match(ok['application/vnd.safetensors'].schema, { type: 'string', contentMediaType: 'application/vnd.safetensors' });
  t.ok(document.components.schemas.LossResponse.examples.length, 'reply example');

  for (const status of ['400', '406', '413', '415', '500']) {
    t.same(Object.keys(operation.responses[status].content), ['application/json'], `${status} is JSON`);
    t.same(operation.responses[status].content['application/json'].schema, { $ref: '#/components/schemas/ErrorReply' });
  }
  t.ok(document.components.schemas.ErrorReply.examples.length, 'error example');
});
