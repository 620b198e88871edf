// Decides what happens in one trace: which functions run, how long every call takes, what fails.
import type { AttrValue } from '../model';
import type { CallSites } from './callSites';
import { Env, EnvPool } from './envPool';
import { Rng, SteadyRate } from './prng';
import {
  API, FUNCTION_CONFIG, FnName, IDP_HOST, INCIDENTS, LATENCY, MAIL_5XX_RATE, MAIL_HOST, ORDERS_TABLE, PAYMENTS_HOST,
  POST_SHARE, QUEUE, REGION, TOPIC, Timeline, XRAY_SHARE, functionArn, inWindow, ACCOUNT_ID,
} from './scenario';
import type { Frame, LogStyle, SimError, SimInvocation, SimLog, SimSpan, SimTrace, XrayShape } from './simTypes';

export type Special = 'timeout' | 'crash' | undefined;

const SDK_FRAMES = [
  'at throwDefaultError (/var/runtime/node_modules/@aws-sdk/node_modules/@smithy/smithy-client/dist-cjs/index.js:867:20)',
  'at /var/runtime/node_modules/@aws-sdk/node_modules/@smithy/smithy-client/dist-cjs/index.js:876:5',
  'at de_CommandError (/var/runtime/node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js:2254:14)',
  'at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  'at async /var/runtime/node_modules/@aws-sdk/node_modules/@smithy/middleware-serde/dist-cjs/index.js:35:20',
  'at async /var/runtime/node_modules/@aws-sdk/node_modules/@smithy/core/dist-cjs/index.js:168:18',
  'at async /var/runtime/node_modules/@aws-sdk/node_modules/@smithy/middleware-retry/dist-cjs/index.js:320:38',
];

export class Simulator {
  private readonly pools: Record<FnName, EnvPool>;
  private notificationsRedeployed = false;
  private readonly mail5xx: SteadyRate;
  private readonly throttles: SteadyRate;
  private throttledSoFar = 0;
  /** The environment each running invocation holds until it finishes. */
  private readonly running = new Map<SimInvocation, Env>();

  constructor(
    private readonly rng: Rng,
    private readonly sites: CallSites,
    private readonly tl: Timeline,
  ) {
    this.mail5xx = new SteadyRate(rng, MAIL_5XX_RATE);
    this.throttles = new SteadyRate(rng, INCIDENTS.dynamoSpike.throttleRate);
    this.pools = {
      'shop-orders-api': new EnvPool(rng),
      'shop-notifications': new EnvPool(rng),
      'shop-billing': new EnvPool(rng),
    };
  }

