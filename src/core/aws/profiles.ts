// Profile names and settings from the shared config and credentials files (the same files and env variables the
// AWS CLI and SDK read), for the profile picker and for choosing the right advice when credentials fail.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

export function configFile(): string {
  return process.env.AWS_CONFIG_FILE ?? path.join(os.homedir(), '.aws', 'config');
}

export function credentialsFile(): string {
  return process.env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(os.homedir(), '.aws', 'credentials');
}

/** INI sections as name -> key/values; `[profile x]` in the config file is profile `x`. */
export function parseIni(text: string, isConfig: boolean): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      let name = sec[1].trim();
      if (isConfig) {
        if (name.startsWith('profile ')) name = name.slice(8).trim();
        else if (name !== 'default') { current = undefined; continue; } // sso-session / services sections
      }
      current = out.get(name) ?? {};
      out.set(name, current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv && current) current[kv[1].trim()] = kv[2].trim();
  }
  return out;
}

async function read(file: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch(() => '');
}

export interface ProfileInfo {
  name: string;
  region?: string;
  sso: boolean;
  source: ('config' | 'credentials')[];
}

export async function listProfiles(): Promise<ProfileInfo[]> {
  const config = parseIni(await read(configFile()), true);
  const creds = parseIni(await read(credentialsFile()), false);
  const names = new Set([...config.keys(), ...creds.keys()]);
  return [...names].sort().map((name) => {
    const c = config.get(name);
    return {
      name,
      region: c?.region,
      sso: !!c && ('sso_session' in c || 'sso_start_url' in c),
      source: [...(c ? ['config' as const] : []), ...(creds.has(name) ? ['credentials' as const] : [])],
    };
  });
}

export async function profileInfo(name: string): Promise<ProfileInfo | undefined> {
  return (await listProfiles()).find((p) => p.name === name);
}
