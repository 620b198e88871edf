// Where in the sample app's source each span and stack frame points. Lines are found by searching the
// real files for the call text, so editing a handler keeps the generated line numbers right.
import * as fs from 'fs';
import * as path from 'path';

/** Deployed root of a zip-packaged Lambda function. */
export const TASK_ROOT = '/var/task';

export interface CallSite {
  /** Path inside the app folder, e.g. `src/orders/handler.js`. */
  file: string;
  /** Path as the runtime reports it, e.g. `/var/task/src/orders/handler.js`. */
  deployedPath: string;
  /** 1-based line and column of `needle`. */
  line: number;
  column: number;
  /** Enclosing function, as a stack frame names it. */
  function: string;
  /** The text searched for; the test checks the line still contains it. */
  needle: string;
  /** The whole source line (Python tracebacks print it). */
  text: string;
}

interface SiteSpec {
  file: string;
  needle: string;
  function: string;
}

const ORDERS = 'src/orders/handler.js';
const NOTIFICATIONS = 'src/notifications/handler.py';
/** Billing runs the bundled output; spans and frames point at it and a source map leads back to the .ts. */
const BILLING = 'src/billing/dist/handler.js';

const SPECS = {
  ordersHandler: { file: ORDERS, needle: 'exports.handler = async', function: 'Runtime.handler' },
  ordersCheckAuthCall: { file: ORDERS, needle: 'await checkAuth(event.headers)', function: 'Runtime.handler' },
  ordersAuthFetch: { file: ORDERS, needle: 'await fetch(`${IDP_URL}/oauth2/introspect`', function: 'checkAuth' },
  ordersThrow401: { file: ORDERS, needle: "throw new UnauthorizedError('Expired token')", function: 'checkAuth' },
  ordersCreateOrderCall: { file: ORDERS, needle: 'await createOrder(', function: 'Runtime.handler' },
  ordersPutItem: { file: ORDERS, needle: 'ddb.send(new PutItemCommand', function: 'createOrder' },
  ordersPublish: { file: ORDERS, needle: 'sns.send(new PublishCommand', function: 'createOrder' },
  ordersSendMessage: { file: ORDERS, needle: 'sqs.send(new SendMessageCommand', function: 'createOrder' },
  ordersGetOrderCall: { file: ORDERS, needle: 'await getOrder(', function: 'Runtime.handler' },
  ordersGetItem: { file: ORDERS, needle: 'ddb.send(new GetItemCommand', function: 'getOrder' },
  notificationsHandler: { file: NOTIFICATIONS, needle: 'def handler(', function: 'handler' },
  notificationsSendCall: { file: NOTIFICATIONS, needle: 'send_email(order)', function: 'handler' },
  notificationsHttp: { file: NOTIFICATIONS, needle: 'http.request("POST"', function: 'send_email' },
  notificationsRaise: { file: NOTIFICATIONS, needle: 'raise EmailDeliveryError(', function: 'send_email' },
  billingHandler: { file: BILLING, needle: 'const handler = async', function: 'Runtime.handler' },
  billingChargeCall: { file: BILLING, needle: 'await charge(msg)', function: 'Runtime.handler' },
  billingFetch: { file: BILLING, needle: 'await fetch(PAYMENTS_URL', function: 'charge' },
  billingMarkPaidCall: { file: BILLING, needle: 'await markPaid(', function: 'Runtime.handler' },
  billingUpdateItem: { file: BILLING, needle: 'ddb.send(new client_dynamodb_1.UpdateItemCommand', function: 'markPaid' },
} satisfies Record<string, SiteSpec>;

export type CallSiteName = keyof typeof SPECS;
export type CallSites = Record<CallSiteName, CallSite>;

/** Reads the app's sources and locates every call site; throws if a needle is missing or ambiguous. */
export function loadCallSites(appDir: string): CallSites {
  const cache = new Map<string, string[]>();
  const linesOf = (file: string): string[] => {
    let lines = cache.get(file);
    if (!lines) {
      lines = fs.readFileSync(path.join(appDir, file), 'utf8').split(/\r?\n/);
      cache.set(file, lines);
    }
    return lines;
  };
  const out = {} as CallSites;
  for (const [name, spec] of Object.entries(SPECS) as [CallSiteName, SiteSpec][]) {
    const lines = linesOf(spec.file);
    const hits = lines.flatMap((text, i) => (text.includes(spec.needle) ? [i] : []));
    if (hits.length !== 1) {
      throw new Error(`sample call site ${name}: "${spec.needle}" found ${hits.length} times in ${spec.file}`);
    }
    const text = lines[hits[0]];
    out[name] = {
      file: spec.file,
      deployedPath: `${TASK_ROOT}/${spec.file}`,
      line: hits[0] + 1,
      column: text.indexOf(spec.needle) + 1,
      function: spec.function,
      needle: spec.needle,
      text,
    };
  }
  return out;
}

/** Default location of the sample app, next to the compiled module or the working directory. */
export function findAppDir(): string {
  const candidates = [
    path.resolve(__dirname, '../../../../samples/app'), // out/src/core/sample -> repo
    path.resolve(__dirname, '../../../samples/app'),
    path.resolve(process.cwd(), 'samples/app'),
  ];
  return candidates.find((c) => fs.existsSync(path.join(c, 'template.yaml'))) ?? candidates[candidates.length - 1];
}