  trace(t0: number, special: Special): SimTrace {
    const rng = this.rng;
    const traceId = (Math.floor(t0 / 1000).toString(16).padStart(8, '0') + rng.hex(24)).toLowerCase();
    const route = special || rng.chance(POST_SHARE) ? 'POST /orders' : 'GET /orders/{orderId}';
    const asXray = special !== undefined || rng.chance(XRAY_SHARE);
    const tr: SimTrace = {
      traceId, xrayTraceId: `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`, start: t0, end: t0, route, asXray, sampled: true,
      spans: [], invocations: [],
      tags: { authRejected: false, throttled: false, mail5xx: false, timeout: false, crash: false },
    };
    const s = this.sites;
    const orderId = rng.uuid();
    const path = route === 'POST /orders' ? '/orders' : `/orders/${orderId}`;

    // API Gateway receives the request and invokes the orders function.
    const gw = this.span(tr, {
      name: `${API.name}/${API.stage}`, kind: 'SERVER', owner: 'apigw', start: t0, end: t0, xray: { kind: 'apigw' },
      attributes: {
        'http.request.method': route.split(' ')[0], 'url.full': `https://${API.host}/${API.stage}${path}`,
        'http.route': route.split(' ')[1], 'server.address': API.host, 'aws.api_gateway.rest_api_id': API.restApiId,
        'aws.api_gateway.stage': API.stage,
      },
    });
    const accepted = t0 + this.lat('apigwPre');
    const inv = this.begin(tr, 'shop-orders-api', accepted, gw.spanId, special === 'crash');
    const srv = this.serverSpan(tr, inv, gw.spanId, 'http');
    srv.attributes['http.route'] = route.split(' ')[1];
    srv.attributes['http.request.method'] = route.split(' ')[0];
    let t = inv.start + this.lat('handlerStep');
    this.log(inv, t, 'INFO', `Request ${route}`);

    // Auth check against the identity provider.
    const rejected = inWindow(t0, this.tl.idpBurst) && rng.chance(INCIDENTS.idpBurst.rejectRate);
    const idp = this.http(tr, 'shop-orders-api', srv.spanId, t, this.lat('idp'), 'POST', IDP_HOST, '/oauth2/introspect',
      rejected ? 401 : 200, s.ordersAuthFetch);
    t = idp.end + this.lat('handlerStep');

    let status = 200;
    if (rejected) {
      tr.tags.authRejected = true;
      status = 401;
      this.log(inv, t, 'ERROR',
        `Auth check failed {"errorType":"UnauthorizedError","errorMessage":"Expired token","statusCode":401}`);
      t += this.lat('handlerStep');
    } else if (route === 'GET /orders/{orderId}') {
      const get = this.aws(tr, 'shop-orders-api', srv.spanId, t, this.lat('getItem'), 'DynamoDB', 'GetItem', ORDERS_TABLE, s.ordersGetItem);
      t = get.end + this.lat('handlerStep');
      this.log(inv, t, 'INFO', `Order ${orderId} found`);
    } else {
      const spike = inWindow(t0, this.tl.dynamoSpike);
      const [m, sg] = LATENCY.putItem;
      const throttled = spike && special === undefined && this.throttles.hit();
      // Throttled writes are retried by the SDK with backoff before it gives up.
      const putMs = throttled ? rng.lognormal(m * INCIDENTS.dynamoSpike.factor * 1.6, 0.15)
        : rng.lognormal(spike ? m * INCIDENTS.dynamoSpike.factor : m, sg);
      const put = this.aws(tr, 'shop-orders-api', srv.spanId, t, putMs, 'DynamoDB', 'PutItem', ORDERS_TABLE, s.ordersPutItem);
      t = put.end + this.lat('handlerStep');
      if (throttled) {
        tr.tags.throttled = true;
        // The first throttled write goes to X-Ray so both formats show a throttle (X-Ray has its own flag).
        if (this.throttledSoFar++ === 0) tr.asXray = true;
        const err: SimError = {
          type: 'ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
          frames: [...SDK_FRAMES.map((raw): Frame => ({ raw })), { site: s.ordersPutItem, async: true }, { site: s.ordersCreateOrderCall, async: true }],
        };
        this.fail(put, err, 400);
        put.throttle = true;
        this.fail(srv, err);
        inv.status = 'error';
        inv.errorType = err.type;
        inv.errorMessage = err.message;
        inv.logs.push({ ts: t, level: 'ERROR', message: 'Invoke Error', unhandled: err });
        status = 502;
      } else if (special === 'crash') {
        // The environment is killed mid-request: no response, no more logs from the handler.
        tr.tags.crash = true;
        t += rng.between(30, 80);
        inv.status = 'crash';
        inv.errorType = 'Runtime.ExitError';
        inv.errorMessage = 'Runtime exited with error: signal: killed';
        inv.maxMemoryUsedMb = FUNCTION_CONFIG['shop-orders-api'].memoryMb;
        srv.status = 'ERROR';
        srv.statusMessage = inv.errorMessage;
        status = 502;
      } else {
        const pub = this.aws(tr, 'shop-orders-api', srv.spanId, t, this.lat('publish'), 'SNS', 'Publish', TOPIC, s.ordersPublish);
        t = pub.end + this.lat('handlerStep');
        const send = this.aws(tr, 'shop-orders-api', srv.spanId, t, this.lat('sendMessage'), 'SQS', 'SendMessage', QUEUE, s.ordersSendMessage);
        t = send.end + this.lat('handlerStep');
        this.log(inv, t, 'INFO', `Order ${orderId} created`);
        status = 201;
        this.notifications(tr, pub, orderId);
        this.billing(tr, send, orderId, special === 'timeout');
      }
    }
    this.finish(inv, srv, t + this.lat('handlerStep'));
    srv.httpStatus = inv.status === 'ok' ? status : undefined;
    if (srv.httpStatus) srv.attributes['http.response.status_code'] = srv.httpStatus;
    gw.end = inv.end + this.lat('apigwPost');
    gw.httpStatus = status;
    gw.attributes['http.response.status_code'] = status;
    if (status >= 500) {
      gw.status = 'ERROR';
      gw.statusMessage = status === 502 ? 'Internal server error' : undefined;
    }
    for (const sp of tr.spans) tr.end = Math.max(tr.end, sp.end);
    return tr;
  }

