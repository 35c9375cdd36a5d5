/** The agent console as an HttpModule: pages under /agent, JSON under /api/agent. */
import type { HttpModule } from '../../server/app.js';
import type { ConsoleDeps } from '../deps.js';
import { consoleApi } from './api.js';
import { consoleContext, securityHeaders } from './context.js';
import { consoleUi } from './ui.js';

export function consoleModule(deps: ConsoleDeps, options: { allowedOrigins?: string[] } = {}): HttpModule {
  const allowed = options.allowedOrigins ?? [];
  return {
    name: 'agent-console',
    mount(app) {
      // '/agent/*' also matches '/agent' itself.
      for (const path of ['/agent/*', '/api/agent/*']) {
        app.use(path, securityHeaders);
        app.use(path, consoleContext(deps));
      }
      app.route('/agent', consoleUi(deps, allowed));
      app.route('/api/agent', consoleApi(deps, allowed));
    },
  };
}
