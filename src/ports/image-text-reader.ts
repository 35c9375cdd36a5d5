/**
 * Reads the text lines of an image (offline OCR). Implementation: adapters/ocr (PaddleOCR models on
 * onnxruntime, in a worker thread). Every outcome is data: a reader that cannot run (the optional
 * OCR package is not installed) answers `unavailable`, a slow image `timeout`, and so on.
 */

/** One line of text as the OCR saw it; the box is in pixels of the image as given. */
export interface TextLine {
  text: string;
  /** Mean character confidence, 0..1. */
  confidence: number;
  box: { x: number; y: number; width: number; height: number };
}

export type TextReadFailure =
  /** OCR is off (its optional dependency is missing or could not load). */
  | 'unavailable'
  /** The per-image time limit passed. */
  | 'timeout'
  /** Too many images waiting already. */
  | 'busy'
  /** Not an image the reader can decode, or over the pixel limit. */
  | 'unreadable'
  /** The engine failed (including running out of its memory bound); the reader restarts it. */
  | 'failed';

export type TextReading =
  | { ok: true; lines: TextLine[]; width: number; height: number; ms: number }
  | { ok: false; reason: TextReadFailure; message: string; ms: number };

export interface ImageTextReader {
  /** Resolves within the reader's per-image time limit, whatever happens to the image. */
  read(image: Uint8Array): Promise<TextReading>;
  close(): Promise<void>;
}

/** The reader used when OCR is off: every image is `unavailable`. */
export const noTextReader: ImageTextReader = {
  read: async () => ({ ok: false, reason: 'unavailable', message: 'OCR is off', ms: 0 }),
  close: async () => {},
};