  private notifications(tr: SimTrace, pub: SimSpan, orderId: string): void {
    const rng = this.rng;
    const s = this.sites;
    const accepted = pub.end + this.lat('snsDelivery');
    if (!this.notificationsRedeployed && accepted >= this.tl.notificationsJsonFrom) {
      this.notificationsRedeployed = true;
      this.pools['shop-notifications'].retireAll(this.tl.notificationsJsonFrom);
    }
    const inv = this.begin(tr, 'shop-notifications', accepted, pub.spanId, false);
    const srv = this.serverSpan(tr, inv, pub.spanId, 'pubsub');
    srv.kind = 'CONSUMER';
    srv.linkTo = pub.spanId;
    Object.assign(srv.attributes, { 'messaging.system': 'aws.sns', 'messaging.destination.name': TOPIC, 'messaging.operation.type': 'process' });
    let t = inv.start + this.lat('handlerStep');
    this.log(inv, t, 'INFO', `Sending confirmation for order ${orderId}`);
    const fails = this.mail5xx.hit();
    const code = fails ? rng.pick([500, 502, 503]) : 202;
    const mail = this.http(tr, 'shop-notifications', srv.spanId, t + 0.3, this.lat('mail'), 'POST', MAIL_HOST, '/v3/mail/send', code, s.notificationsHttp);
    t = mail.end + this.lat('handlerStep');
    if (fails) {
      tr.tags.mail5xx = true;
      const err: SimError = {
        type: 'EmailDeliveryError', message: `mail API answered ${code}`,
        frames: [{ site: s.notificationsRaise }, { site: s.notificationsSendCall }],
      };
      this.fail(srv, err);
      inv.status = 'error';
      inv.errorType = err.type;
      inv.errorMessage = err.message;
      inv.logs.push({ ts: t, level: 'ERROR', message: err.message, unhandled: err });
    } else {
      this.log(inv, t, 'INFO', `Confirmation sent for order ${orderId}`);
    }
    this.finish(inv, srv, t + this.lat('handlerStep'));
  }

