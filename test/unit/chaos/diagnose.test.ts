import { describe, expect, it } from 'vitest';
import { DETAILED_TASKS, formatUnresolved } from '../../../tools/chaos/diagnose.js';

describe('chaos run: diagnosis of unresolved tasks', () => {
  it('names the task, its row, its workflow and the last events, local activities by name and attempt', () => {
    const text = formatUnresolved(
      [
        {
          taskId: 't-1',
          row: { status: 'sent', branch: null, accepted_at: '2026-12-01T18:35:40.000Z' },
          workflow: {
            status: 'COMPLETED',
            closeTime: '2026-12-01T18:35:45.000Z',
            result: { status: 'delivered', branch: 'success', description: 'success' },
            events: [
              { time: '2026-12-01T18:35:40.100Z', type: 'WORKFLOW_EXECUTION_STARTED' },
              { time: '2026-12-01T18:35:40.900Z', type: 'MARKER_RECORDED', detail: 'resolveTask #1' },
              { time: '2026-12-01T18:35:41.000Z', type: 'WORKFLOW_EXECUTION_COMPLETED' },
            ],
          },
          errors: [],
        },
      ],
      2,
    );
    expect(text).toBe(
      [
        'unresolved task t-1',
        '  row: status=sent, accepted_at=2026-12-01T18:35:40.000Z',
        '  workflow: COMPLETED closed 2026-12-01T18:35:45.000Z result={"status":"delivered","branch":"success","description":"success"}',
        '    … 1 earlier events',
        '    2026-12-01T18:35:40.900Z MARKER_RECORDED resolveTask #1',
        '    2026-12-01T18:35:41.000Z WORKFLOW_EXECUTION_COMPLETED',
      ].join('\n'),
    );
  });

  it('says when there is no row, and what could not be read', () => {
    const text = formatUnresolved([{ taskId: 't-2', errors: ['no workflow'] }]);
    expect(text).toBe(
      ['unresolved task t-2', '  row: none (no tasks row with this id)', '  no workflow'].join('\n'),
    );
    expect(formatUnresolved([])).toBe('');
  });

  it('prints the first tasks in full and the rest by id only', () => {
    const facts = Array.from({ length: DETAILED_TASKS + 2 }, (_, i) => ({ taskId: `t${i}`, errors: [] }));
    const text = formatUnresolved(facts);
    expect(text.match(/^unresolved task /gm)).toHaveLength(DETAILED_TASKS);
    expect(text.split('\n').at(-1)).toBe(
      `… and 2 more unresolved: t${DETAILED_TASKS} t${DETAILED_TASKS + 1}`,
    );
  });
});
