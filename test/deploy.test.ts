// The deployment files parse and agree with the code: ports, probe paths, env variables, image name.
import { existsSync, readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { defaultConfig } from '../src/server/config.js';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const config = defaultConfig();
const envNames = Object.keys(config);
const version: string = JSON.parse(read('package.json')).version;
const image = `lossd:${version}`;

interface Container {
  image: string;
  ports: { name: string; containerPort: number }[];
  env: { name: string; value: string }[];
  resources: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
  readinessProbe: Probe;
  livenessProbe: Probe;
  startupProbe: Probe;
}
interface Probe {
  httpGet: { path: string; port: string | number };
  timeoutSeconds?: number;
  failureThreshold?: number;
}

const manifests = ['deployment', 'service', 'hpa'].map((name) => parse(read(`deploy/k8s/${name}.yaml`)));
const [deployment, service, hpa] = manifests;
const container: Container = deployment.spec.template.spec.containers[0];
const containerPort = (port: string | number) => container.ports.find((p) => p.name === port || p.containerPort === port)?.containerPort;

t.test('the Kubernetes Deployment runs the image on the real port with the probes', async (t) => {
  t.equal(deployment.kind, 'Deployment');
  t.equal(container.image, image);
  t.same(container.ports, [{ name: 'http', containerPort: config.PORT }]);
  t.same(
    container.env.map((e) => e.name).filter((name) => !envNames.includes(name)),
    [],
    'every env variable exists in config.ts',
  );
  t.equal(container.env.find((e) => e.name === 'PORT')?.value, String(config.PORT));
  t.equal(container.livenessProbe.httpGet.path, '/health/live');
  t.equal(container.readinessProbe.httpGet.path, '/health/ready');
  t.equal(container.startupProbe.httpGet.path, '/health/ready');
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
    t.equal(containerPort(probe.httpGet.port), config.PORT, `${probe.httpGet.path} probes the server's port`);
  }
  t.ok(container.resources.requests?.cpu, 'a CPU request (the autoscaler measures against it)');
  t.ok(container.resources.requests?.memory, 'a memory request');
  t.equal(deployment.spec.template.spec.securityContext.runAsUser, 1000, "the image's node user");

  const env = Object.fromEntries(container.env.map((e) => [e.name, Number(e.value)]));
  const shutdownMs = (env.SHUTDOWN_DRAIN_MS ?? config.SHUTDOWN_DRAIN_MS) + (env.SHUTDOWN_GRACE_MS ?? config.SHUTDOWN_GRACE_MS);
  t.ok(shutdownMs < deployment.spec.template.spec.terminationGracePeriodSeconds * 1000, 'shutdown fits the grace period');

  // The memory limit holds the tensor budget, every worker's heap and the main thread's (~512 MiB).
  const mib = 1024 * 1024;
  const budget = env.MEMORY_BUDGET ?? config.MEMORY_BUDGET;
  const workers = (env.POOL_SIZE ?? config.POOL_SIZE) * (env.WORKER_HEAP_MB ?? config.WORKER_HEAP_MB) * mib;
  t.ok(budget + workers + 512 * mib <= bytes(container.resources.limits!.memory!), 'the memory limit holds the budget and the heaps');
  const { readinessProbe } = container;
  t.ok((readinessProbe.failureThreshold ?? 3) >= 2 && (readinessProbe.timeoutSeconds ?? 1) >= 2, 'readiness survives a slow answer under load');
});

/** A Kubernetes quantity in bytes (Mi, Gi). */
function bytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
  const [, n, unit] = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity)!;
  return Number(n) * (unit ? units[unit]! : 1);
}

t.test('the Service selects the pods and forwards to their port', async (t) => {
  t.equal(service.kind, 'Service');
  t.match(deployment.spec.template.metadata.labels, service.spec.selector);
  t.match(deployment.spec.selector.matchLabels, service.spec.selector);
  t.equal(containerPort(service.spec.ports[0].targetPort), config.PORT);
});

t.test('the HorizontalPodAutoscaler scales the Deployment on CPU', async (t) => {
  t.equal(hpa.kind, 'HorizontalPodAutoscaler');
  t.same(hpa.spec.scaleTargetRef, { apiVersion: deployment.apiVersion, kind: 'Deployment', name: deployment.metadata.name });
  t.ok(hpa.spec.minReplicas >= 2 && hpa.spec.minReplicas <= hpa.spec.maxReplicas, 'replicas: at least 2, min <= max');
  const cpu = hpa.spec.metrics.find((m: { resource?: { name: string } }) => m.resource?.name === 'cpu');
  t.equal(cpu.resource.target.type, 'Utilization');
  t.ok(cpu.resource.target.averageUtilization > 0 && cpu.resource.target.averageUtilization <= 100);
  t.notOk('replicas' in deployment.spec, 'the Deployment leaves the replica count to the autoscaler');
});

