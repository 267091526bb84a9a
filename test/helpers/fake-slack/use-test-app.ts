import { afterEach } from 'vitest';
import { FakeSlack } from './fake-slack.ts';
import { startTestApp, type TestApp, type TestAppOptions } from './start-test-app.ts';

export type UseTestAppDefaults = {
  mode?: 'socket' | 'http';
  /** Channels where the fake insists on thread_ts (incident channels for @meshdoc tests). */
  threadExpected?: readonly string[];
};

export type StartedApp = {
  fake: FakeSlack;
  app: TestApp;
  /** HTTP mode: Bolt's /slack/events. */
  url: string;
};

/**
 * The set-up every Slack end-to-end test file shares: a fresh fake Slack and a real meshdoc app
 * per test, both stopped after it. Call at the top of the file; `start` in each test.
 */
export function useTestApp(defaults: UseTestAppDefaults = {}) {
  let fake: FakeSlack | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    await fake?.stop();
    app = fake = undefined;
  });
  const startSlack = async (): Promise<FakeSlack> => {
    fake = await FakeSlack.start();
    for (const channel of defaults.threadExpected ?? []) fake.state.threadExpected.add(channel);
    return fake;
  };
  return {
    /** The fake Slack and the app on it; options as startTestApp's, mode defaulting to the file's. */
    async start(options: Omit<TestAppOptions, 'fake' | 'mode'> = {}): Promise<StartedApp> {
      const started = await startSlack();
      app = await startTestApp({ fake: started, mode: defaults.mode ?? 'socket', ...options });
      return { fake: started, app, url: app.eventsUrl ?? '' };
    },
    /** Only the fake Slack, for tests of Slack-facing parts without the app. */
    startSlack,
  };
}
