/** Bar charts as inline SVG: no script, no CDN, labels escaped like any other text. */
import { type Html, h } from '../html.js';

export interface Bar {
  label: string;
  value: number;
}

/** Horizontal bars, one row per label. */
export function barChart(bars: readonly Bar[], options: { width?: number; title: string }): Html {
  const width = options.width ?? 560;
  const labelWidth = 170;
  const row = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(row, bars.length * row) + 4;
  const scale = (width - labelWidth - 40) / max;
  return h`<svg role="img" aria-label="${options.title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
    ${bars.map(
      (b, i) => h`<g transform="translate(0 ${i * row})">
        <text x="${labelWidth - 6}" y="15" text-anchor="end">${b.label}</text>
        <rect x="${labelWidth}" y="3" width="${Math.max(1, Math.round(b.value * scale))}" height="16" fill="#54aeff"></rect>
        <text x="${labelWidth + Math.round(b.value * scale) + 6}" y="15">${b.value}</text>
      </g>`,
    )}
  </svg>`;
}

/** Vertical bars for a time series (one per day). */
export function columnChart(bars: readonly Bar[], options: { width?: number; title: string }): Html {
  const width = options.width ?? 560;
  const height = 180;
  const bottom = 30;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  const scale = (height - bottom - 16) / max;
  return h`<svg role="img" aria-label="${options.title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
    ${bars.map((b, i) => {
      const barHeight = Math.round(b.value * scale);
      const x = Math.round(i * slot + slot * 0.15);
      return h`<g>
        <rect x="${x}" y="${height - bottom - barHeight}" width="${Math.round(slot * 0.7)}" height="${barHeight}" fill="#4ac26b"></rect>
        <text x="${x + Math.round(slot * 0.35)}" y="${height - bottom - barHeight - 3}" text-anchor="middle">${b.value}</text>
        <text x="${x + Math.round(slot * 0.35)}" y="${height - 12}" text-anchor="middle">${b.label}</text>
      </g>`;
    })}
  </svg>`;
}
