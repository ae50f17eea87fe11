/**
 * A real single-node Kafka broker (KRaft) for tests, driven through scripts/kafka-test-broker.sh
 * (jars from Maven Central, cached in .cache/kafka/<version>/libs).
 *
 * - `startKafkaBroker()` starts a broker in its own run dir under .cache/kafka-runs/, on free ports,
 *   and waits until a kafkajs admin client can describe the cluster.
 * - The handle's `stop()`/`kill()` + `start()` restart it on the SAME port with the SAME data (no
 *   reformat), for tests that take the broker away mid-stream.
 * - `attachKafkaBroker(runDir)` controls a broker started by another process (e.g. the vitest
 *   globalSetup, whose run dir is provided to tests as `kafkaRunDir`). Restarting the shared broker
 *   disturbs every test file running in parallel: tests that restart a broker should start their own.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { readKafkaCredentials, scramLogin, type KafkaCredentials, type ScramLogin } from './kafka-acls.ts';
// Type-only: puts 'vitest' in the TS program, which the augmentation below needs.
import type {} from 'vitest';

// What test/global-setup.ts provides (`inject('kafkaBrokers')`), declared once here: the setup
// and every package whose tests import @onegraph/testing get the types.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap servers, comma-separated (`127.0.0.1:<port>` for the broker the setup started). */
    kafkaBrokers: string;
    /** Run dir of that broker (for `attachKafkaBroker`), '' when KAFKA_BROKERS pointed elsewhere. */
    kafkaRunDir: string;
    /** The broker's SCRAM-SHA-512 passwords per principal; null for a broker without authentication. */
    kafkaCredentials: KafkaCredentials | null;
  }
}

/** Repository root (this file is packages/testing/src/kafka.ts). */
export const REPO_ROOT: string = fileURLToPath(new URL('../../../', import.meta.url));
export const KAFKA_BROKER_SCRIPT: string = join(REPO_ROOT, 'scripts', 'kafka-test-broker.sh');
/** Parent of the run dirs made by `startKafkaBroker()` without an explicit `runDir`. */
export const KAFKA_RUNS_DIR: string = join(REPO_ROOT, '.cache', 'kafka-runs');

export interface StartKafkaBrokerOptions {
  /** Run dir (config, data, log, pid, ports). Default: a new unique dir under .cache/kafka-runs/. */
  runDir?: string;
  /** Kafka version, `4.1.1` (default) or `3.9.1`. */
  version?: string;
  /** Fixed broker port instead of a free one (only used when the run dir is new). */
  port?: number;
  /** Timeout of the script's `start` (includes the one-time jar fetch). Default 300 000 ms. */
  startTimeoutMs?: number;
  /** Timeout of the client-level readiness check after each start. Default 60 000 ms. */
  readyTimeoutMs?: number;
}

export interface KafkaBroker {
  /** Bootstrap address, `127.0.0.1:<port>`. Stable across stop/start. */
  readonly brokers: string;
  /** `[brokers]`, the shape kafkajs wants. */
  readonly brokerList: string[];
  readonly port: number;
  readonly runDir: string;
  /** Its principals' passwords (the broker authenticates every client with SASL/SCRAM-SHA-512). */
  readonly credentials: KafkaCredentials;
  /** (Re)start on the same port and data dir; no-op if running. Resolves once clients can connect. */
  start(): Promise<void>;
  /** Graceful stop (SIGTERM, controlled shutdown, ~2 s). Data and port are kept for `start()`. */
  stop(): Promise<void>;
  /** SIGKILL the broker (a crash). `start()` recovers the same data (~4 s longer: the controller
   *  must first fence the dead incarnation). */
  kill(): Promise<void>;
  /** `stop()` (or `kill()` with `{ crash: true }`) then `start()`. */
  restart(options?: { crash?: boolean }): Promise<void>;
  isRunning(): Promise<boolean>;
  /** Stop and delete the run dir (no-op for a broker obtained with `attachKafkaBroker`). */
  dispose(): Promise<void>;
}

interface ScriptResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `bash scripts/kafka-test-broker.sh <command> [args]` with the given run dir. */
export function runKafkaBrokerScript(
  command: 'fetch' | 'start' | 'fresh' | 'stop' | 'kill' | 'status' | 'clean',
  env: Record<string, string | undefined>,
  timeoutMs = 300_000,
  args: readonly string[] = [],
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [KAFKA_BROKER_SCRIPT, command, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`kafka-test-broker.sh ${command} timed out after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run bash ${KAFKA_BROKER_SCRIPT}: ${err.message}`, { cause: err }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code: code ?? 1 });
    });
  });
}

