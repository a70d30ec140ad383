// The codec used as the request path will use it: parse, measure, reserve shared memory, decode
// into views on it, then write the reply's tensors as JSON into the same memory.
import t from 'tap';
import { maxTensorJsonBytes, NumericArray, parseJsonText, writeTensorJson, type JsonObject } from '../../src/server/codec/json-text/index.js';
import { bytesOf } from './helpers.js';

t.test('a request decoded into shared memory, and a reply written from it', async (t) => {
  const body = bytesOf(JSON.stringify({ loss: 'mse_loss', inputs: { input: [[0.5, -1.25], [3, 'NaN']], target: { shape: [2, 2], dtype: 'float64', data: [1, 2, 3, 4] } } }));
  const request = parseJsonText(body) as JsonObject;
  const inputs = request.inputs as JsonObject;
  const input = inputs.input as NumericArray;
  const target = (inputs.target as JsonObject).data as NumericArray;

  // Shapes are known before anything is converted: reserve, then decode into views.
  // (A shared WebAssembly.Memory's buffer is such a SharedArrayBuffer.)
  const memory = new SharedArrayBuffer(65536);
  const inputView = new Float32Array(memory, 0, input.numel);
  const targetView = new Float64Array(memory, 16, target.numel);
  input.decodeInto(inputView, 'float32');
  target.decodeInto(targetView, 'float64');
  t.same(Array.from(inputView), [0.5, -1.25, 3, NaN]);
  t.same(Array.from(targetView), [1, 2, 3, 4]);

  // The reply: reserve the bound, write, and stream the bytes actually written.
  const grad = { dtype: 'float32' as const, shape: input.shape, data: inputView.map((v, i) => v - targetView[i]!) };
  const replyStart = 1024;
  const reply = new Uint8Array(memory, replyStart, maxTensorJsonBytes(grad.dtype, grad.shape));
  const end = writeTensorJson(grad, reply, 0);
  t.equal(new TextDecoder().decode(reply.slice(0, end)), '{"shape":[2,2],"dtype":"float32","data":[-0.5,-3.25,0,"NaN"]}');
});
