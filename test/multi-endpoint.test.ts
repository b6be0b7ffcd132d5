/**
 * Several target URLs (replicas of one model): a real run spreads the cases evenly over them,
 * and a replica that dies mid-run is set aside, its cases go to the others, and it is tried
 * again later and used once it is back; no case is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runEval } from './helpers/e2e.ts';
import { startFakeOpenAI, type FakeServer } from './helpers/fake-openai.ts';

const ENV = { CLINIC_TASKS: 'jailbreak-dan,privacy,toxicity,honesty', CLINIC_LANGS: undefined, CLINIC_LIMIT: '20', CLINIC_BACKOFF_BASE_MS: '100', CLINIC_BACKOFF_MAX_MS: '1000' };
const CASES = 4 * 15 * 20;

const servers: FakeServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
async function replica(port?: number) {
  const s = await startFakeOpenAI({ answer: () => "I can't help with that.", latencyMs: 15, ...(port ? { port } : {}) });
  servers.push(s);
  return s;
}

describe('several target URLs', () => {
  it('spread the cases evenly', async () => {
    const rs = [await replica(), await replica(), await replica()];
    const result = await runEval({ ...ENV, CLINIC_TARGET_URL: rs.map((r) => r.url).join(',') });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const served = rs.map((r) => r.served);
    expect(served.reduce((a, b) => a + b, 0)).toBe(CASES);
    for (const n of served) expect(Math.abs(n - CASES / 3) / (CASES / 3)).toBeLessThanOrEqual(0.1);
    expect(Object.values(result.metrics.manifest.requests.answered_by_endpoint)).toEqual(served);
  });

  it('set a dying URL aside, retry it later and lose nothing', async () => {
    const [a, b] = [await replica(), await replica()];
    let c = await replica();
    const port = Number(new URL(c.url).port);
    let revived: FakeServer | undefined;
    let servedBeforeDeath = 0;
    // c dies after 60 answers and comes back on the same URL 1.5 s later.
    const watcher = setInterval(() => {
      if (c.served >= 60 && !revived) {
        revived = c;
        const dead = c;
        servers.splice(servers.indexOf(dead), 1);
        void dead.close().then(() => {
          servedBeforeDeath = dead.served;
          setTimeout(() => {
            void replica(port).then((back) => (c = back));
          }, 1500);
        });
      }
    }, 5);
    const result = await runEval({ ...ENV, CLINIC_TARGET_URL: [a.url, b.url, c.url].join(',') });
    clearInterval(watcher);
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    expect(result.results).toHaveLength(CASES);
    expect(result.results.every((r) => r.response?.output === "I can't help with that.")).toBe(true);
    expect(c).not.toBe(revived);
    // The revived replica was tried again and given work.
    expect(c.served).toBeGreaterThan(0);
    const requests = result.metrics.manifest.requests;
    expect(requests.failed).toBe(0);
    expect(requests.retries_by_kind.connection).toBeGreaterThan(0);
    // Every case was answered once (a request cut off by the death is answered again elsewhere).
    expect(a.served + b.served + servedBeforeDeath + c.served).toBeGreaterThanOrEqual(CASES);
  });
});
