/** Debian Chromium for the browser tests (playwright-core never downloads a browser of its own). */
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_PATH } from '../requirements.js';

/** Flags for a closed network and a root user: without the background-networking ones Chromium keeps dialling out. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots kept as test artifacts (gitignored). */
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
