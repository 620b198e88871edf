import { strict as assert } from 'assert';
import * as path from 'path';
import { CodeMap, LensIndex, nodeFileReader } from '../../src/core/code';
import { loadPaths } from '../../src/core/load';
import { listFiles, writeProject } from './code.fixtures';
import { fixture } from './fidelityDir';
import { buildSpanDetails } from '../../src/extension/explorer/logic/spanDetails';

describe('fidelity: error markers and details from log tracebacks', () => {
  it('a Python [ERROR] + traceback in a text log marks the raising line of the workspace file, not site-packages', async () => {
    const lines = ['import json', ...Array.from({ length: 23 }, (_, i) => `# ${i}`), 'def refund(event, context):', "    order = event['order_id']", '    return order', ''];
    const root = writeProject({ 'refunds/app.py': lines.join('\n'), 'template.yaml': 'Resources:\n  Refunds:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: refunds/\n      Handler: app.refund\n      Runtime: python3.12\n' });
    const ds = await loadPaths([fixture('python-unhandled.log')]);
    const code = new CodeMap({ reader: nodeFileReader(), files: [listFiles(root)] });
    const lenses = LensIndex.build(ds, code);
    const marks = lenses.exceptionsFor(path.join(root, 'refunds', 'app.py'));
    assert.equal(marks.length, 1, JSON.stringify(marks));
    assert.equal(marks[0].line, 26);
    assert.equal(marks[0].latestMessage, "KeyError: 'order_id'");
    assert.equal(marks[0].count, 1);
  });

  it('span details list the invocation\'s logged stack whole, the user frame marked and library frames flagged', async () => {
    const ds = await loadPaths([fixture('logs-tail-detailed.log')]);
    const inv = ds.invocations.find((i) => i.status === 'error')!;
    // A log-only trace needs a trace id: give this one a trace the way a REPORT's XRAY TraceId would.
    const { addLogOnlyTraces } = await import('../../src/core/correlate/logTraces');
    inv.traceId = '0123456789abcdef0123456789abcdef';
    const traces = new Map();
    const [trace] = addLogOnlyTraces([inv], traces, { orphans: 0, skewed: 0, cycles: 0 });
    const d = buildSpanDetails(trace, trace.nodes[0], { critical: false });
    assert.equal(d.exceptions.length, 1);
    const x = d.exceptions[0];
    assert.equal(x.from, 'log');
    assert.equal(x.type, 'TypeError');
    assert.deepEqual(x.frames.map((f) => [f.file, !!f.library]), [
      ['/var/task/node_modules/stripe-lite/index.js', true], ['/var/task/src/orders.js', false], ['/var/runtime/index.mjs', true],
    ]);
    assert.equal(x.userFrame, 1);
  });
});
