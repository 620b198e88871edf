// The environment that points local runs at the receiver, for "Copy Environment for Local Runs" (no vscode here:
// unit-tested). Ports come from the receiver's addresses; containers (sam local) reach the host as host.docker.internal.

export type EnvironmentKind = 'shell' | 'sam' | 'serverless';

function variables(host: string, otlpPort: number, xrayPort: number): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${host}:${otlpPort}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    AWS_XRAY_DAEMON_ADDRESS: `${host}:${xrayPort}`,
  };
}

/** `export` lines for a shell on this machine, with the `node --require` and `opentelemetry-instrument` runs. */
export function shellEnvironment(otlpPort: number, xrayPort: number): string {
  const v = variables('127.0.0.1', otlpPort, xrayPort);
  return [
    '# OpenTelemetry SDKs (OTLP over HTTP) and X-Ray SDKs (the daemon address) -> the Trace Explorer receiver',
    ...Object.entries(v).map(([k, x]) => `export ${k}=${x}`),
    '# then, for example:',
    '#   node --require @opentelemetry/auto-instrumentations-node/register test/run-handler.js',
    '#   opentelemetry-instrument python -m pytest tests/',
    '',
  ].join('\n');
}

/**
 * An `--env-vars` file for `sam local invoke` / `start-api`: functions run in Docker and reach the host as
 * host.docker.internal. "Parameters" applies to every function.
 */
export function samEnvironment(otlpPort: number, xrayPort: number): string {
  return JSON.stringify({ Parameters: variables('host.docker.internal', otlpPort, xrayPort) }, null, 2) + '\n';
}

/** `serverless invoke local` runs the handler in a local process: its `-e` flags. */
export function serverlessEnvironment(otlpPort: number, xrayPort: number): string {
  const flags = Object.entries(variables('127.0.0.1', otlpPort, xrayPort)).map(([k, x]) => `-e ${k}=${x}`).join(' ');
  return `serverless invoke local -f <function> ${flags}\n`;
}

export function environmentFor(kind: EnvironmentKind, otlpPort: number, xrayPort: number): string {
  return kind === 'sam' ? samEnvironment(otlpPort, xrayPort) : kind === 'serverless' ? serverlessEnvironment(otlpPort, xrayPort) : shellEnvironment(otlpPort, xrayPort);
}
