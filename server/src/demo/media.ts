/**
 * Small media files for the demo's evidence (issue 9 §10), made at load time so the repository
 * carries no binaries: a site photo with the case number and the capture time drawn on it, and a
 * short recording (a tone) standing in for an inquiry's audio. Chinese text needs a CJK font on the
 * machine (Debian fonts-noto-cjk, which CI installs); without one the glyphs show as boxes.
 */
import sharp from 'sharp';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A 1280×960 JPEG: a warehouse-like scene of plain shapes with a label of the case number, caption and time. */
export async function demoPhoto(opts: { caseNumber: string; caption: string; takenAt: string; hue: number }): Promise<Buffer> {
  const { caseNumber, caption, takenAt, hue } = opts;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="960">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="hsl(${hue},35%,78%)"/><stop offset="1" stop-color="hsl(${hue},25%,55%)"/></linearGradient></defs>
  <rect width="1280" height="960" fill="url(#sky)"/>
  <rect y="620" width="1280" height="340" fill="hsl(${(hue + 30) % 360},12%,38%)"/>
  <rect x="160" y="300" width="560" height="360" fill="hsl(${(hue + 200) % 360},18%,62%)" stroke="#333" stroke-width="4"/>
  <rect x="250" y="420" width="160" height="240" fill="#4a4a4a"/>
  <rect x="780" y="460" width="300" height="200" fill="hsl(${(hue + 90) % 360},30%,45%)" stroke="#222" stroke-width="3"/>
  <rect x="40" y="40" width="760" height="170" rx="10" fill="#ffffff" fill-opacity="0.88" stroke="#b71c1c" stroke-width="4"/>
  <text x="70" y="105" font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif" font-size="44" font-weight="700" fill="#b71c1c">${escapeXml(caseNumber)}</text>
  <text x="70" y="170" font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif" font-size="34" fill="#222">${escapeXml(caption)}</text>
  <text x="1240" y="920" text-anchor="end" font-family="DejaVu Sans Mono, monospace" font-size="36" fill="#ffeb3b">${escapeXml(takenAt)}</text>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

/** A mono 16-bit PCM WAV of `seconds` of a soft tone with a fade, standing in for a recording. */
export function demoTone(seconds = 3, frequency = 440, sampleRate = 8000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // PCM header size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const fade = Math.min(1, i / 400, (samples - i) / 400);
    wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * i) / sampleRate) * 8000 * fade), 44 + i * 2);
  }
  return wav;
}
