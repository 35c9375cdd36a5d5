/** Text normalisation shared by indexing and queries: one form for width, case and script. */
import * as OpenCC from 'opencc-js';

// Traditional → Simplified: Taiwan with phrases (軟體 → 软件, 網路 → 网络), then Hong Kong forms.
const fromTaiwan = OpenCC.Converter({ from: 'twp', to: 'cn' });
const fromHongKong = OpenCC.Converter({ from: 'hk', to: 'cn' });

/**
 * Variants OpenCC leaves alone because both forms are valid Simplified, but buyers write either
 * (帐 vs 账: 到帐, 帐号); folding them keeps one term per concept.
 */
const VARIANTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/帐/g, '账'],
  [/週/g, '周'],
  [/储值/g, '充值'],
];

const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/**
 * The characters OpenCC would change, found once by converting the CJK blocks character by
 * character: text without any of them (most Simplified text) skips the costly phrase conversion.
 */
let traditional: RegExp | undefined;
function traditionalPattern(): RegExp {
  if (traditional) return traditional;
  const chars: string[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
  const converted = fromHongKong(fromTaiwan(chars.join('\n'))).split('\n');
  // If a conversion ever changed the line count, the alignment is lost: convert all Han text then.
  const changed = chars.filter((ch, i) => converted[i] !== ch);
  traditional = converted.length === chars.length ? new RegExp(`[${changed.join('')}]`) : /[\u3400-\u9fff]/;
  return traditional;
}

/** NFKC (full-width → ASCII), lower case, Traditional → Simplified, variant folding. */
export function normalise(text: string): string {
  let out = text.normalize('NFKC').toLowerCase();
  if (hasHan(out)) {
    if (traditionalPattern().test(out)) out = fromHongKong(fromTaiwan(out));
    for (const [pattern, replacement] of VARIANTS) out = out.replace(pattern, replacement);
  }
  return out;
}
