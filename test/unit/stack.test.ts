import { strict as assert } from 'assert';
import { framesFromStackArray, parseStackFrames } from '../../src/core/readers/stack';

describe('parseStackFrames', () => {
  it('reads Node.js frames: named, anonymous, async with file:// URL, constructors; drops frames without a line', () => {
    const text = [
      'Error: boom',
      '    at handler (/var/task/src/orders.js:42:13)',
      '    at /var/task/index.js:7:5',
      '    at async Runtime.handler (file:///var/task/app.mjs:3:9)',
      '    at new Order (/var/task/src/order.js:10:1)',
      '    at new Promise (<anonymous>)',
      '    at async Promise.all (index 0)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    assert.deepEqual(parseStackFrames(text), [
      { file: '/var/task/src/orders.js', line: 42, column: 13, function: 'handler' },
      { file: '/var/task/index.js', line: 7, column: 5 },
      { file: '/var/task/app.mjs', line: 3, column: 9, function: 'async Runtime.handler' },
      { file: '/var/task/src/order.js', line: 10, column: 1, function: 'new Order' },
      { file: 'node:internal/process/task_queues', line: 95, column: 5, function: 'process.processTicksAndRejections' },
    ]);
  });

  it('reads Python tracebacks in text order (outermost call first), also with \\r separators', () => {
    const text = 'Traceback (most recent call last):\r  File "/var/task/app.py", line 42, in handler\r    return process(event)\r' +
      '  File "/var/task/lib/process.py", line 7, in process\r    raise KeyError("id")';
    assert.deepEqual(parseStackFrames(text), [
      { file: '/var/task/app.py', line: 42, function: 'handler' },
      { file: '/var/task/lib/process.py', line: 7, function: 'process' },
    ]);
  });

  it('reads Java frames with the package as a path; drops Native Method frames', () => {
    const text = 'java.lang.RuntimeException: boom\n\tat com.example.Handler.handleRequest(Handler.java:42)\n' +
      '\tat com.example.Handler$Inner.run(Handler.java:7)\n\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n' +
      '\tat java.base/java.lang.Thread.run(Thread.java:829)\n\tat Main.main(Main.java:3)';
    assert.deepEqual(parseStackFrames(text), [
      { file: 'com/example/Handler.java', line: 42, function: 'com.example.Handler.handleRequest' },
      { file: 'com/example/Handler.java', line: 7, function: 'com.example.Handler$Inner.run' },
      { file: 'java/lang/Thread.java', line: 829, function: 'java.lang.Thread.run' },
      { file: 'Main.java', line: 3, function: 'Main.main' },
    ]);
  });

  it('reads Go panic traces, taking the function from the line above', () => {
    const text = 'panic: runtime error: index out of range\n\ngoroutine 1 [running]:\nmain.(*Server).handle(0xc000010000, 0x1)\n' +
      '\t/var/task/main.go:42 +0x1d\nmain.main()\n\t/var/task/main.go:10 +0x25';
    assert.deepEqual(parseStackFrames(text), [
      { file: '/var/task/main.go', line: 42, function: 'main.(*Server).handle' },
      { file: '/var/task/main.go', line: 10, function: 'main.main' },
    ]);
  });

  it('reads .NET and Ruby frames', () => {
    assert.deepEqual(parseStackFrames('   at Orders.Function.Handler(String input) in /src/Orders/Function.cs:line 27'), [
      { file: '/src/Orders/Function.cs', line: 27, function: 'Orders.Function.Handler' },
    ]);
    assert.deepEqual(parseStackFrames("/var/task/function.rb:5:in `handler'\n\tfrom /var/task/lib/x.rb:9:in 'Object#call'"), [
      { file: '/var/task/function.rb', line: 5, function: 'handler' },
      { file: '/var/task/lib/x.rb', line: 9, function: 'Object#call' },
    ]);
  });

  it('finds nothing in text without frames, and never throws on garbage', () => {
    assert.deepEqual(parseStackFrames('just a message: with (parens) and at the end'), []);
    assert.deepEqual(parseStackFrames(''), []);
    assert.deepEqual(parseStackFrames('at (:)\nat x (:1:)\nFile "", line , in \n)(\n:in \n.go:'), []);
    const big = 'x'.repeat(300_000) + '\n    at f (/var/task/a.js:1:2)';
    assert.deepEqual(parseStackFrames(big), [{ file: '/var/task/a.js', line: 1, column: 2, function: 'f' }]);
  });
});

describe('framesFromStackArray', () => {
  it('reads a Node.js stackTrace array', () => {
    const frames = framesFromStackArray(['Error: boom', '    at Runtime.handler (/var/task/index.js:3:9)', '    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)']);
    assert.deepEqual(frames, [
      { file: '/var/task/index.js', line: 3, column: 9, function: 'Runtime.handler' },
      { file: '/var/runtime/index.mjs', line: 1173, column: 29, function: 'Runtime.handleOnceNonStreaming' },
    ]);
  });

  it('reads Java stackTrace arrays (no `at`), Python strings holding two lines, and the old Python array form', () => {
    assert.deepEqual(framesFromStackArray(['example.Handler.handleRequest(Handler.java:22)']), [
      { file: 'example/Handler.java', line: 22, function: 'example.Handler.handleRequest' },
    ]);
    assert.deepEqual(framesFromStackArray(['  File "/var/task/lambda_function.py", line 3, in lambda_handler\n    raise Exception("boom")\n']), [
      { file: '/var/task/lambda_function.py', line: 3, function: 'lambda_handler' },
    ]);
    assert.deepEqual(framesFromStackArray([['/var/task/app.py', 8, 'handler', 'raise ValueError()']]), [
      { file: '/var/task/app.py', line: 8, function: 'handler' },
    ]);
  });

  it('accepts a single string and ignores anything else', () => {
    assert.equal(framesFromStackArray('Error\n    at f (/a.js:1:1)').length, 1);
    assert.deepEqual(framesFromStackArray(undefined), []);
    assert.deepEqual(framesFromStackArray({ stack: 'at f (/a.js:1:1)' }), []);
    assert.deepEqual(framesFromStackArray([42, null, {}, [null, 1]]), []);
  });
});