  private billing(tr: SimTrace, send: SimSpan, orderId: string, hang: boolean): void {
    const rng = this.rng;
    const s = this.sites;
    const accepted = send.end + Math.min(this.lat('sqsPoll'), 2500);
    const inv = this.begin(tr, 'shop-billing', accepted, send.spanId, false);
    const srv = this.serverSpan(tr, inv, send.spanId, 'pubsub');
    srv.kind = 'CONSUMER';
    srv.linkTo = send.spanId;
    Object.assign(srv.attributes, { 'messaging.system': 'aws_sqs', 'messaging.destination.name': QUEUE, 'messaging.operation.type': 'process' });
    const total = Math.round(rng.lognormal(60, 0.6) * 100) / 100;
    let t = inv.start + this.lat('handlerStep');
    this.log(inv, t, 'INFO', 'Charging order', { orderId, total });
    if (hang) {
      // The payment API never answers; Lambda stops the function at its timeout.
      tr.tags.timeout = true;
      const cfg = FUNCTION_CONFIG['shop-billing'];
      inv.status = 'timeout';
      inv.errorType = 'Sandbox.Timedout';
      inv.errorMessage = `Task timed out after ${(cfg.timeoutMs / 1000).toFixed(2)} seconds`;
      const pay = this.http(tr, 'shop-billing', srv.spanId, t + 0.5, cfg.timeoutMs - (t + 0.5 - inv.start), 'POST', PAYMENTS_HOST, '/v1/charges', 0, s.billingFetch);
      delete pay.httpStatus;
      delete pay.attributes['http.response.status_code'];
      pay.status = 'ERROR';
      pay.statusMessage = 'Task timed out';
      srv.status = 'ERROR';
      srv.statusMessage = inv.errorMessage;
      this.finish(inv, srv, inv.start + cfg.timeoutMs);
      return;
    }
    const pay = this.http(tr, 'shop-billing', srv.spanId, t + 0.5, this.lat('payment'), 'POST', PAYMENTS_HOST, '/v1/charges', 201, s.billingFetch);
    t = pay.end + this.lat('handlerStep');
    const upd = this.aws(tr, 'shop-billing', srv.spanId, t, this.lat('updateItem'), 'DynamoDB', 'UpdateItem', ORDERS_TABLE, s.billingUpdateItem);
    t = upd.end + this.lat('handlerStep');
    this.log(inv, t, 'INFO', 'Order paid', { orderId, chargeId: `ch_${rng.hex(24)}` });
    this.finish(inv, srv, t + this.lat('handlerStep'));
  }

  // --- building blocks -------------------------------------------------------------------------

  private lat(name: keyof typeof LATENCY): number {
    const [median, sigma] = LATENCY[name];
    return this.rng.lognormal(median, sigma);
  }

  private span(tr: SimTrace, p: Omit<SimSpan, 'spanId' | 'status'> & { status?: SimSpan['status'] }): SimSpan {
    const sp: SimSpan = { spanId: this.rng.spanId(), status: 'UNSET', ...p };
    tr.spans.push(sp);
    return sp;
  }

  /** Starts an invocation accepted at `accepted`: a cold start runs Init first. */
  private begin(tr: SimTrace, fn: FnName, accepted: number, triggerSpanId: string, killAfter: boolean): SimInvocation {
    const cfg = FUNCTION_CONFIG[fn];
    const { env, cold } = this.pools[fn].acquire(accepted);
    const initMs = cold ? this.rng.lognormal(cfg.initMedianMs, 0.15) : undefined;
    const start = accepted + (initMs ?? 0);
    const growth = Math.min(env.invocations * 0.05, 18);
    const inv: SimInvocation = {
      fn, requestId: this.rng.uuid(), logStream: env.logStream, logStyle: this.logStyle(fn, accepted), cold,
      initStart: cold ? accepted : undefined, initDurationMs: initMs, start, end: start,
      maxMemoryUsedMb: Math.round(cfg.baseMemoryMb + growth + this.rng.between(0, 3)),
      status: 'ok', logs: [], serverSpanId: '', lambdaSegmentId: this.rng.spanId(), triggerSpanId,
    };
    tr.invocations.push(inv);
    this.running.set(inv, env);
    if (killAfter) this.pools[fn].kill(env);
    return inv;
  }

  private finish(inv: SimInvocation, srv: SimSpan, end: number): void {
    inv.end = end;
    srv.end = end;
    const env = this.running.get(inv);
    this.running.delete(inv);
    if (env) this.pools[inv.fn].release(env, end);
  }

  private logStyle(fn: FnName, t: number): LogStyle {
    if (fn === 'shop-orders-api') return 'node-text';
    if (fn === 'shop-billing') return 'powertools';
    return t >= this.tl.notificationsJsonFrom ? 'python-json' : 'python-text';
  }

