/**
 * `POST /api/parse {text}` → the Parse (Rasa /model/parse shape). The text is capped at what the
 * understander reads (MAX_INPUT_CHARS); who may call it is decided where the app is composed.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Understander } from '../ports/understander.js';
import type { HttpModule } from '../server/app.js';
import { readJson } from '../server/body.js';
import { ApiError } from '../server/errors.js';
import { MAX_INPUT_CHARS } from './text.js';

/** Room for MAX_INPUT_CHARS of Chinese text (3 bytes each in UTF-8) and JSON escapes. */
const MAX_BODY_BYTES = 128 * 1024;

const ParseRequest = z.object({ text: z.unknown() }).passthrough();

export function parseHttpModule(understander: Understander): HttpModule {
  return {
    name: 'nlu',
    mount(app: Hono) {
      app.post('/api/parse', async (c) => {
        const body = await readJson(c, z.unknown(), { maxBytes: MAX_BODY_BYTES, maxTokens: 1_000 });
        const request = ParseRequest.safeParse(body);
        if (!request.success || typeof request.data.text !== 'string') {
          throw new ApiError(400, 'invalid_text', 'expected a JSON body {"text": "<string>"}');
        }
        if (request.data.text.length > MAX_INPUT_CHARS) {
          throw new ApiError(413, 'text_too_long', `text is limited to ${MAX_INPUT_CHARS} characters`);
        }
        return c.json(await understander.parse(request.data.text));
      });
    },
  };
}