t.test('docker-compose runs replicas of the image behind a balancer on the real port', async (t) => {
  const compose = parse(read('deploy/docker-compose.yml'));
  const lossd = compose.services.lossd;
  t.equal(lossd.image, image);
  t.ok(lossd.deploy.replicas > 1, 'more than one replica');
  t.same(
    Object.keys(lossd.environment).filter((name) => !envNames.includes(name)),
    [],
    'every env variable exists in config.ts',
  );
  t.notOk('ports' in lossd, 'replicas publish no host port; the balancer does');
  const balancer = compose.services.balancer;
  t.same(balancer.depends_on, { lossd: { condition: 'service_healthy' } });
  t.same(balancer.ports, [`${config.PORT}:${config.PORT}`]);
  const nginx: string = compose.configs.nginx.content;
  t.match(nginx, `listen ${config.PORT};`);
  t.match(nginx, `http://lossd:${config.PORT};`);
  t.match(nginx, `client_max_body_size ${config.BODY_LIMIT / 2 ** 20}m;`, 'nginx admits what BODY_LIMIT admits');
});

/** The Dockerfile's instructions, continuation lines joined: [keyword, arguments]. */
function dockerfile(): [string, string][] {
  return read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.trim().split(/\s+/);
      return [keyword!.toUpperCase(), rest.join(' ')];
    });
}

/** Where `tsc -p tsconfig.build.json` takes a `dist/…js` file from. */
function sourceOf(built: string): string {
  const { rootDir, outDir } = JSON.parse(read('tsconfig.build.json')).compilerOptions;
  if (!built.startsWith(`${outDir}/`)) throw new Error(`${built} is not in ${outDir}/`);
  return built.replace(`${outDir}/`, `${rootDir}/`).replace(/\.js$/, '.ts');
}

t.test('the Dockerfile: base as a build argument, port, user, HEALTHCHECK and CMD', async (t) => {
  const lines = dockerfile();
  const all = (keyword: string) => lines.filter(([k]) => k === keyword).map(([, args]) => args);
  t.same(all('ARG'), ['NODE_IMAGE=node:20-bookworm-slim']);
  t.same(all('FROM'), ['${NODE_IMAGE} AS build', '${NODE_IMAGE}']);
  t.same(all('EXPOSE'), [String(config.PORT)]);
  t.same(all('USER'), ['node']);
  t.match(all('ENV').join(' '), /\bHOST=0\.0\.0\.0\b/);

  const healthcheck = all('HEALTHCHECK');
  t.equal(healthcheck.length, 1);
  const check = JSON.parse(healthcheck[0]!.replace(/^.*?\bCMD\s+/, ''));
  t.equal(check[0], 'node', 'the image has node, not curl');
  t.ok(existsSync(new URL(sourceOf(check[1]), root)), `${check[1]} is built from an existing source`);

  const cmd = JSON.parse(all('CMD').at(-1)!);
  t.equal(cmd[0], 'node', 'node itself is PID 1 (not npm), so SIGTERM reaches the server');
  t.equal(cmd.at(-1), 'dist/server/main.js');
  t.ok(existsSync(new URL(sourceOf(cmd.at(-1)), root)), `${cmd.at(-1)} is built from an existing source`);
  t.same(all('ENTRYPOINT'), [], "the base image's entrypoint execs the CMD");
});

t.test('.dockerignore sends only what the build copies', async (t) => {
  const ignore = read('.dockerignore').split('\n').filter((line) => line && !line.startsWith('#'));
  t.equal(ignore[0], '*', 'everything else stays out (node_modules, dist, .git, test fixtures)');
  const kept = ignore.slice(1).map((line) => line.replace(/^!|\/$/g, ''));
  const copied = dockerfile()
    .filter(([k, args]) => k === 'COPY' && !args.startsWith('--from'))
    .flatMap(([, args]) => args.split(/\s+/).slice(0, -1));
  t.same(kept.sort(), copied.sort());
});

t.test('the README documents every env variable and the image', async (t) => {
  const readme = read('README.md');
  for (const name of envNames) t.match(readme, new RegExp(`^\\| \`${name}\` \\| \\S.* \\|`, 'm'), `${name} with its default`);
  t.match(readme, `docker build -t ${image} .`);
  t.match(readme, `docker run --rm -p ${config.PORT}:${config.PORT} ${image}`);
});
