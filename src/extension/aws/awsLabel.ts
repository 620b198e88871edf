// The name of an AWS fetch in the side bar and the panels (host and engine worker alike; no imports).
export interface AwsLabelParts { profile?: string; region?: string; slowest?: number; logGroups: string[]; live?: boolean; spans?: boolean; xray?: boolean }

export function awsLabel(plan: AwsLabelParts): string {
  return `AWS ${plan.profile ?? 'default'} @ ${plan.region ?? 'default region'}: ${plan.slowest ? `${plan.slowest} slowest of ` : ''}${functionNames(plan).join(', ')}${plan.live ? ' (live)' : ''}`;
}

/** The side bar's detail line: the functions and what else is read. */
export function awsDetail(plan: AwsLabelParts): string {
  return `${functionNames(plan).join(', ')}${plan.spans ? ' + aws/spans' : ''}${plan.xray ? ' + X-Ray' : ''}`;
}

function functionNames(plan: AwsLabelParts): string[] {
  return plan.logGroups.map((g) => g.replace(/^\/aws\/lambda\//, ''));
}
