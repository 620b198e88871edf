// A tiny PNG decoder (8-bit greyscale / RGB / RGBA / grey+alpha, non-interlaced: what Chromium's
// screenshots produce) and pixel statistics, so a test can tell a drawn timeline from a blank one
// without an image package.
import * as zlib from 'zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(buf: Buffer): Image {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let off = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = 0;
  let interlace = 0;
  const idat: Buffer[] = [];
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const body = buf.subarray(off + 8, off + 8 + len);
    off += 12 + len;
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      bitDepth = body[8];
      colorType = body[9];
      interlace = body[12];
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
  }
  if (bitDepth !== 8) throw new Error(`unsupported PNG bit depth ${bitDepth}`);
  if (interlace !== 0) throw new Error('interlaced PNG not supported');
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = new Uint8Array(stride);
  let prev = new Uint8Array(stride);
  const data = new Uint8Array(width * height * 4);
  let p = 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[p++];
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = raw[p++];
      switch (filter) {
        case 0:
          break;
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) >> 1;
          break;
        case 4: {
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter}`);
      }
      cur[x] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = x * channels;
      if (channels === 1 || channels === 2) {
        data[o] = data[o + 1] = data[o + 2] = cur[s];
        data[o + 3] = channels === 2 ? cur[s + 1] : 255;
      } else {
        data[o] = cur[s];
        data[o + 1] = cur[s + 1];
        data[o + 2] = cur[s + 2];
        data[o + 3] = channels === 4 ? cur[s + 3] : 255;
      }
    }
    prev = Uint8Array.from(cur);
  }
  return { width, height, data };
}

export interface PixelStats {
  pixels: number;
  /** The most frequent colour (the background, on a chart). */
  background: [number, number, number];
  /** Share of pixels that differ from the background by more than `tolerance` on some channel. */
  nonBackgroundRatio: number;
  /** Number of distinct colours (quantised to 5 bits a channel). */
  distinctColours: number;
  /** Standard deviation of luminance over all pixels. */
  lumaStdDev: number;
  /** Share of strongly coloured pixels (max - min channel > 64): bars, not greys, text or grid lines. */
  colouredRatio: number;
}

/** Statistics of RGBA pixels (alpha composited over black, as drawn). */
export function pixelStats(data: Uint8Array | Uint8ClampedArray, tolerance = 24): PixelStats {
  const n = Math.floor(data.length / 4);
  const counts = new Map<number, number>();
  let sum = 0;
  let sum2 = 0;
  const rgb = (i: number): [number, number, number] => {
    const a = data[i * 4 + 3] / 255;
    return [data[i * 4] * a, data[i * 4 + 1] * a, data[i * 4 + 2] * a];
  };
  for (let i = 0; i < n; i++) {
    const [r, g, b] = rgb(i);
    const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += l;
    sum2 += l * l;
  }
  let bgKey = 0;
  let bgCount = -1;
  for (const [k, c] of counts) if (c > bgCount) [bgKey, bgCount] = [k, c];
  const bg: [number, number, number] = [((bgKey >> 10) & 31) << 3, ((bgKey >> 5) & 31) << 3, (bgKey & 31) << 3];
  let diff = 0;
  let coloured = 0;
  for (let i = 0; i < n; i++) {
    const [r, g, b] = rgb(i);
    if (Math.max(r, g, b) - Math.min(r, g, b) > 64) coloured++;
    if (Math.abs(r - bg[0]) > tolerance || Math.abs(g - bg[1]) > tolerance || Math.abs(b - bg[2]) > tolerance) diff++;
  }
  const mean = n ? sum / n : 0;
  return {
    pixels: n,
    background: bg,
    nonBackgroundRatio: n ? diff / n : 0,
    distinctColours: counts.size,
    lumaStdDev: n ? Math.sqrt(Math.max(0, sum2 / n - mean * mean)) : 0,
    colouredRatio: n ? coloured / n : 0,
  };
}

export function pngStats(png: Buffer, tolerance?: number): PixelStats & { width: number; height: number } {
  const img = decodePng(png);
  return { ...pixelStats(img.data, tolerance), width: img.width, height: img.height };
}
