/** `POST /api/parse {text}` → the Parse of SPEC §2 (Rasa /model/parse shape). */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Understander } from '../ports/understander.js';
import type { HttpModule } from '../server/app.js';
import { readJson } from '../server/body.js';
import { ApiError } from '../server/errors.js';

const ParseRequest = z.object({ text: z.unknown() }).passthrough();

export function parseHttpModule(understander: Understander): HttpModule {
  return {
    name: 'nlu',
    mount(app: Hono) {
      app.post('/api/parse', async (c) => {
        const body = await readJson(c, z.unknown());
        const request = ParseRequest.safeParse(body);
        if (!request.success || typeof request.data.text !== 'string') {
          throw new ApiError(400, 'invalid_text', 'expected a JSON body {"text": "<string>"}');
        }
        return c.json(await understander.parse(request.data.text));
      });
    },
  };
}
