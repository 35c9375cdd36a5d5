/**
 * Offline OCR behind the ImageTextReader port: PaddleOCR PP-OCRv4 models (`@gutenye/ocr-node`, an
 * optional dependency) on onnxruntime, in one worker thread, off the event loop. Each image gets a
 * time limit (counted from the call, queueing included) and the worker a V8 heap limit; images are
 * scaled to a pixel bound before inference, which bounds the native memory and the inference time.
 *
 * A timed-out image answers `timeout` at once, but its worker is left to finish that image (its
 * result is dropped): terminating a worker while onnxruntime is inside a native run aborts the whole
 * process (onnxruntime-node 1.30). A crashed worker is replaced for the next image. When the package
 * is not installed, OCR turns off with one log line and every read answers `unavailable`.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../src/core/log.js';
import type { ImageTextReader, TextReadFailure, TextReading } from '../../src/ports/image-text-reader.js';
import { WorkerMessage, type WorkerOptions } from './messages.js';

export interface OcrReaderOptions {
  log: Logger;
  /** Per-image limit, from the call to the answer. */
  timeoutMs: number;
  /** onnxruntime threads (default 2). */
  threads?: number;
  /** Heap limit of the worker thread in MB (default 512). */
  memoryMb?: number;
  /** Images waiting at most (default 8); more answer `busy`. */
  queueLimit?: number;
  /** The worker is stopped after this long without work, freeing its memory (default 10 minutes). */
  idleMs?: number;
  maxPixels?: number;
  maxWidth?: number;
  maxInputPixels?: number;
  /** How long close() waits for an image in progress (default 30 s). */
  closeWaitMs?: number;
  /** The OCR package the worker imports; tests name a missing one to see OCR turn off. */
  moduleName?: string;
}

interface Job {
  id: number;
  /** Answered already (timed out); the worker is still busy with it. */
  abandoned: boolean;
  image: Uint8Array;
  started: number;
  resolve(reading: TextReading): void;
  timer: NodeJS.Timeout;
}

const OCR_PACKAGE = '@gutenye/ocr-node';

export function createOcrReader(options: OcrReaderOptions): ImageTextReader {
  const workerOptions: WorkerOptions = {
    moduleName: options.moduleName ?? OCR_PACKAGE,
    maxPixels: options.maxPixels ?? 1_600_000,
    maxWidth: options.maxWidth ?? 860,
    maxInputPixels: options.maxInputPixels ?? 40_000_000,
    threads: options.threads ?? 2,
  };
  const log = options.log;
  const queueLimit = options.queueLimit ?? 8;
  const idleMs = options.idleMs ?? 600_000;
  let off: string | null = null;
  let worker: Worker | null = null;
  let ready = false;
  let running: Job | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  const queue: Job[] = [];

  const elapsed = (job: Job) => Math.round(performance.now() - job.started);
  const settle = (job: Job, reading: TextReading) => {
    clearTimeout(job.timer);
    job.resolve(reading);
  };
  const fail = (job: Job, reason: TextReadFailure, message: string) =>
    settle(job, { ok: false, reason, message, ms: elapsed(job) });

  function stopWorker(): void {
    const w = worker;
    worker = null;
    ready = false;
    if (w) {
      w.removeAllListeners();
      w.on('error', () => {});
      void w.terminate();
    }
  }

  function turnOff(reason: string): void {
    off = reason;
    stopWorker();
    for (const job of queue.splice(0)) fail(job, 'unavailable', reason);
    if (running && !running.abandoned) fail(running, 'unavailable', reason);
    running = null;
  }

  function spawn(): void {
    const w = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: workerOptions,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb ?? 512, maxYoungGenerationSizeMb: 64 },
      stdout: false,
      stderr: false,
    });
    worker = w;
    w.on('message', (raw: unknown) => onMessage(raw));
    w.on('error', (err) => onCrash(err.message));
    w.on('exit', (code) => {
      if (worker === w) onCrash(`the OCR worker exited (code ${code})`);
    });
  }

  function onMessage(raw: unknown): void {
    const parsed = WorkerMessage.safeParse(raw);
    if (!parsed.success) {
      onCrash('the OCR worker sent a malformed message');
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      ready = true;
      log.debug({ initMs: Math.round(message.ms) }, 'OCR engine ready');
      pump();
      return;
    }
    if (message.type === 'unavailable') {
      const reason = message.missing
        ? `optional dependency ${workerOptions.moduleName} is not installed (npm install --include=optional turns OCR on)`
        : `the OCR engine could not start: ${message.message}`;
      log.warn(`OCR off: ${reason}; payment receipts are stored but not read`);
      turnOff(reason);
      return;
    }
    const job = running;
    if (!job || job.id !== message.id) return;
    running = null;
    if (job.abandoned) {
      pump();
      return;
    }
    if (message.type === 'result') {
      settle(job, { ok: true, lines: message.lines, width: message.width, height: message.height, ms: elapsed(job) });
    } else {
      fail(job, message.reason, message.message);
    }
    pump();
  }

  function onCrash(message: string): void {
    stopWorker();
    const job = running;
    running = null;
    if (job && !job.abandoned) fail(job, 'failed', message);
    log.warn({ err: message }, 'OCR worker stopped; a new one starts for the next image');
    pump();
  }

  function pump(): void {
    if (off || running) return;
    const job = queue.shift();
    if (!job) {
      armIdle();
      return;
    }
    if (idleTimer) clearTimeout(idleTimer);
    if (!worker) spawn();
    if (!ready) {
      queue.unshift(job);
      return;
    }
    running = job;
    const image = new Uint8Array(job.image);
    worker?.postMessage({ type: 'read', id: job.id, image }, [image.buffer]);
  }

  function armIdle(): void {
    if (idleTimer) clearTimeout(idleTimer);
    if (!worker) return;
    idleTimer = setTimeout(stopWorker, idleMs);
    idleTimer.unref();
  }

  function onTimeout(job: Job): void {
    const index = queue.indexOf(job);
    if (index >= 0) queue.splice(index, 1);
    job.abandoned = true;
    fail(job, 'timeout', `no result within ${options.timeoutMs} ms`);
  }

  return {
    read(image) {
      const started = performance.now();
      if (off) return Promise.resolve({ ok: false, reason: 'unavailable', message: off, ms: 0 });
      if (queue.length >= queueLimit) {
        return Promise.resolve({ ok: false, reason: 'busy', message: 'too many images waiting', ms: 0 });
      }
      return new Promise<TextReading>((resolve) => {
        const job: Job = {
          id: nextId++,
          abandoned: false,
          image,
          started,
          resolve,
          timer: setTimeout(() => onTimeout(job), options.timeoutMs),
        };
        queue.push(job);
        pump();
      });
    },
    /** Waits (at most closeWaitMs) for an image in progress, since terminating mid-run aborts the process. */
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      const until = performance.now() + (options.closeWaitMs ?? 30_000);
      while (running && worker && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
      turnOff('OCR reader closed');
    },
  };
}
