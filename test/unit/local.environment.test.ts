// "Copy Environment for Local Runs": the texts for a shell, SAM (Docker: host.docker.internal) and the Serverless
// Framework point the OpenTelemetry and X-Ray SDKs at the receiver's ports.
import { strict as assert } from 'assert';
import { environmentFor } from '../../src/extension/local/environment';

describe('local receiver: environment for local runs', () => {
  it('shell: export lines on loopback, with the node --require and opentelemetry-instrument runs', () => {
    const t = environmentFor('shell', 4319, 2001);
    assert.match(t, /^export OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/127\.0\.0\.1:4319$/m);
    assert.match(t, /^export OTEL_EXPORTER_OTLP_PROTOCOL=http\/protobuf$/m);
    assert.match(t, /^export OTEL_TRACES_EXPORTER=otlp$/m);
    assert.match(t, /^export AWS_XRAY_DAEMON_ADDRESS=127\.0\.0\.1:2001$/m);
    assert.match(t, /node --require @opentelemetry\/auto-instrumentations-node\/register/);
    assert.match(t, /opentelemetry-instrument/);
  });

  it('sam: an --env-vars file for every function, reaching the host from Docker', () => {
    const env = JSON.parse(environmentFor('sam', 4318, 2000)) as { Parameters: Record<string, string> };
    assert.deepStrictEqual(env.Parameters, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://host.docker.internal:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'otlp', AWS_XRAY_DAEMON_ADDRESS: 'host.docker.internal:2000',
    });
  });

  it('serverless: the -e flags of serverless invoke local', () => {
    const t = environmentFor('serverless', 4318, 2000);
    assert.match(t, /^serverless invoke local -f <function> /);
    assert.match(t, / -e OTEL_EXPORTER_OTLP_ENDPOINT=http:\/\/127\.0\.0\.1:4318 /);
    assert.match(t, / -e AWS_XRAY_DAEMON_ADDRESS=127\.0\.0\.1:2000\n$/);
  });
});
