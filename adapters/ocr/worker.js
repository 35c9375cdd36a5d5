// The OCR worker thread: loads the optional PaddleOCR package once, then reads one image per message.
// Plain JavaScript because worker threads do not inherit the TypeScript loader of the main thread;
// the main thread validates every message it gets back (adapters/ocr/messages.ts).
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ moduleName: string, maxPixels: number, maxWidth: number, maxInputPixels: number, threads: number }} */
const options = workerData;

let engine;
let sharp;
try {
  const started = performance.now();
  const [ocrModule, sharpModule] = await Promise.all([import(options.moduleName), import('sharp')]);
  sharp = sharpModule.default;
  sharp.concurrency(1);
  sharp.cache(false);
  engine = await ocrModule.default.create({
    onnxOptions: { intraOpNumThreads: options.threads, interOpNumThreads: 1, enableCpuMemArena: false },
  });
  parentPort.postMessage({ type: 'ready', ms: performance.now() - started });
} catch (err) {
  const missing = err && (err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND');
  parentPort.postMessage({ type: 'unavailable', missing: Boolean(missing), message: String(err?.message ?? err) });
}

if (engine) {
  parentPort.on('message', async (message) => {
    if (message?.type !== 'read') return;
    const { id, image } = message;
    try {
      const prepared = await prepare(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
      if (!prepared) {
        parentPort.postMessage({ type: 'failed', id, reason: 'unreadable', message: 'not a decodable image' });
        return;
      }
      const found = await engine.detect(prepared.png);
      const lines = found.map((line) => ({
        text: String(line.text),
        confidence: Number(line.mean),
        box: toBox(line.box),
      }));
      parentPort.postMessage({ type: 'result', id, lines, width: prepared.width, height: prepared.height });
    } catch (err) {
      const unreadable = /unsupported image format|Input (buffer|image)|pixel limit|corrupt/i.test(
        String(err?.message),
      );
      parentPort.postMessage({
        type: 'failed',
        id,
        reason: unreadable ? 'unreadable' : 'failed',
        message: String(err?.message ?? err).slice(0, 500),
      });
    }
  });
}

/**
 * Decodes with a pixel limit (decompression bombs stop here), applies EXIF rotation, scales down to
 * the reader's size bound, and turns dark-mode screenshots into dark text on a light ground, which
 * is what the recognition model was trained on.
 */
async function prepare(bytes) {
  const input = () => sharp(bytes, { limitInputPixels: options.maxInputPixels, failOn: 'error', animated: false });
  const meta = await input().metadata();
  if (!meta.width || !meta.height) return null;
  const rotated = (meta.orientation ?? 1) >= 5;
  const width = rotated ? meta.height : meta.width;
  const height = rotated ? meta.width : meta.height;
  const scale = Math.min(1, options.maxWidth / width, Math.sqrt(options.maxPixels / (width * height)));
  const target = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  const base = input().rotate().flatten({ background: '#ffffff' }).resize(target.width, target.height);
  const stats = await base.clone().greyscale().stats();
  const dark = stats.channels[0].mean < 110;
  const png = await (dark ? base.negate({ alpha: false }) : base).png({ compressionLevel: 1 }).toBuffer();
  return { png, ...target };
}

function toBox(points) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
