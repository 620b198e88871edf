// Which Lambda log groups exist (paged DescribeLogGroups, 50 per page) and whether `aws/spans` is there.
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { callAws } from './callAws';
import { AwsConnection, connectionKey, logsClient } from './clients';
import { explainAwsError } from './errors';
import { sharedPacer } from './pacer';
import { LOGS_TPS } from './quotas';

export interface LogGroupInfo {
  name: string;
  arn?: string;
  storedBytes?: number;
  creationTime?: number;
}

export async function listLogGroups(conn: AwsConnection, prefix: string, signal?: AbortSignal, client?: CloudWatchLogsClient): Promise<LogGroupInfo[]> {
  const c = client ?? logsClient(conn);
  const pacer = sharedPacer(connectionKey(conn), 'DescribeLogGroups', conn.tps ?? LOGS_TPS.DescribeLogGroups);
  const out: LogGroupInfo[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await callAws((abortSignal) => c.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, nextToken }), { abortSignal }), { pacer, signal });
      for (const g of page.logGroups ?? []) {
        if (g.logGroupName) out.push({ name: g.logGroupName, arn: g.logGroupArn ?? g.arn?.replace(/:\*$/, ''), storedBytes: g.storedBytes, creationTime: g.creationTime });
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (err) {
    throw await explainAwsError(err, { profile: conn.profile, region: conn.region, endpoint: conn.endpoint, action: 'logs:DescribeLogGroups' });
  }
  return out;
}

export interface Discovery {
  lambdaGroups: LogGroupInfo[];
  spans?: LogGroupInfo;
}

export async function discover(conn: AwsConnection, signal?: AbortSignal, client?: CloudWatchLogsClient): Promise<Discovery> {
  const c = client ?? logsClient(conn);
  const lambdaGroups = await listLogGroups(conn, '/aws/lambda/', signal, c);
  const spans = (await listLogGroups(conn, 'aws/spans', signal, c)).find((g) => g.name === 'aws/spans');
  return { lambdaGroups, spans };
}
