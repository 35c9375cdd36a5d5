/**
 * Chooses the receipt reader: offline OCR in a worker thread (adapters/ocr) unless `OCR=off`.
 * When the optional OCR package is not installed the reader says so in one log line at its first
 * image and every receipt is stored unread.
 */
import { createOcrReader } from '../adapters/ocr/index.js';
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import { type ImageTextReader, noTextReader } from '../src/ports/image-text-reader.js';

export function createOcr(config: Config, log: Logger): ImageTextReader {
  if (config.OCR === 'off') {
    log.info('OCR off (OCR=off): payment receipts are stored but not read');
    return noTextReader;
  }
  return createOcrReader({ log: log.child({ module: 'ocr' }), timeoutMs: config.OCR_TIMEOUT_MS });
}
