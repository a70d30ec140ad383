// GET /metrics: the Prometheus exposition after a few POST /loss requests.
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildTestApp, postLoss } from '../helpers/app.js';

const crossEntropy = { loss: 'CrossEntropyLoss', inputs: { input: [[2.0, 0.5, -1.0]], target: [0] } };

async function scrape(app: FastifyInstance): Promise<string> {
  const res = await app.inject('/metrics');
  if (res.statusCode !== 200) throw new Error(`GET /metrics: HTTP ${res.statusCode}`);
  return res.body;
}

/** The value of one series, e.g. `lossd_pool_threads` or `lossd_requests_total{loss="…",…}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

t.test('requests by loss, status and format; latency; bytes in and out; the pool', async (t) => {
  const app = await buildTestApp(t);
  await app.lossPool.whenWarm();
  const ok = await postLoss(app, crossEntropy);
  const unknown = await postLoss(app, { loss: 'no_such_loss', inputs: {} });
  const safetensors = await app.inject({
    method: 'POST',
    url: '/loss',
    headers: { 'content-type': 'application/vnd.safetensors' },
    payload: Buffer.alloc(16),
  });
  await app.inject('/health/ready');
  t.same([ok.statusCode, unknown.statusCode], [200, 400]);

  const res = await app.inject('/metrics');
  t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const text = res.body;
  const requests = (labels: string) => sample(text, `lossd_requests_total{${labels}}`);
  t.equal(requests('loss="cross_entropy",status="200",format="json"'), 1, 'a torch.nn class name counts under its functional name');
  t.equal(requests('loss="unknown",status="400",format="json"'), 1, 'an unknown loss adds no series of its own');
  t.equal(requests(`loss="unknown",status="${safetensors.statusCode}",format="safetensors"`), 1, 'format from the Content-Type');
  t.equal(text.match(/^lossd_requests_total\{/gm)?.length, 3, 'probes and scrapes are not counted');

  t.equal(sample(text, 'lossd_request_duration_seconds_count{loss="cross_entropy",status="200",format="json"}'), 1);
  t.equal(sample(text, 'lossd_request_duration_seconds_bucket{le="+Inf",loss="cross_entropy",status="200",format="json"}'), 1);

  const length = (r: { headers: Record<string, unknown> }) => Number(r.headers['content-length']);
  t.equal(sample(text, 'lossd_request_bytes_total{format="json"}'), JSON.stringify(crossEntropy).length + JSON.stringify({ loss: 'no_such_loss', inputs: {} }).length);
  t.equal(sample(text, 'lossd_request_bytes_total{format="safetensors"}'), 16);
  t.equal(sample(text, 'lossd_response_bytes_total{format="json"}'), length(ok) + length(unknown));

  t.equal(sample(text, 'lossd_pool_threads'), app.lossPool.threads);
  t.equal(sample(text, 'lossd_pool_queue_size'), 0);
  const utilization = sample(text, 'lossd_pool_utilization')!;
  t.ok(utilization >= 0 && utilization <= 1, `utilization ${utilization} in [0, 1]`);
  t.match(text, /^process_cpu_user_seconds_total /m, "the Node.js process's default metrics");
});

t.test('each app counts in its own registry', async (t) => {
  const first = await buildTestApp(t);
  const second = await buildTestApp(t);
  await postLoss(first, crossEntropy);
  t.match(await scrape(first), /^lossd_requests_total\{/m);
  t.notMatch(await scrape(second), /^lossd_requests_total\{/m);
});
