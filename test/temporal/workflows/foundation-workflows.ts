/** Workflows that prove the provisioned servers work; the product's workflows live in workflows/. */
import {
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';

/** Sleeps a week of workflow time and returns how much workflow time passed. */
export async function sevenDayTimerWorkflow(): Promise<number> {
  const before = Date.now();
  await sleep('7 days');
  return Date.now() - before;
}

export const releaseSignal = defineSignal<[string]>('release');
export const stageQuery = defineQuery<string>('stage');

interface EchoActivities {
  echo(text: string): Promise<string>;
}

/** Round trip: an activity, a query while waiting, a signal, a result. */
export async function roundTripWorkflow(input: { greeting: string }): Promise<string> {
  const { echo } = proxyActivities<EchoActivities>({ startToCloseTimeout: '10s' });
  let stage = 'started';
  let releasedBy: string | undefined;
  setHandler(stageQuery, () => stage);
  setHandler(releaseSignal, (who) => {
    releasedBy = who;
  });
  const echoed = await echo(input.greeting);
  stage = 'waiting';
  await condition(() => releasedBy !== undefined);
  return `${echoed}, released by ${releasedBy}`;
}
