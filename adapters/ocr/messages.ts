/** What the OCR worker thread (worker.js) sends back; validated, since it crosses a thread boundary. */
import { z } from 'zod';

const Line = z.object({
  text: z.string().max(2000),
  confidence: z.number().min(0).max(1).catch(0),
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
});

export const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), ms: z.number() }),
  z.object({ type: z.literal('unavailable'), missing: z.boolean(), message: z.string() }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    lines: z.array(Line).max(2000),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  z.object({
    type: z.literal('failed'),
    id: z.number().int(),
    reason: z.enum(['unreadable', 'failed']),
    message: z.string(),
  }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;

/** Passed to the worker as workerData. */
export interface WorkerOptions {
  moduleName: string;
  /** Images are scaled down to at most this many pixels before OCR... */
  maxPixels: number;
  /** ...and at most this wide. */
  maxWidth: number;
  /** Larger images are refused before decoding completes (decompression bombs). */
  maxInputPixels: number;
  /** onnxruntime intra-op threads. */
  threads: number;
}
