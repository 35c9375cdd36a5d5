/** Wiring of the understander: bots/refund definition, trained at start, optional LLM judge. */
import { resolve } from 'node:path';
import { createOpenAiJudge } from '../adapters/llm/scenario-judge.js';
import type { Config } from '../src/config/env.js';
import type { Logger } from '../src/core/log.js';
import { loadNluDefinition } from '../src/definition/nlu.js';
import { parseHttpModule } from '../src/nlu/http.js';
import { NluUnderstander } from '../src/nlu/understander.js';
import type { HttpModule } from '../src/server/app.js';

export const BOT_NAME = 'refund';

export function createUnderstander(
  config: Pick<Config, 'BOTS_DIR' | 'LLM_BASE_URL' | 'LLM_MODEL' | 'LLM_API_KEY'>,
  log?: Logger,
): NluUnderstander {
  const judge =
    config.LLM_BASE_URL && config.LLM_MODEL
      ? createOpenAiJudge({
          baseUrl: config.LLM_BASE_URL,
          model: config.LLM_MODEL,
          ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}),
        })
      : undefined;
  const understander = new NluUnderstander(loadNluDefinition(resolve(config.BOTS_DIR, BOT_NAME)), {
    ...(judge ? { judge } : {}),
    onJudgeError: (err) => log?.warn({ err }, 'LLM scenario judge failed; using the local classifier'),
  });
  log?.info(
    { trainingMs: Math.round(understander.trainingMs), llm: judge !== undefined },
    'scenario classifier trained',
  );
  return understander;
}

export function createNlu(config: Config, log: Logger): { understander: NluUnderstander; httpModules: HttpModule[] } {
  const understander = createUnderstander(config, log);
  return { understander, httpModules: [parseHttpModule(understander)] };
}
