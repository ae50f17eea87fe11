import { describe, expect, it, onTestFinished } from 'vitest';
import {
  describeConsumerGroup,
  graphqlRequest,
  scramLogin,
  stopGracefully,
  type ConsumerGroupView,
  type ServiceProcess,
  type TestSubscription,
} from '@onegraph/testing';
import { failoverSubscribe, gql, logNote, publishTicket, report, summaries, useClusterTopology } from './fixture.ts';

/**
 * The production topology on one machine (three Kafka brokers, one PostgreSQL server, two
 * gateways, two crm and two integrations instances, each a process of its own) and the faults it
 * must survive, one after the other on the same topology. Each test drives events both ways
 * (notes written through the gateways go out through crm's outbox; PSA ticket events come in
 * through crm's consumer) to a live subscriber, and reports what was in flight, applied,
 * duplicated, lost, and how long recovery took (printed, never asserted: the numbers depend on
 * the machine).
 */
describe.sequential('the production topology under faults', () => {
  const cluster = useClusterTopology();
  /** The cluster's admin login: the brokers authenticate every client. */
  const adminLogin = () => scramLogin(cluster.kafka.credentials, 'admin');
  const graphqlUrls = () => cluster.topology.gateways.map((g) => `${g.url}/graphql`);
  const viaBalancer = () => `${cluster.topology.balancers.gateway}/graphql`;

  /** One step of traffic both ways, labelled; the summaries that must reach the subscriber. */
  async function step(token: string, label: string, expected: string[], failures: string[]): Promise<void> {
    const note = await logNote(viaBalancer(), token, `${label} note`);
    if ('id' in note) expected.push(`${label} note`);
    else failures.push(note.code);
    await publishTicket(cluster.bus, `${label} ticket`);
    expected.push(`${label} ticket`);
  }

  /** Waits until the subscriber has every expected summary, then one more (a fence: a duplicate would come before it). */
  async function settle(sub: TestSubscription, token: string, expected: string[], what: string) {
    await sub
      .until(() => new Set(summaries(sub)).size >= new Set(expected).size && expected.every((s) => summaries(sub).includes(s)), what, 240_000)
      .catch((error: unknown) => {
        const missing = expected.filter((s) => !summaries(sub).includes(s));
        const errors = sub.messages.filter((m) => m.errors).map((m) => JSON.stringify(m.errors));
        throw new Error(`${(error as Error).message}; missing: ${missing.join(' | ')}; error payloads: ${errors.join(' | ') || 'none'}`, { cause: error });
      });
    const fence = `fence ${what}`;
    const note = await logNote(viaBalancer(), token, fence);
    expect(note).toHaveProperty('id');
    await sub.until(() => summaries(sub).includes(fence), `the fence after ${what}`, 120_000);
  }

  /**
   * Subscribes (through `urls`, in order) and waits until the subscription is live: a note written
   * after subscribing has arrived. Events published before the gateway admitted a subscription
   * without a cursor are not its to receive.
   */
  async function liveSubscriber(token: string, label: string, urls = graphqlUrls()) {
    const subscriber = await failoverSubscribe(urls, token);
    const marker = `live ${label} ${Math.random().toString(36).slice(2, 8)}`;
    for (;;) {
      const note = await logNote(viaBalancer(), token, marker);
      expect(note).toHaveProperty('id');
      try {
        await subscriber.sub.until(() => summaries(subscriber.sub).includes(marker), `the marker of ${label}`, 5_000);
        return subscriber;
      } catch {
        // admitted after that note: the next one arrives
      }
    }
  }

  const leaderOf = (crm: readonly ServiceProcess[]) => {
    // the log spans restarts: only the running process's own lines say whether it leads now
    const sinceStart = (p: ServiceProcess) => p.log.slice(p.log.map((l) => l.level).lastIndexOf('exit') + 1);
    const last = (p: ServiceProcess) =>
      [...sinceStart(p)].reverse().find((l) => l.msg === 'outbox relay: leading' || l.msg === 'outbox relay: lost the leader lock');
    return crm.find((p) => p.running && last(p)?.msg === 'outbox relay: leading');
  };

  it('starts with both directions flowing to a subscriber', { timeout: 300_000 }, async () => {
    const token = await cluster.token('demo');
    const { sub } = await liveSubscriber(token, 'warm-up');
    const expected: string[] = [];
    const failures: string[] = [];
    await step(token, 'warm-up', expected, failures);
    await settle(sub, token, expected, 'the warm-up');
    expect(failures).toEqual([]);
    expect(summaries(sub).filter((s) => s.startsWith('warm-up'))).toEqual(['warm-up note', 'warm-up ticket']);
    await sub.dispose();
  });

  it('a broker SIGKILLed while events flow both ways, then restarted: nothing lost, nothing applied twice', { timeout: 600_000 }, async () => {
    const token = await cluster.token('demo');
    const { sub, arrivedAt } = await liveSubscriber(token, 'fault');
    const expected: string[] = [];
    const failures: string[] = [];
    for (let i = 1; i <= 5; i++) await step(token, `broker before ${i}`, expected, failures);
    const victim = cluster.kafka.nodes[0]!;
    const killedAt = Date.now();
    await victim.kill();
    const window: string[] = [];
    for (let i = 1; i <= 10; i++) await step(token, `broker down ${i}`, window, failures);
    await victim.start();
    for (let i = 1; i <= 5; i++) await step(token, `broker after ${i}`, window, failures);
    expected.push(...window);
    await settle(sub, token, expected, 'the broker kill');
    const received = summaries(sub).filter((s) => s.startsWith('broker'));
    const r = report('broker SIGKILL + restart', expected, received, window.length, Math.max(...window.map((s) => arrivedAt.get(s) ?? 0)) - killedAt, {
      failedWrites: failures.length,
    });
    expect(failures).toEqual([]);
    expect(r.losses).toBe(0);
    expect(r.duplicates).toBe(0);
    await sub.dispose();
  });

  it('the crm instance leading the outbox relay killed mid-batch: the other takes over, nothing lost or doubled', { timeout: 600_000 }, async () => {
    const token = await cluster.token('demo');
    const { sub, arrivedAt } = await liveSubscriber(token, 'fault');
    const leader = leaderOf(cluster.topology.crm);
    expect(leader).toBeDefined();
    const follower = cluster.topology.crm.find((p) => p !== leader)!;
    const from = follower.log.length;
    const expected: string[] = [];
    const failures: string[] = [];
    // a burst the relay publishes in batches, with the leader killed while it is at it
    const burst = Array.from({ length: 20 }, (_, i) => logNote(viaBalancer(), token, `relay burst ${i + 1}`));
    const killedAt = Date.now();
    await leader!.kill('SIGKILL');
    for (const [i, note] of (await Promise.all(burst)).entries()) {
      if ('id' in note) expected.push(`relay burst ${i + 1}`);
      else failures.push(note.code);
    }
    for (let i = 1; i <= 5; i++) await step(token, `relay after ${i}`, expected, failures);
    await follower.waitForLog((l) => l.msg === 'outbox relay: leading', 60_000, from);
    await settle(sub, token, expected, 'the relay leader kill');
    const received = summaries(sub).filter((s) => s.startsWith('relay'));
    const r = report('outbox relay leader SIGKILL', expected, received, burst.length, Math.max(...expected.map((s) => arrivedAt.get(s) ?? 0)) - killedAt, {
      failedWrites: failures.length,
      failedWriteCodes: [...new Set(failures)].join(',') || 'none',
    });
    expect(r.losses).toBe(0);
    expect(r.duplicates).toBe(0);
    // back to two instances for the next test
    await leader!.start();
    await sub.dispose();
  });

  it('a gateway killed under live subscriptions: its clients resume on the other by cursor, no gap, no duplicate', { timeout: 600_000 }, async () => {
    const token = await cluster.token('demo');
    const [first, second] = cluster.topology.gateways;
    // every subscriber starts on the first gateway
    const subscribers = await Promise.all([1, 2, 3].map((n) => liveSubscriber(token, `gateway ${n}`, [`${first!.url}/graphql`, `${second!.url}/graphql`])));
    const expected: string[] = [];
    const failures: string[] = [];
    for (let i = 1; i <= 5; i++) await step(token, `gateway before ${i}`, expected, failures);
    for (const { sub } of subscribers) await sub.until(() => expected.every((s) => summaries(sub).includes(s)), 'the events before the kill', 120_000);
    const killedAt = Date.now();
    await first!.kill('SIGKILL');
    const window: string[] = [];
    for (let i = 1; i <= 10; i++) await step(token, `gateway down ${i}`, window, failures);
    expected.push(...window);
    for (const [n, { sub, arrivedAt }] of subscribers.entries()) {
      await settle(sub, token, expected, `the gateway kill (subscriber ${n + 1})`);
      const received = summaries(sub).filter((s) => s.startsWith('gateway'));
      const r = report(
        `gateway SIGKILL, subscriber ${n + 1}`,
        expected,
        received,
        window.length,
        Math.max(...window.map((s) => arrivedAt.get(s) ?? 0)) - killedAt,
        {
          reconnections: sub.closes.length,
        },
      );
      expect(r.losses).toBe(0);
      expect(r.duplicates).toBe(0);
    }
    expect(failures).toEqual([]);
    await first!.start();
    for (const { sub } of subscribers) await sub.dispose();
  });

  it(
    'PostgreSQL restarted: requests in the gap fail fast with SERVICE_UNAVAILABLE, and every service recovers without a restart',
    { timeout: 600_000 },
    async () => {
      const token = await cluster.token('demo');
      const { sub, arrivedAt } = await liveSubscriber(token, 'postgres');
      const pids = cluster.topology.all.map((p) => p.pid);
      const logsFrom = cluster.topology.all.map((p) => p.log.length);
      const expected: string[] = [];
      const failures: string[] = [];
      // events still on their way (through crm's consumer, the outbox, the gateways) when the server stops
      for (let i = 1; i <= 3; i++) await step(token, `postgres before ${i}`, expected, failures);
      const stoppedAt = Date.now();
      await cluster.postgres.stop();
      const gap: { code: string; ms: number }[] = [];
      const ask = async (query: string, variables: Record<string, unknown> = {}) => {
        const t0 = Date.now();
        const res = await graphqlRequest(viaBalancer(), query, variables, token);
        gap.push({ code: String(res.body.errors?.[0]?.extensions?.['code'] ?? 'ok'), ms: Date.now() - t0 });
      };
      // PSA keeps publishing while the database is away: crm's consumer must hold these, not drop or dead-letter them
      const window: string[] = [];
      for (let i = 1; i <= 5; i++) {
        await ask('{ company(id: "cmp_acme") { name } }');
        await ask('mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }', {
          input: { type: 'NOTE', summary: `postgres gap write ${i}`, companyId: 'cmp_acme' },
        });
        await publishTicket(cluster.bus, `postgres down ${i} ticket`);
        window.push(`postgres down ${i} ticket`);
      }
      // down for a few seconds: the length of the outage is the fault itself
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, stoppedAt + 6_000 - Date.now())));
      await cluster.postgres.start();
      const restartedAt = Date.now();
      // the first write that succeeds again, through the same processes
      let firstOk = 0;
      let attempt = 0;
      await expect
        .poll(
          async () => {
            const label = `postgres back ${++attempt} note`;
            if ('code' in (await logNote(viaBalancer(), token, label))) return false;
            window.push(label);
            firstOk = Date.now();
            return true;
          },
          { timeout: 60_000, interval: 200 },
        )
        .toBe(true);
      for (let i = 1; i <= 3; i++) await step(token, `postgres after ${i}`, window, failures);
      expected.push(...window);
      await settle(sub, token, expected, 'the PostgreSQL restart');
      const received = summaries(sub).filter((s) => s.startsWith('postgres') && !s.startsWith('postgres gap'));
      const deadLettered = cluster.topology.all.flatMap((p, i) => p.log.slice(logsFrom[i]).filter((l) => l.msg === 'bus: event dead-lettered'));
      const r = report('PostgreSQL restart (6 s down)', expected, received, window.length, Math.max(...window.map((s) => arrivedAt.get(s) ?? 0)) - stoppedAt, {
        gapCodes: [...new Set(gap.map((g) => g.code))].join(','),
        slowestGapAnswerMs: Math.max(...gap.map((g) => g.ms)),
        writesBackAfterMs: firstOk - restartedAt,
        failedWrites: failures.length,
        deadLetters: deadLettered.length,
      });
      expect(gap.map((g) => g.code)).toEqual(gap.map(() => 'SERVICE_UNAVAILABLE'));
      expect(failures).toEqual([]);
      expect(deadLettered).toEqual([]);
      expect(r.losses).toBe(0);
      expect(r.duplicates).toBe(0);
      // no gap write got through, and no process was restarted
      expect(summaries(sub).filter((s) => s.startsWith('postgres gap'))).toEqual([]);
      expect(cluster.topology.all.map((p) => p.pid)).toEqual(pids);
      await sub.dispose();
    },
  );

  it(
    'graceful SIGTERM of a gateway, the relay-leading crm and an integrations instance under load: nothing refused or lost, subscribers resume elsewhere, consumers leave their groups',
    { timeout: 600_000 },
    async () => {
      const token = await cluster.token('demo');
      const [gateway] = cluster.topology.gateways;
      const subscriber = await liveSubscriber(token, 'sigterm', graphqlUrls());
      const { sub, arrivedAt } = subscriber;
      const expected: string[] = [];
      const failures: string[] = [];
      await step(token, 'sigterm before', expected, failures);
      await sub.until(() => expected.every((s) => summaries(sub).includes(s)), 'the events before SIGTERM', 120_000);
      const leader = leaderOf(cluster.topology.crm)!;
      expect(leader).toBeDefined();
      const follower = cluster.topology.crm.find((p) => p !== leader)!;
      const integrations = cluster.topology.integrations[0]!;
      const groups = ['crm.psa-events', 'integrations.deal-won-psa'];
      const before = await Promise.all(groups.map((g) => describeConsumerGroup(cluster.kafka.brokerList, g, adminLogin())));
      expect(before.map((g) => g.memberIds.length)).toEqual([2, 2]);

      // load through the balancer: writes (gateway → crm, out through the outbox) and reads of integrations' fields
      let loading = true;
      let sent = 0;
      const answered: string[] = [];
      const loadFailures: string[] = [];
      const worker = async (w: number) => {
        for (let i = 1; loading; i++) {
          sent++;
          if (i % 2 === 0) {
            const res = await graphqlRequest(viaBalancer(), '{ company(id: "cmp_acme") { name psa { linked } } }', {}, token).catch((e: unknown) => ({
              status: 0,
              body: { errors: [{ message: String(e), extensions: { code: (e as Error).message } }] },
            }));
            const code = res.body.errors?.[0]?.extensions?.['code'];
            if (code) loadFailures.push(String(code));
            continue;
          }
          const label = `sigterm load ${w}.${i}`;
          const note = await logNote(viaBalancer(), token, label);
          if ('id' in note) answered.push(label);
          else loadFailures.push(note.code);
        }
      };
      const workers = [1, 2, 3].map(worker);
      // requests in flight on every instance when the signals come
      await sub.until(() => summaries(sub).some((s) => s.startsWith('sigterm load')), 'the load flowing', 60_000);
      const inFlightAtTerm = sent - answered.length - loadFailures.length;
      const termAt = Date.now();
      const logFrom = new Map(cluster.topology.all.map((p) => [p, p.log.length]));
      // back to two instances of each for the next test, whatever this one finds
      onTestFinished(() => Promise.all([gateway!.start(), leader.start(), integrations.start()]).then(() => undefined));
      const exits = [gateway!, leader, integrations].map(async (p) => {
        await stopGracefully(p);
        return Date.now();
      });
      // the moment integrations-1 has exited, its consumers are out of their groups (they left: no session timeout to wait for)
      const integrationsExitAt = await exits[2]!;
      const rightAfter = await describeConsumerGroup(cluster.kafka.brokerList, 'integrations.deal-won-psa', adminLogin());
      const exitedAt = await Promise.all(exits);
      const crmRightAfter = await describeConsumerGroup(cluster.kafka.brokerList, 'crm.psa-events', adminLogin());
      let settledGroupMs = 0;
      await expect
        .poll(
          async () => {
            const g = await describeConsumerGroup(cluster.kafka.brokerList, 'integrations.deal-won-psa', adminLogin());
            settledGroupMs = Date.now() - integrationsExitAt;
            return g.state === 'Stable' && g.memberIds.length === 1;
          },
          { timeout: 60_000, interval: 100 },
        )
        .toBe(true);
      await follower.waitForLog((l) => l.msg === 'outbox relay: leading', 60_000, logFrom.get(follower));
      const window: string[] = [];
      for (let i = 1; i <= 5; i++) await step(token, `sigterm after ${i}`, window, failures);
      loading = false;
      await Promise.all(workers);
      expected.push(...answered, ...window);
      await settle(sub, token, expected, 'the SIGTERMs');
      const received = summaries(sub).filter((s) => s.startsWith('sigterm'));
      const r = report(
        'graceful SIGTERM (gateway, relay-leading crm, integrations) under load',
        expected,
        received,
        inFlightAtTerm,
        Math.max(...window.map((s) => arrivedAt.get(s) ?? 0)) - termAt,
        {
          requests: sent,
          failedRequests: loadFailures.length,
          failedCodes: [...new Set(loadFailures)].join(',') || 'none',
          closeCodes: sub.closes.join(',') || 'none',
          slowestExitMs: Math.max(...exitedAt) - termAt,
          groupStableAfterExitMs: settledGroupMs,
        },
      );
      expect(loadFailures).toEqual([]);
      expect(failures).toEqual([]);
      expect(sub.closes).toContain(1001);
      for (const p of [gateway!, leader, integrations]) expect(p.log.slice(logFrom.get(p)).map((l) => l.msg)).toContain('(process exited: 0)');
      // the stopped instances' consumers left at once: only the other instance's member is in each group
      expect(rightAfter.memberIds).toHaveLength(1);
      expect(before[1]!.memberIds).toContain(rightAfter.memberIds[0]);
      expect(crmRightAfter.memberIds).toHaveLength(1);
      expect(before[0]!.memberIds).toContain(crmRightAfter.memberIds[0]);
      expect(r.losses).toBe(0);
      expect(r.duplicates).toBe(0);
      await sub.dispose();
    },
  );

  it(
    'PSA down longer than the consumer session timeout: the group stays stable, only that organisation waits, one project when PSA is back',
    { timeout: 600_000 },
    async () => {
      const admin = await cluster.token('demo', 'Admin');
      const otherAdmin = await cluster.token('demo-2', 'Admin');
      const psaGroup = 'integrations.deal-won-psa';
      const url = viaBalancer();
      const integrationsLogFrom = cluster.topology.integrations.map((p) => p.log.length);
      // both instances in the group, settled after the previous test's restarts
      let before: ConsumerGroupView | undefined;
      await expect
        .poll(
          async () => {
            before = await describeConsumerGroup(cluster.kafka.brokerList, psaGroup, adminLogin());
            return before.state === 'Stable' && before.memberIds.length === 2;
          },
          { timeout: 60_000, interval: 250 },
        )
        .toBe(true);

      const newDealWithProject = async (token: string, input: Record<string, unknown>) => {
        const { createDeal } = await gql<{ createDeal: { id: string } }>(
          url,
          token,
          'mutation($input: CreateDealInput!) { createDeal(input: $input) { id } }',
          {
            input,
          },
        );
        await gql(url, token, 'mutation($id: ID!) { requestPsaProject(dealId: $id) { id } }', { id: createDeal.id });
        return createDeal.id;
      };
      const win = async (token: string, id: string, stageId: string) => {
        const { deal } = await gql<{ deal: { version: number } }>(url, token, 'query($id: ID!) { deal(id: $id) { version } }', { id });
        await gql(url, token, 'mutation($id: ID!, $v: Int!, $stage: ID!) { moveDeal(id: $id, expectedVersion: $v, stageId: $stage) { id } }', {
          id,
          v: deal.version,
          stage: stageId,
        });
      };
      const requestOf = async (token: string, id: string) =>
        (
          await gql<{ deal: { psaProject: { id: string } | null; psaProjectRequest: { status: string; attempts: number } | null } }>(
            url,
            token,
            'query($id: ID!) { deal(id: $id) { psaProject { id } psaProjectRequest { status attempts } } }',
            { id },
          )
        ).deal;
      const suffix = Math.random().toString(36).slice(2, 8);
      const dealId = await newDealWithProject(admin, {
        title: `Cluster outage ${suffix}`,
        companyId: 'cmp_acme',
        pipelineId: 'pl_demo_new_business',
        value: '1200',
      });

      // the group as the broker sees it, sampled through the outage
      const samples: ConsumerGroupView[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          samples.push(await describeConsumerGroup(cluster.kafka.brokerList, psaGroup, adminLogin()));
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();

      cluster.psa.setAvailable(false, 'demo');
      const downAt = Date.now();
      await win(admin, dealId, 'stg_demo_nb_won');
      await expect.poll(async () => (await requestOf(admin, dealId)).psaProjectRequest?.attempts ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

      // meanwhile demo-2 (another partition) wins a deal with a project: it is opened at once
      const otherId = await newDealWithProject(otherAdmin, {
        title: `Cluster while demo waits ${suffix}`,
        companyId: 'cmp_northwind',
        pipelineId: 'pl_demo2_new_business',
        value: '900',
      });
      await win(otherAdmin, otherId, 'stg_demo2_nb_won');
      await expect.poll(async () => (await requestOf(otherAdmin, otherId)).psaProjectRequest?.status, { timeout: 60_000 }).toBe('CREATED');
      const otherCreatedMs = Date.now() - downAt;
      expect((await requestOf(admin, dealId)).psaProjectRequest?.status).toBe('PENDING');

      // down for longer than the 10 s session timeout (the outage's length is the fault itself), then back
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 12_000 - Date.now())));
      const attemptsWhileDown = (await requestOf(admin, dealId)).psaProjectRequest?.attempts ?? 0;
      expect(psaProjectsOf('demo', dealId)).toEqual([]);
      cluster.psa.setAvailable(true, 'demo');
      const backAt = Date.now();
      await expect.poll(async () => (await requestOf(admin, dealId)).psaProjectRequest?.status, { timeout: 120_000 }).toBe('CREATED');
      const createdAt = Date.now();
      sampling = false;
      await sampler;
      const after = await describeConsumerGroup(cluster.kafka.brokerList, psaGroup, adminLogin());

      const projects = psaProjectsOf('demo', dealId);
      const otherProjects = psaProjectsOf('demo-2', otherId);
      const lines = cluster.topology.integrations.flatMap((p, i) => p.log.slice(integrationsLogFrom[i]));
      const deadLetters = lines.filter((l) => l.msg === 'bus: event dead-lettered' && l['consumer'] === psaGroup);
      const membership = lines.filter((l) => /rebalanc|rejoin/.test(l.msg) && l['consumer'] === psaGroup);
      const memberSets = new Set(samples.map((g) => g.memberIds.join(',')));
      report(
        'PSA down 12 s (> 10 s session timeout)',
        [dealId, otherId],
        [...projects, ...otherProjects].map((p) => p.crmDealId),
        2,
        createdAt - downAt,
        {
          attemptsWhileDown,
          otherOrgCreatedAfterMs: otherCreatedMs,
          createdAfterPsaBackMs: createdAt - backAt,
          deadLetters: deadLetters.length,
          rebalances: membership.length,
          groupSamples: samples.length,
          distinctMemberSets: memberSets.size,
        },
      );
      expect(projects).toHaveLength(1);
      expect(otherProjects).toHaveLength(1);
      expect((await requestOf(admin, dealId)).psaProject).toEqual({ id: projects[0]!.id });
      expect(deadLetters).toEqual([]);
      // no rebalance storm: the same two members throughout, the group stable, no member rejoined
      expect(memberSets).toEqual(new Set([before!.memberIds.join(',')]));
      expect(samples.every((g) => g.state === 'Stable')).toBe(true);
      expect(after.memberIds).toEqual(before!.memberIds);
      expect(membership).toEqual([]);
    },
  );

  const psaProjectsOf = (org: string, dealId: string) => cluster.psa.projects(org).filter((p) => p.crmDealId === dealId);
});
