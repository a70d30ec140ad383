// A generated OpenAPI client against the running service: types from openapi/openapi.json by
// openapi-typescript (committed as clients/ts/lossd-api.d.ts, so `tsc --noEmit` checks this
// file's calls), requests through openapi-fetch over a real socket.
import { readFile } from 'node:fs/promises';
import createClient from 'openapi-fetch';
import t from 'tap';
import { CLIENT_TYPES_FILE, DOCUMENT_FILE, generateClientTypes, REGENERATE_COMMAND } from '../../scripts/openapi-artifacts.js';
import type { paths } from '../../clients/ts/lossd-api.js';
import { buildTestApp } from '../helpers/app.js';
import { replyFromSafetensors, SAFETENSORS } from '../helpers/safetensors.js';

t.test('the committed client types are what openapi-typescript generates from openapi/openapi.json', async (t) => {
  const generated = await generateClientTypes(await readFile(DOCUMENT_FILE, 'utf8'));
  t.equal(await readFile(CLIENT_TYPES_FILE, 'utf8'), generated, `clients/ts/lossd-api.d.ts matches; when it does not, \`${REGENERATE_COMMAND}\` regenerates it`);
});

t.test('openapi-fetch calls POST /loss', async (t) => {
  const app = await buildTestApp(t, { POOL_SIZE: 1 });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  // Typed for the JSON media types; the safetensors reply is read as bytes (parseAs).
  const client = createClient<paths, 'application/json'>({ baseUrl });
  const body = {
    loss: 'CrossEntropyLoss' as const,
    inputs: { input: [[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], target: [0, 2] },
    options: { label_smoothing: 0.1 },
  };

  const { data, error, response } = await client.POST('/loss', { body });
  t.equal(response.status, 200);
  t.notOk(error);
  // torch.nn.CrossEntropyLoss(label_smoothing=0.1) on these logits (README example).
  t.equal(data?.loss.dtype, 'float32');
  // float32 values are written in their shortest round-trip text: 0.34545636 is torch's float32.
  t.equal(data?.loss.data[0], 0.34545636);
  t.equal(Math.fround(0.34545636), Math.fround(0.3454563617706299));
  t.same(data?.grad.input?.shape, [2, 3]);

  const binary = await client.POST('/loss', { body, headers: { accept: SAFETENSORS }, parseAs: 'arrayBuffer' });
  t.equal(binary.response.headers.get('content-type'), SAFETENSORS);
  const reply = replyFromSafetensors(Buffer.from(binary.data!));
  t.equal(reply.loss.data[0], Math.fround(0.3454563617706299), 'the same loss, as safetensors');

  const refused = await client.POST('/loss', { body: { ...body, inputs: { ...body.inputs, target: [0, 4] } } });
  t.equal(refused.response.status, 400);
  t.equal(refused.error?.code, 'LOSS_TORCH_ERROR');
  t.equal(refused.error?.message, 'Target 4 is out of bounds.');
});