async function scriptOrThrow(
  command: 'start' | 'stop' | 'kill' | 'clean',
  env: Record<string, string | undefined>,
  timeoutMs?: number,
  args: readonly string[] = [],
): Promise<ScriptResult> {
  const r = await runKafkaBrokerScript(command, env, timeoutMs, args);
  if (r.code !== 0) {
    throw new Error(`kafka-test-broker.sh ${[command, ...args].join(' ')} failed (exit ${r.code}, KAFKA_RUN_DIR=${env.KAFKA_RUN_DIR}):\n${r.stderr.trim()}`);
  }
  return r;
}

function parseBrokers(stdout: string): string {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  const m = /^KAFKA_BROKERS=(\S+)$/.exec(last);
  if (!m?.[1]) throw new Error(`kafka-test-broker.sh start printed no KAFKA_BROKERS line:\n${stdout}`);
  return m[1];
}

function pidAlive(file: string): boolean {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Best effort: delete run dirs left by test processes that died without cleaning up. */
function pruneStaleRunDirs(): void {
  if (!existsSync(KAFKA_RUNS_DIR)) return;
  for (const name of readdirSync(KAFKA_RUNS_DIR)) {
    const dir = join(KAFKA_RUNS_DIR, name);
    const owner = join(dir, 'owner.pid');
    if (!existsSync(owner) || pidAlive(owner) || pidAlive(join(dir, 'kafka.pid'))) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}

function makeHandle(
  runDir: string,
  brokers: string,
  env: Record<string, string | undefined>,
  owned: boolean,
  readyTimeoutMs: number,
  startTimeoutMs: number,
): KafkaBroker {
  const port = Number(brokers.slice(brokers.lastIndexOf(':') + 1));
  const credentials = readKafkaCredentials(join(runDir, 'credentials'));
  const admin = scramLogin(credentials, 'admin');
  const handle: KafkaBroker = {
    brokers,
    brokerList: [brokers],
    port,
    runDir,
    credentials,
    async start() {
      const r = await scriptOrThrow('start', env, startTimeoutMs);
      const now = parseBrokers(r.stdout);
      if (now !== brokers) throw new Error(`broker in ${runDir} came back on ${now}, expected ${brokers}`);
      await waitForKafka([brokers], readyTimeoutMs, 1, admin);
    },
    async stop() {
      await scriptOrThrow('stop', env);
    },
    async kill() {
      await scriptOrThrow('kill', env);
    },
    async restart(options) {
      await (options?.crash ? handle.kill() : handle.stop());
      await handle.start();
    },
    async isRunning() {
      return (await runKafkaBrokerScript('status', env)).code === 0;
    },
    async dispose() {
      if (!owned) return;
      if (process.env.KAFKA_KEEP_RUN_DIR === '1') await scriptOrThrow('stop', env);
      else await scriptOrThrow('clean', env);
    },
  };
  return handle;
}

/**
 * Starts a single-node Kafka broker on free ports in a fresh run dir and waits until a kafkajs
 * admin client can describe the cluster. Rejects with the script's message (and the broker log
 * tail) if Java/Maven are missing or the broker cannot start.
 */
export async function startKafkaBroker(options: StartKafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const startTimeoutMs = options.startTimeoutMs ?? 300_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  if (!options.runDir) {
    try {
      pruneStaleRunDirs();
    } catch {
      /* best effort */
    }
  }
  const runDir = options.runDir ?? join(KAFKA_RUNS_DIR, `${Date.now()}-${process.pid}-${randomBytes(3).toString('hex')}`);
  const env: Record<string, string | undefined> = {
    KAFKA_RUN_DIR: runDir,
    // The script's watchdog stops the broker if this process dies without cleaning up.
    KAFKA_OWNER_PID: String(process.pid),
    KAFKA_START_TIMEOUT: String(Math.ceil(startTimeoutMs / 1000)),
  };
  if (options.version) env.KAFKA_VERSION = options.version;
  if (options.port !== undefined) env.KAFKA_PORT = String(options.port);

  const r = await scriptOrThrow('start', env, startTimeoutMs + 30_000);
  const brokers = parseBrokers(r.stdout);
  const handle = makeHandle(runDir, brokers, env, true, readyTimeoutMs, startTimeoutMs + 30_000);
  try {
    await waitForKafka([brokers], readyTimeoutMs, 1, scramLogin(handle.credentials, 'admin'));
  } catch (err) {
    await handle.dispose().catch(() => {});
    throw err;
  }
  return handle;
}

/** One node (broker and controller) of a test cluster. */
export interface KafkaClusterNode {
  /** Its node id, 1 to 3. */
  readonly id: number;
  /** Its broker address, `127.0.0.1:<port>`, stable across kill/start. */
  readonly address: string;
  /** Restarts it on the same ports and data; resolves once the cluster serves every node again. */
  start(): Promise<void>;
  /** Graceful stop (controlled shutdown: its partition leaderships move first). */
  stop(): Promise<void>;
  /** SIGKILL: a crash. The other two nodes keep the quorum and take over its partition leaderships. */
  kill(): Promise<void>;
  isRunning(): Promise<boolean>;
}

/** A three-node KRaft cluster: every node a broker and a controller, replication factor 3, min.insync.replicas 2. */
export interface KafkaCluster extends AsyncDisposable {
  /** Bootstrap servers, every node, comma-separated: what `KAFKA_BROKERS` takes. */
  readonly brokers: string;
  readonly brokerList: string[];
  readonly runDir: string;
  /** Its principals' passwords (SASL/SCRAM-SHA-512), the same on every node. */
  readonly credentials: KafkaCredentials;
  readonly nodes: readonly KafkaClusterNode[];
  /** Stops every node and deletes the run dir. */
  dispose(): Promise<void>;
}

/**
 * Starts a three-node Kafka cluster (`kafka-test-broker.sh start --brokers 3`) on free ports in a
 * fresh run dir under .cache/kafka-runs/, and waits until a client sees all three brokers.
 */
export async function startKafkaCluster(options: { startTimeoutMs?: number; readyTimeoutMs?: number } = {}): Promise<KafkaCluster> {
  const startTimeoutMs = options.startTimeoutMs ?? 300_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  try {
    pruneStaleRunDirs();
  } catch {
    /* best effort */
  }
  const runDir = join(KAFKA_RUNS_DIR, `${Date.now()}-${process.pid}-${randomBytes(3).toString('hex')}-cluster`);
  const env: Record<string, string | undefined> = {
    KAFKA_RUN_DIR: runDir,
    KAFKA_OWNER_PID: String(process.pid),
    KAFKA_START_TIMEOUT: String(Math.ceil(startTimeoutMs / 1000)),
  };
  const dispose = async () => {
    if (process.env.KAFKA_KEEP_RUN_DIR === '1') await scriptOrThrow('stop', env);
    else await scriptOrThrow('clean', env);
  };
  const r = await scriptOrThrow('start', env, startTimeoutMs + 30_000, ['--brokers', '3']);
  const brokers = parseBrokers(r.stdout);
  const brokerList = brokers.split(',');
  const credentials = readKafkaCredentials(join(runDir, 'credentials'));
  const admin = scramLogin(credentials, 'admin');
  try {
    await waitForKafka(brokerList, readyTimeoutMs, brokerList.length, admin);
  } catch (err) {
    await dispose().catch(() => {});
    throw err;
  }
  const nodes = brokerList.map((address, i): KafkaClusterNode => ({
    id: i + 1,
    address,
    async start() {
      await scriptOrThrow('start', env, startTimeoutMs + 30_000, ['--node', String(i + 1)]);
      await waitForKafka(brokerList, readyTimeoutMs, brokerList.length, admin);
    },
    async stop() {
      await scriptOrThrow('stop', env, undefined, ['--node', String(i + 1)]);
    },
    async kill() {
      await scriptOrThrow('kill', env, undefined, ['--node', String(i + 1)]);
    },
    async isRunning() {
      return (await runKafkaBrokerScript('status', env, undefined, ['--node', String(i + 1)])).stdout.includes(`node ${i + 1}: running`);
    },
  }));
  return { brokers, brokerList, runDir, credentials, nodes, dispose, [Symbol.asyncDispose]: dispose };
}

/**
 * Creates `topics` (3 partitions, the cluster's replication defaults) and waits until EVERY broker
 * serves their metadata. A topic the controller has just created is unknown to a broker whose
 * metadata lags for a moment, and a kafkajs client asking that broker then fails its subscribe;
 * an operator creates a production cluster's topics before the services start, and so does this.
 */
export async function createClusterTopics(brokerList: readonly string[], topics: readonly string[], sasl?: ScramLogin, timeoutMs = 60_000): Promise<void> {
  const admin = new Kafka({ clientId: 'create-topics', brokers: [...brokerList], ...(sasl ? { sasl } : {}), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const create = topics.filter((t) => !existing.has(t));
    if (create.length > 0) await admin.createTopics({ waitForLeaders: false, topics: create.map((topic) => ({ topic, numPartitions: 3 })) });
  } finally {
    await admin.disconnect();
  }
  const deadline = Date.now() + timeoutMs;
  for (const broker of brokerList) {
    // one broker only: its own metadata cache answers
    const one = new Kafka({
      clientId: 'create-topics',
      brokers: [broker],
      ...(sasl ? { sasl } : {}),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    }).admin();
    try {
      await one.connect();
      for (;;) {
        try {
          const { topics: metadata } = await one.fetchTopicMetadata({ topics: [...topics] });
          if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) break;
        } catch {
          /* not known there yet */
        }
        if (Date.now() > deadline) throw new Error(`Kafka broker ${broker} does not serve ${topics.join(', ')} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await one.disconnect();
    }
  }
}

/**
 * A handle on a broker started by another process in `runDir` (e.g. the vitest globalSetup's,
 * provided to tests as `inject('kafkaRunDir')`). Its `dispose()` does nothing: the starter owns it.
 */
export function attachKafkaBroker(runDir: string, options: { readyTimeoutMs?: number } = {}): KafkaBroker {
  const file = join(runDir, 'brokers');
  if (!existsSync(file)) throw new Error(`no Kafka run dir at ${runDir} (missing ${file})`);
  const brokers = readFileSync(file, 'utf8').trim();
  return makeHandle(runDir, brokers, { KAFKA_RUN_DIR: runDir }, false, options.readyTimeoutMs ?? 60_000, 330_000);
}

/**
 * Waits until a kafkajs admin client can connect and describe the cluster (with at least
 * `minBrokers` brokers registered, default 1), then makes sure the
 * group coordinator is up (that creates `__consumer_offsets` on a fresh broker, so the first
 * consumer of a test does not hit "The group coordinator is not available"). `sasl`: the login of
 * a principal allowed to describe the cluster and any group (the broker's admin).
 */
export async function waitForKafka(brokers: string[] | string, timeoutMs = 60_000, minBrokers = 1, sasl?: ScramLogin): Promise<void> {
  const list =
    typeof brokers === 'string'
      ? brokers
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean)
      : brokers;
  const kafka = new Kafka({
    clientId: 'wait-for-kafka',
    brokers: list,
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length >= minBrokers && cluster.controller !== null) {
        await admin.describeGroups(['wait-for-kafka-warmup']);
        return;
      }
      lastError = new Error('cluster has no brokers or controller yet');
    } catch (err) {
      lastError = err;
    } finally {
      await admin.disconnect().catch(() => {});
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`Kafka at ${list.join(',')} not ready after ${timeoutMs} ms: ${reason}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A consumer group as the broker describes it (Kafka's admin API, `DescribeGroups`). */
export interface ConsumerGroupView {
  /** `Stable`, `PreparingRebalance`, `CompletingRebalance`, `Empty`, `Dead`. */
  state: string;
  /** Its members' ids, sorted: an id changes when a member is evicted and joins again. */
  memberIds: string[];
  /** Each member's client id, in the order of `memberIds`. */
  clientIds: string[];
}

/** Describes `groupId` through the admin API of the cluster at `brokerList`. */
export async function describeConsumerGroup(brokerList: readonly string[], groupId: string, sasl?: ScramLogin): Promise<ConsumerGroupView> {
  const admin = new Kafka({ clientId: 'describe-group', brokers: [...brokerList], ...(sasl ? { sasl } : {}), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    const members = [...(group?.members ?? [])].sort((a, b) => a.memberId.localeCompare(b.memberId));
    return { state: group?.state ?? 'Dead', memberIds: members.map((m) => m.memberId), clientIds: members.map((m) => m.clientId) };
  } finally {
    await admin.disconnect();
  }
}
