// AWS SAM and plain CloudFormation templates (YAML or JSON): AWS::Serverless::Function and
// AWS::Lambda::Function resources, with SAM Globals, read into DeclaredFunction.
import * as path from 'path';
import { isRecord, parseCfn } from './cfnYaml';
import { NamePart, nameTemplate, splitPlaceholders } from './nameTemplate';
import { architectureOf, DeclaredFunction, NameTemplate } from './types';

/** True when the text looks like a CloudFormation/SAM template (cheap check before parsing). */
export function looksLikeTemplate(text: string): boolean {
  return /AWSTemplateFormatVersion|AWS::Serverless|AWS::Lambda::Function|"Resources"\s*:|^Resources\s*:/m.test(text);
}

export function readTemplate(file: string, text: string): DeclaredFunction[] {
  if (!looksLikeTemplate(text)) return [];
  const parsed = parseCfn(text);
  if (!parsed || !isRecord(parsed.value) || !isRecord(parsed.value.Resources)) return [];
  const root = parsed.value;
  const isSam = root.Transform === 'AWS::Serverless-2016-10-31' || (Array.isArray(root.Transform) && root.Transform.includes('AWS::Serverless-2016-10-31'));
  const globals = isRecord(root.Globals) && isRecord(root.Globals.Function) ? root.Globals.Function : {};
  const dir = path.dirname(file);
  const out: DeclaredFunction[] = [];
  for (const [id, res] of Object.entries(root.Resources as Record<string, unknown>)) {
    if (!isRecord(res)) continue;
    const props = isRecord(res.Properties) ? res.Properties : {};
    if (res.Type === 'AWS::Serverless::Function') {
      const p = { ...globals, ...props };
      if (p.PackageType === 'Image') continue;
      out.push({
        framework: 'sam', declaredIn: file, declaredLine: parsed.resourceLines.get(id), id,
        name: p.FunctionName !== undefined ? cfnName(p.FunctionName) : undefined,
        generated: p.FunctionName === undefined ? { kind: 'cloudformation', idPrefix: id } : undefined,
        handler: str(p.Handler), runtime: str(p.Runtime),
        codeDir: codeDir(dir, p.CodeUri, res.Metadata),
        // sam build with esbuild: the TypeScript entry point named in Metadata.BuildProperties.
        entryFile: esbuildEntry(dir, p.CodeUri, res.Metadata),
        ...sizing(p),
      });
    } else if (res.Type === 'AWS::Lambda::Function') {
      const code = props.Code;
      out.push({
        framework: isSam ? 'sam' : 'cloudformation', declaredIn: file, declaredLine: parsed.resourceLines.get(id), id,
        name: props.FunctionName !== undefined ? cfnName(props.FunctionName) : undefined,
        generated: props.FunctionName === undefined ? { kind: 'cloudformation', idPrefix: id } : undefined,
        handler: str(props.Handler), runtime: str(props.Runtime),
        // `Code: ./src` (aws cloudformation package) is local; S3Bucket/ZipFile code is not.
        codeDir: typeof code === 'string' && !/^s3:\/\//i.test(code) ? path.resolve(dir, code) : dir,
        ...sizing(props),
      });
    }
  }
  return out;
}

/** Architectures, MemorySize and Timeout when written as literals (a !Ref leaves them to other sources). */
function sizing(p: Record<string, unknown>): Pick<DeclaredFunction, 'architecture' | 'memorySizeMb' | 'timeoutS'> {
  const out: Pick<DeclaredFunction, 'architecture' | 'memorySizeMb' | 'timeoutS'> = {};
  const arch = architectureOf(p.Architectures);
  if (arch) out.architecture = arch;
  if (typeof p.MemorySize === 'number') out.memorySizeMb = p.MemorySize;
  if (typeof p.Timeout === 'number') out.timeoutS = p.Timeout;
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function codeDir(templateDir: string, codeUri: unknown, metadata: unknown): string {
  if (typeof codeUri === 'string' && !/^s3:\/\//i.test(codeUri)) return path.resolve(templateDir, codeUri);
  // Inline Metadata.DockerContext etc. are not handler code; fall back to the template folder.
  void metadata;
  return templateDir;
}

function esbuildEntry(templateDir: string, codeUri: unknown, metadata: unknown): string | undefined {
  if (!isRecord(metadata) || metadata.BuildMethod !== 'esbuild' || !isRecord(metadata.BuildProperties)) return undefined;
  const eps = metadata.BuildProperties.EntryPoints;
  const first = Array.isArray(eps) ? eps.find((e) => typeof e === 'string') : undefined;
  if (typeof first !== 'string') return undefined;
  return path.resolve(codeDir(templateDir, codeUri, undefined), first);
}

/** FunctionName as a name template: literals, !Ref/!Sub/!Join, unknown parts as wildcards. */
export function cfnName(v: unknown): NameTemplate {
  return nameTemplate(cfnParts(v));
}

function cfnParts(v: unknown): NamePart[] {
  if (typeof v === 'string' || typeof v === 'number') return [{ literal: String(v) }];
  if (!isRecord(v)) return [{ unknown: '?' }];
  if (typeof v.Ref === 'string') return [{ unknown: v.Ref }];
  const sub = v['Fn::Sub'];
  if (sub !== undefined) {
    const [text, vars] = Array.isArray(sub) ? [sub[0], isRecord(sub[1]) ? sub[1] : {}] : [sub, {} as Record<string, unknown>];
    if (typeof text !== 'string') return [{ unknown: 'Fn::Sub' }];
    return splitPlaceholders(text, (inner) =>
      inner.startsWith('!') ? [{ literal: `\${${inner.slice(1)}}` }] : inner in vars ? cfnParts(vars[inner]) : [{ unknown: inner }]);
  }
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const out: NamePart[] = [];
    join[1].forEach((item, i) => {
      if (i > 0) out.push({ literal: join[0] as string });
      out.push(...cfnParts(item));
    });
    return out;
  }
  const key = Object.keys(v)[0] ?? '?';
  return [{ unknown: key }];
}