  private serverSpan(tr: SimTrace, inv: SimInvocation, parentId: string, trigger: string): SimSpan {
    const site = inv.fn === 'shop-orders-api' ? this.sites.ordersHandler
      : inv.fn === 'shop-notifications' ? this.sites.notificationsHandler : this.sites.billingHandler;
    const sp = this.span(tr, {
      name: inv.fn, kind: 'SERVER', owner: inv.fn, parentId, start: inv.start, end: inv.start, site, invocation: inv,
      xray: { kind: 'function' },
      attributes: {
        'faas.invocation_id': inv.requestId, 'faas.name': inv.fn, 'faas.trigger': trigger, 'faas.coldstart': inv.cold,
        'cloud.resource_id': functionArn(inv.fn), 'cloud.account.id': ACCOUNT_ID,
        'code.filepath': site.deployedPath, 'code.lineno': site.line, 'code.function': site.function,
      },
    });
    inv.serverSpanId = sp.spanId;
    return sp;
  }

  private http(tr: SimTrace, owner: FnName, parentId: string, start: number, ms: number, method: string, host: string,
    urlPath: string, code: number, site: CallSites[keyof CallSites]): SimSpan {
    const url = `https://${host}${urlPath}`;
    const xray: XrayShape = { kind: 'http', host, url, method };
    const sp = this.span(tr, {
      name: method, kind: 'CLIENT', owner, parentId, start, end: start + ms, site, xray, httpStatus: code,
      attributes: {
        'http.request.method': method, 'url.full': url, 'server.address': host, 'server.port': 443,
        'http.response.status_code': code, ...this.codeAttrs(site),
      },
    });
    if (code >= 400) {
      sp.status = 'ERROR';
      sp.attributes['error.type'] = String(code);
    }
    return sp;
  }

  private aws(tr: SimTrace, owner: FnName, parentId: string, start: number, ms: number,
    service: 'DynamoDB' | 'SNS' | 'SQS', operation: string, resource: string, site: CallSites[keyof CallSites]): SimSpan {
    const attributes: Record<string, AttrValue> = {
      'rpc.system': 'aws-api', 'rpc.service': service, 'rpc.method': operation, 'cloud.region': REGION,
      'aws.request_id': this.awsRequestId(service), 'http.response.status_code': 200, ...this.codeAttrs(site),
    };
    let kind: SimSpan['kind'] = 'CLIENT';
    let name = `${service}.${operation}`;
    if (service === 'DynamoDB') {
      attributes['db.system'] = 'dynamodb';
      attributes['db.operation'] = operation;
      attributes['aws.dynamodb.table_names'] = [resource];
    } else {
      kind = 'PRODUCER';
      name = `${resource} send`;
      attributes['messaging.system'] = service === 'SNS' ? 'aws.sns' : 'aws_sqs';
      attributes['messaging.destination.name'] = resource;
      attributes['messaging.operation.type'] = 'send';
      if (service === 'SNS') attributes['aws.sns.topic.arn'] = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${resource}`;
      else attributes['messaging.url'] = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${resource}`;
    }
    return this.span(tr, {
      name, kind, owner, parentId, start, end: start + ms, site, httpStatus: 200, attributes,
      xray: { kind: 'aws', service, operation, resource },
    });
  }

  private codeAttrs(site: CallSites[keyof CallSites]): Record<string, AttrValue> {
    return { 'code.filepath': site.deployedPath, 'code.lineno': site.line, 'code.function': site.function };
  }

  private awsRequestId(service: string): string {
    // DynamoDB request ids are 52 upper-case base32-ish characters; SNS/SQS use UUIDs.
    if (service !== 'DynamoDB') return this.rng.uuid();
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let id = '';
    for (let i = 0; i < 52; i++) id += abc[Math.floor(this.rng.next() * abc.length)];
    return id;
  }

  private log(inv: SimInvocation, ts: number, level: SimLog['level'], message: string, fields?: SimLog['fields']): void {
    inv.logs.push({ ts, level, message, fields });
  }

  private fail(sp: SimSpan, err: SimError, httpStatus?: number): void {
    sp.status = 'ERROR';
    sp.statusMessage = err.message;
    sp.error = err;
    if (httpStatus !== undefined) {
      sp.httpStatus = httpStatus;
      sp.attributes['http.response.status_code'] = httpStatus;
      sp.attributes['error.type'] = err.type;
    }
  }
}
