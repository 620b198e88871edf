// CloudFormation / SAM YAML: the short-form intrinsic tags (!Ref, !Sub, ...) read as their long
// JSON form ({ Ref: x }, { 'Fn::Sub': ... }) so one reader handles YAML and JSON templates alike.
import * as YAML from 'yaml';

const FN_TAGS = ['Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr',
  'GetAZs', 'Equals', 'And', 'Or', 'Not', 'Transform', 'ToJsonString', 'Length'];

function longForm(tag: string): string {
  return tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
}

/** A scalar, sequence and mapping variant of every tag: `!Sub 'x'`, `!Sub [x, {..}]`, `!Transform {..}`. */
function cfnTags(): YAML.Tags {
  const tags: YAML.Tags = [];
  for (const t of ['Ref', 'Condition', ...FN_TAGS]) {
    const key = longForm(t);
    // !GetAtt A.B is the scalar form of [A, B].
    const scalar = (s: string) => ({ [key]: t === 'GetAtt' && s.includes('.') ? [s.slice(0, s.indexOf('.')), s.slice(s.indexOf('.') + 1)] : s });
    tags.push({ tag: `!${t}`, resolve: scalar });
    tags.push({ tag: `!${t}`, collection: 'seq', resolve: (seq) => ({ [key]: (seq as YAML.YAMLSeq).toJSON() }) } as YAML.CollectionTag);
    tags.push({ tag: `!${t}`, collection: 'map', resolve: (map) => ({ [key]: (map as YAML.YAMLMap).toJSON() }) } as YAML.CollectionTag);
  }
  return tags;
}

const TAGS = cfnTags();

export interface ParsedTemplate {
  value: unknown;
  /** 1-based line of each top-level `Resources` entry (logical id -> line). */
  resourceLines: Map<string, number>;
}

/** Parses a YAML or JSON template; undefined when it is not one. */
export function parseCfn(text: string): ParsedTemplate | undefined {
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { customTags: TAGS, uniqueKeys: false, prettyErrors: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0) return undefined;
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  const resourceLines = new Map<string, number>();
  const resources = doc.get('Resources', true);
  if (YAML.isMap(resources)) {
    const lc = new YAML.LineCounter();
    // Re-parse with a line counter only for the positions (cheap: templates are small).
    const doc2 = YAML.parseDocument(text, { customTags: TAGS, uniqueKeys: false, lineCounter: lc });
    const res2 = doc2.get('Resources', true);
    if (YAML.isMap(res2)) {
      for (const item of res2.items) {
        const k = item.key as YAML.Scalar | undefined;
        if (k && k.range) resourceLines.set(String(k.value), lc.linePos(k.range[0]).line);
      }
    }
  }
  return { value, resourceLines };
}

/** Plain YAML (serverless.yml): custom tags are not used there, but `${...}` variables are. */
export function parseYaml(text: string): unknown {
  try {
    const doc = YAML.parseDocument(text, { customTags: TAGS, uniqueKeys: false, prettyErrors: false });
    return doc.errors.length ? undefined : (doc.toJS({ maxAliasCount: 1000 }) as unknown);
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
